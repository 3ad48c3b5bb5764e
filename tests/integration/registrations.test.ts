/**
 * Registration creation on every available database: one transaction around the row and the Cloud call,
 * one registration for concurrent first launches, nothing left behind when the Cloud refuses or times out.
 */
import { Readable } from 'node:stream';
import type { Response } from 'supertest';
import { scorm12Single } from '../helpers/packages';
import { availableDatabases } from '../helpers/databases';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/eventually';
import { createApiToken, createLearner, grantRole, pluginActions } from '../helpers/strapi';
import { postbackPassword, postbackSecret } from '../../server/src/postbacks/credentials';

const REG = 'plugin::scorm-cloud.registration' as any;
const COURSE = 'plugin::scorm-cloud.course' as any;
const LEARNER_ACTIONS = pluginActions(
  'learner-registrations.create',
  'learner-registrations.me',
  'learner-registrations.findOne',
  'launches.course',
  'launches.registration',
);

async function readyCourse(stack: Stack, courseId: string, options: { inCloud?: boolean } = {}) {
  if (options.inCloud !== false) {
    const { token } = await stack.cloud.importCourseAsync(courseId, Readable.from([await scorm12Single(`Course ${courseId}`)]), {
      filename: `${courseId}.zip`,
    });
    await eventually(`the emulator to finish importing ${courseId}`, async () => {
      const result = await stack.cloud.getAsyncImportResult(token);
      if (result.status === 'error') throw new Error(`import of ${courseId} failed: ${result.error?.message}`);
      return result.status === 'finished';
    });
  }
  await stack.app.strapi.documents(COURSE).create({ data: { courseId, title: `Course ${courseId}`, status: 'ready', launchable: true } });
}

