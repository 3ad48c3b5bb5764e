/**
 * The settings page's postback test: SCORM Cloud is asked to send a test postback to the plugin's own
 * postback URL with the configured authentication and a one-time password, and the answer says whether it
 * arrived, in words. The test postback changes no registration and leaves nothing in the inbox.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { INBOX_UID, listen, POSTBACK_SECRET } from './results-fixtures';

describe.each(availableDatabases())('postback test (%s)', (database) => {
  let stack: Stack;
  let token: string;
  let url: string;
  const config = () => stack.app.strapi.plugin('scorm-cloud').service('config').get();
  const run = () => stack.app.request().post('/scorm-cloud/settings/test-postback').set('Authorization', `Bearer ${token}`);
  const testCalls = () => stack.calls('testRegistrationPostUrl');

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { postback: { secret: POSTBACK_SECRET }, poller: { enabled: false } } });
    url = await listen(stack);
    // The postback URL the Cloud is given is the one this Strapi listens on.
    config().publicUrl = url;
    token = await stack.app.adminTokenWith(['plugin::scorm-cloud.settings.read']);
    stack.app.strapi.plugin('scorm-cloud').service('settings').limits.arrivalWaitMs = 500;
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it.each(['form', 'httpbasic'] as const)('reports a test postback sent with %s authentication that arrived, and stores nothing', async (authType) => {
    config().postback.authType = authType;
    const inboxBefore = await stack.app.strapi.db.query(INBOX_UID).count({});
    const callsBefore = await testCalls();
    const res = await run();
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      url: `${url}/api/scorm-cloud/postback`,
      authType,
      delivered: true,
      arrived: true,
      arrivedAt: expect.any(String),
      message: expect.stringContaining('reached'),
    });
    expect(await testCalls()).toBe(callsBefore + 1);
    expect(await stack.app.strapi.db.query(INBOX_UID).count({})).toBe(inboxBefore);
    config().postback.authType = 'form';
  });

  it('says SCORM Cloud could not deliver to an address nothing answers, naming the address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    config().publicUrl = `http://127.0.0.1:${port}`;
    try {
      const res = await run();
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ delivered: false, arrived: false, arrivedAt: null });
      expect(res.body.data.message).toMatch(
        new RegExp(`SCORM Cloud refused to send a test postback.*Check that http://127\\.0\\.0\\.1:${port}/api/scorm-cloud/postback can be reached`),
      );
    } finally {
      config().publicUrl = url;
    }
  });

  it('says the test postback went elsewhere when something else at the address answers it', async () => {
    let hits = 0;
    const impostor: Server = createServer((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    config().publicUrl = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
    try {
      const res = await run();
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ delivered: true, arrived: false, message: expect.stringContaining('the plugin did not receive it') });
      expect(hits).toBe(1);
    } finally {
      config().publicUrl = url;
      await new Promise((resolve) => impostor.close(resolve));
    }
  });

  it('refuses with 409 when postbacks are off, and with 403 an admin who may not read the settings', async () => {
    config().postback.enabled = false;
    try {
      const res = await run();
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/Postbacks are off \(postback\.enabled is false\)/);
    } finally {
      config().postback.enabled = true;
    }
    const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.courses.read']);
    expect((await stack.app.request().post('/scorm-cloud/settings/test-postback').set('Authorization', `Bearer ${reader}`)).status).toBe(403);
  });

  it('warns on the settings page of a postback URL the real SCORM Cloud cannot reach, and of plain HTTP outside development', async () => {
    const settings = async () => (await stack.app.request().get('/scorm-cloud/settings').set('Authorization', `Bearer ${token}`)).body.data.postback;
    const environment = stack.app.strapi.config.get('environment');
    // Against the emulator on this machine, this machine is reachable.
    const local = await settings();
    expect(local.warnings.filter((w: string) => /cannot reach/.test(w))).toEqual([]);
    expect(local.warnings.some((w: string) => /plain HTTP/.test(w))).toBe(environment !== 'development');
    const serviceUrl = config().serviceUrl;
    config().serviceUrl = 'https://cloud.scorm.com/api/v2';
    try {
      expect((await settings()).warnings).toEqual(expect.arrayContaining([expect.stringContaining(`SCORM Cloud cannot reach ${url}`)]));
    } finally {
      config().serviceUrl = serviceUrl;
    }
  });
});
