import { eventually } from '../helpers/eventually';
/**
 * The learner journey end to end, each step over HTTP: a site backend assigns a course (content API, API
 * token), launches it (302 into the emulator's player), the learner's work is driven through the
 * emulator's test controls, the emulator's postback reaches Strapi, and the site reads the effective
 * result back from Strapi.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { scorm12Single } from '../helpers/packages';
import { availableDatabases } from '../helpers/databases';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { createApiToken } from '../helpers/strapi';
import { COURSE_UID, INBOX_UID, POSTBACK_SECRET } from './results-fixtures';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

describe.each(availableDatabases())('learner journey (%s)', (database) => {
  let stack: Stack;
  let apiToken: string;

  beforeAll(async () => {
    // Strapi listens on a port chosen up front so the postback URL given to the Cloud at assignment is real.
    const port = await freePort();
    stack = await bootStack({
      database,
      pluginConfig: { publicUrl: `http://127.0.0.1:${port}`, postback: { secret: POSTBACK_SECRET }, poller: { enabled: false } },
    });
    await new Promise<void>((resolve) => stack.app.strapi.server.httpServer.listen(port, '127.0.0.1', resolve));
    apiToken = await createApiToken(stack.app);
    const { token } = await stack.cloud.importCourseAsync('journey', Readable.from([await scorm12Single('Journey')]), { filename: 'journey.zip' });
    await eventually('the Cloud import of journey to finish', async () => (await stack.cloud.getAsyncImportResult(token)).status === 'finished');
    await stack.app.strapi.documents(COURSE_UID).create({ data: { courseId: 'journey', title: 'Journey', status: 'ready', launchable: true } });
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('assign → launch → learn → postback → read the effective result', async () => {
    const auth = { Authorization: `Bearer ${apiToken}` };
    const assigned = await stack.app
      .request()
      .post('/api/scorm-cloud/registrations')
      .set(auth)
      .send({ courseId: 'journey', learner: { id: 'site-learner-1', firstName: 'Grace', lastName: 'Hopper' } });
    expect(assigned.status).toBe(201);
    const registrationId = assigned.body.data.registrationId as string;

    const launch = await stack.app.request().get(`/api/scorm-cloud/registrations/${registrationId}/launch`).set(auth);
    expect(launch.status).toBe(302);
    const player = await fetch(launch.headers.location, { redirect: 'manual' });
    expect(player.status).toBe(302);
    expect(player.headers.get('location')).toContain('/_player/');

    const before = await stack.app.request().get(`/api/scorm-cloud/registrations/${registrationId}`).set(auth);
    expect(before.body.data).toMatchObject({ complete: 'unknown', success: 'unknown', score: null });

    await stack.control(`registrations/${registrationId}/runtime`, { completion: 'incomplete', sessionTime: 120, score: 40 });
    await stack.control(`registrations/${registrationId}/runtime`, { completion: 'completed', success: 'passed', sessionTime: 300, score: 92 });
    await eventually('the postback in the inbox', async () => {
      const rows = await stack.app.strapi.db.query(INBOX_UID).findMany({ where: { registrationId } });
      return rows.length >= 2 && rows.every((r: any) => r.outcome !== 'received');
    });

    const after = await stack.app.request().get(`/api/scorm-cloud/registrations/${registrationId}`).set(auth);
    expect(after.status).toBe(200);
    expect(after.body.data).toMatchObject({
      registrationId,
      complete: 'complete',
      success: 'passed',
      score: 92,
      totalTime: 420,
      overridden: { complete: false, success: false, score: false },
      cloud: { reportSource: 'postback' },
    });
    const text = JSON.stringify(after.body);
    expect(text).not.toContain(TEST_APP.secretKey);
    expect(text).not.toContain(POSTBACK_SECRET);

    const delivered = await stack.control<{ delivered: Array<{ lastStatus: number }> }>(`postbacks?regId=${registrationId}`);
    expect(delivered.delivered.length).toBeGreaterThanOrEqual(2);
    expect(delivered.delivered.every((d) => d.lastStatus === 200)).toBe(true);
  });
});
