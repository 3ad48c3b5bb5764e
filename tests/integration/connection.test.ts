import { itOn } from '../helpers/api-version';
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

  it('reports a clock 20 minutes off: fatal to V1 signatures, only shown on V2', async () => {
    await stack.control('clock', { offsetSeconds: 20 * 60 });
    try {
      const token = await stack.app.superAdminToken();
      const res = await stack.app.http.post('/scorm-cloud/settings/test-connection').set('Authorization', `Bearer ${token}`);
      if (stack.apiVersion === 'v1') {
        expect(res.body.data.ok).toBe(false);
        expect(res.body.data.error).toMatchObject({ name: 'CloudClockSkewError' });
      } else {
        // V2 calls are not signed with a timestamp: the offset is informative, the connection is fine.
        expect(res.body.data).toMatchObject({ ok: true, authenticated: true });
        expect(Math.abs(res.body.data.clockOffsetSeconds - 20 * 60)).toBeLessThanOrEqual(2);
      }
    } finally {
      await stack.control('clock', { offsetSeconds: 0 });
    }
  });

  itOn('v1')('says that the account must use V2 when V1 answers error 300', async () => {
    await stack.control('faults', { method: 'authPing', type: 'v1Refused' });
    const token = await stack.app.superAdminToken();
    const res = await stack.app.http.post('/scorm-cloud/settings/test-connection').set('Authorization', `Bearer ${token}`);
    expect(res.body.data).toMatchObject({ ok: false, authenticated: false, error: { code: 300 } });
    expect(res.body.data.error.message).toContain('apiVersion: "v2"');
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
