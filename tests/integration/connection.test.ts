import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { createApiToken, createLearner } from '../helpers/strapi';

describe('settings connection test against the emulator', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await bootStack();
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('authenticates and measures the clock offset', async () => {
    const token = await stack.app.superAdminToken();
    const res = await stack.app.http.post('/scorm-cloud/settings/test-connection').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ ok: true, authenticated: true });
    expect(Math.abs(res.body.data.clockOffsetSeconds)).toBeLessThanOrEqual(2);
    expect(JSON.stringify(res.body)).not.toContain(TEST_APP.secretKey);
  });

  it('reports a clock the Cloud considers 20 minutes off as not ok, with the offset', async () => {
    await stack.control('clock', { offsetSeconds: 20 * 60 });
    try {
      const token = await stack.app.superAdminToken();
      const res = await stack.app.http.post('/scorm-cloud/settings/test-connection').set('Authorization', `Bearer ${token}`);
      expect(res.body.data.ok).toBe(false);
      expect(res.body.data.error).toMatchObject({ name: 'CloudClockSkewError' });
    } finally {
      await stack.control('clock', { offsetSeconds: 0 });
    }
  });

  it('reports wrong credentials as an authentication failure', async () => {
    const { CloudClient } = await import('../../server/src/cloud');
    const bad = new CloudClient({ appId: TEST_APP.appId, secretKey: 'wrong', serviceUrl: stack.emulator.serviceUrl });
    await expect(bad.authPing()).rejects.toMatchObject({ name: 'CloudAuthError', code: 104 });
  });

  it('provides learners and API tokens to the content-API tests', async () => {
    const learner = await createLearner(stack.app);
    expect(learner.jwt).toEqual(expect.any(String));
    expect(await createApiToken(stack.app)).toEqual(expect.any(String));
  });
});