describe.each(availableDatabases())('registration creation on %s', (database) => {
  let stack: Stack;
  let apiToken: string;
  const bodies: string[] = [];
  /** Every response body is kept, to prove no secret ever leaves the server. */
  const seen = (res: Response) => {
    bodies.push(res.text ?? '', JSON.stringify(res.headers));
    return res;
  };
  const rows = (where: Record<string, unknown>) => stack.app.strapi.db.query(REG).findMany({ where });
  const createCalls = () => stack.calls('createRegistration');

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { requestTimeoutMs: 1500, retries: 0, registration: { createOn: 'launch' } } });
    await grantRole(stack.app, 'authenticated', LEARNER_ACTIONS);
    apiToken = await createApiToken(stack.app);
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('assigns a course through an API token and creates it in the Cloud with postback credentials', async () => {
    await readyCourse(stack, 'c-assign');
    const res = seen(
      await stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId: 'c-assign', learner: { id: 'site-42', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ learnerId: 'x-site-42', cloudStatus: 'active', course: { courseId: 'c-assign' }, attempt: 1, launchCount: 0 });
    expect(res.body.data.registrationId).toMatch(/^[A-Za-z0-9._-]{1,255}$/);
    const inCloud = await stack.control(`registrations/${res.body.data.registrationId}`);
    expect(JSON.stringify(inCloud)).toContain('x-site-42');
    const info = await stack.cloud.getPostbackInfo(res.body.data.registrationId);
    expect(info.url).toMatch(/\/api\/scorm-cloud\/postback$/);

    // The same assignment again answers the existing registration instead of a second one.
    const again = seen(
      await stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId: 'c-assign', learner: { id: 'site-42', firstName: 'Ada', lastName: 'Lovelace' } }),
    );
    expect(again.status).toBe(200);
    expect(again.body.data.registrationId).toBe(res.body.data.registrationId);
  });

  it('refuses a learner ID that is an e-mail address', async () => {
    const res = seen(
      await stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId: 'c-assign', learner: { id: 'ada@example.com', firstName: 'Ada', lastName: 'L' } }),
    );
    expect(res.status).toBe(400);
  });

  it('creates one registration when the same learner launches twenty times at once', async () => {
    await readyCourse(stack, 'c-concurrent');
    const learner = await createLearner(stack.app);
    await stack.control('calls', undefined, 'DELETE');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        stack.app.request().get('/api/scorm-cloud/courses/c-concurrent/launch').set('Authorization', `Bearer ${learner.jwt}`).set('Accept', 'application/json'),
      ),
    );
    answers.forEach(seen);
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((r) => r.body.data.registrationId)).size).toBe(1);
    const local = await rows({ learnerId: `u-${learner.user.documentId}` });
    expect(local).toHaveLength(1);
    expect(local[0]).toMatchObject({ cloudStatus: 'active', userDocumentId: learner.user.documentId, launchCount: 20 });
    const cloud = await stack.cloud.getRegistrationList({ courseId: 'c-concurrent' });
    expect(cloud).toHaveLength(1);
    expect(await createCalls()).toBe(1);
  });

  it('leaves no row and gives the Cloud reason when the Cloud refuses createRegistration', async () => {
    await readyCourse(stack, 'c-missing-in-cloud', { inCloud: false });
    const res = seen(
      await stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId: 'c-missing-in-cloud', learner: { id: 'site-7', firstName: 'Bo', lastName: 'Bo' } }),
    );
    expect(res.status).toBe(502);
    // The Cloud's own code: V1's generic error 1, V2's HTTP 404 ("Could not find course").
    expect(res.body.error.details).toMatchObject({ code: 'CLOUD_ERROR', cloudCode: stack.apiVersion === 'v1' ? 1 : 404 });
    expect(res.body.error.message).toMatch(/SCORM Cloud refused/);
    expect(await rows({ learnerId: 'x-site-7' })).toHaveLength(0);
  });

  it('leaves no row when the Cloud answers 5xx, and a retry then succeeds', async () => {
    await readyCourse(stack, 'c-5xx');
    await stack.fault('createRegistration', { type: 'http5xx' });
    const send = () =>
      stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId: 'c-5xx', learner: { id: 'site-8', firstName: 'Cy', lastName: 'Cy' } });
    const res = seen(await send());
    // Unreachable is 503 (try again), a refusal 502.
    expect(res.status).toBe(503);
    expect(res.body.error.details.cloudUnavailable).toBe(true);
    expect(await rows({ learnerId: 'x-site-8' })).toHaveLength(0);
    expect(seen(await send()).status).toBe(201);
    expect(await rows({ learnerId: 'x-site-8' })).toHaveLength(1);
  });

  // The emulator's V2 handler sleeps out a `slow` fault before it reads the request body; once the plugin
  // has given up, the socket is closed, reading the body fails ("aborted") and the registration is never
  // created, so on V2 this premise cannot be set up (V1 reads the parameters before the fault).
  it('succeeds on retry with one registration when the Cloud created it but answered too late', async () => {
    await readyCourse(stack, 'c-slow');
    await stack.fault('createRegistration', { type: 'slow', delayMs: 2500 });
    const send = () =>
      stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId: 'c-slow', learner: { id: 'site-9', firstName: 'Di', lastName: 'Di' } });
    const first = seen(await send());
    expect(first.status).toBe(503);
    expect(await rows({ learnerId: 'x-site-9' })).toHaveLength(0);
    // Let the emulator finish the creation it was still working on when our client gave up.
    await eventually(
      "the emulator to finish the slow creation of c-slow's registration",
      async () => (await stack.cloud.getRegistrationList({ courseId: 'c-slow' })).length === 1,
      {
        timeoutMs: 5_000,
      },
    );
    const retry = seen(await send());
    expect(retry.status).toBe(201);
    expect(await rows({ learnerId: 'x-site-9' })).toHaveLength(1);
    expect(await stack.cloud.getRegistrationList({ courseId: 'c-slow' })).toHaveLength(1);
  });

  it('registers a users-permissions user as themself whatever learner the body names', async () => {
    await readyCourse(stack, 'c-self');
    const learner = await createLearner(stack.app);
    const res = seen(
      await stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${learner.jwt}`)
        .send({ courseId: 'c-self', learner: { id: 'victim', userDocumentId: 'someone-else', firstName: 'Vic', lastName: 'Tim' } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ learnerId: `u-${learner.user.documentId}`, userDocumentId: learner.user.documentId });
    expect(await rows({ learnerId: 'x-victim' })).toHaveLength(0);
    expect(await rows({ userDocumentId: 'someone-else' })).toHaveLength(0);
  });

  it('never puts the secret key or a postback password in a response', async () => {
    // A registration of its own first, so that run alone it still has a response and a password to look for.
    await readyCourse(stack, 'c-secret');
    const created = seen(
      await stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId: 'c-secret', learner: { id: 'site-secret', firstName: 'Sam', lastName: 'Sam' } }),
    );
    expect(created.status).toBe(201);
    const config = stack.app.strapi.plugin('scorm-cloud').service('config').get();
    const all = bodies.join('\n');
    expect(all).toContain(created.body.data.registrationId);
    expect(all).not.toContain(TEST_APP.secretKey);
    expect(all).not.toContain(postbackSecret(config));
    const registrations = await rows({});
    expect(registrations.map((r: { registrationId: string }) => r.registrationId)).toContain(created.body.data.registrationId);
    for (const row of registrations) expect(all).not.toContain(postbackPassword(postbackSecret(config), row.registrationId));
  });
});
