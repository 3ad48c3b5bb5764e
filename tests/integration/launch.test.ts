/**
 * Launch, launch tickets, exit, the frontend reads and the admin registration API, over HTTP against the
 * emulator.
 */
import { Readable } from 'node:stream';
import type { Response } from 'supertest';
import { scorm12Single } from '../helpers/packages';
import { availableDatabases } from '../helpers/databases';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/eventually';
import { createApiToken, createLearner, grantRole, LEARNER_ACTIONS } from '../helpers/strapi';

const REG = 'plugin::scorm-cloud.registration' as any;
const COURSE = 'plugin::scorm-cloud.course' as any;
const RETURN_ORIGIN = 'https://learn.example.com';

describe.each(availableDatabases())('launch, exit and registration reads on %s', (database) => {
  let stack: Stack;
  let apiToken: string;
  const bodies: string[] = [];
  const seen = (res: Response) => {
    bodies.push(res.text ?? '', JSON.stringify(res.headers));
    return res;
  };
  const row = (registrationId: string) => stack.app.strapi.db.query(REG).findOne({ where: { registrationId } });

  async function readyCourse(courseId: string, data: Record<string, unknown> = {}) {
    const { token } = await stack.cloud.importCourseAsync(courseId, Readable.from([await scorm12Single(`Course ${courseId}`)]), {
      filename: `${courseId}.zip`,
    });
    await eventually(`the emulator to finish importing ${courseId}`, async () => {
      const result = await stack.cloud.getAsyncImportResult(token);
      if (result.status === 'error') throw new Error(`import of ${courseId} failed: ${result.error?.message}`);
      return result.status === 'finished';
    });
    return stack.app.strapi.documents(COURSE).create({ data: { courseId, title: `Course ${courseId}`, status: 'ready', launchable: true, ...data } });
  }

  async function assign(courseId: string, id: string) {
    const res = seen(
      await stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId, learner: { id, firstName: 'Ada', lastName: 'Lovelace' } }),
    );
    expect(res.status).toBe(201);
    return res.body.data.registrationId as string;
  }

  beforeAll(async () => {
    stack = await bootStack({
      database,
      pluginConfig: { launch: { allowedReturnOrigins: [RETURN_ORIGIN] }, registration: { exitRefreshIntervalSeconds: 60 } },
    });
    await grantRole(stack.app, 'authenticated', LEARNER_ACTIONS);
    apiToken = await createApiToken(stack.app);
    await readyCourse('golf');
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('assigns, then launches by redirect into the Cloud player with the exit route as redirecturl', async () => {
    const registrationId = await assign('golf', 'site-1');
    const res = seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${registrationId}/launch`).set('Authorization', `Bearer ${apiToken}`));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location);
    if (stack.apiVersion === 'v1') {
      // V1: a URL signed here, naming the exit route.
      expect(location.origin + location.pathname).toBe(stack.emulator.serviceUrl);
      expect(location.searchParams.get('method')).toBe('rustici.registration.launch');
      expect(location.searchParams.get('regid')).toBe(registrationId);
      expect(location.searchParams.get('redirecturl')).toMatch(new RegExp(`/api/scorm-cloud/registrations/${registrationId}/exit$`));
    } else {
      // V2: a link the Cloud minted at this request, which keeps the exit route to itself.
      expect(location.origin).toBe(stack.emulator.url);
      expect(location.pathname).toMatch(/^\/api\/cloud\/registration\/launch\/[0-9a-f-]{36}$/);
      const launches = await stack.control<{ log: Array<{ method: string; regid?: string }> }>(
        `calls?method=${encodeURIComponent('v2:POST /registrations/{registrationId}/launchLink')}&log=true`,
      );
      expect(launches.log.filter((c) => c.regid === registrationId)).toHaveLength(1);
    }
    expect(res.headers['cache-control']).toBe('no-store');
    const player = await fetch(res.headers.location, { redirect: 'manual' });
    expect(player.status).toBe(302);
    expect(player.headers.get('location')).toContain('/_player/');
    expect(await row(registrationId)).toMatchObject({ launchCount: 1 });
    expect((await row(registrationId)).lastLaunchedAt).toBeTruthy();
  });

  it('answers JSON with the signed URL when the request prefers JSON, and counts the launch', async () => {
    const registrationId = await assign('golf', 'site-2');
    const res = seen(
      await stack.app.http
        .get(`/api/scorm-cloud/registrations/${registrationId}/launch`)
        .set('Authorization', `Bearer ${apiToken}`)
        .set('Accept', 'application/json'),
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      url: expect.stringContaining(stack.apiVersion === 'v1' ? 'rustici.registration.launch' : '/api/cloud/registration/launch/'),
      expiresAt: expect.any(String),
      registrationId,
    });
    expect(new Date(res.body.data.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(await row(registrationId)).toMatchObject({ launchCount: 1 });
  });

  it("forbids launching or reading someone else's registration, and 404s an unknown one", async () => {
    const owner = await createLearner(stack.app);
    const other = await createLearner(stack.app);
    const mine = seen(
      await stack.app.http.get('/api/scorm-cloud/courses/golf/launch').set('Authorization', `Bearer ${owner.jwt}`).set('Accept', 'application/json'),
    );
    expect(mine.status).toBe(200);
    const id = mine.body.data.registrationId;
    expect(seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${id}/launch`).set('Authorization', `Bearer ${other.jwt}`)).status).toBe(403);
    expect(seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${id}`).set('Authorization', `Bearer ${other.jwt}`)).status).toBe(403);
    expect(seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${id}`).set('Authorization', `Bearer ${owner.jwt}`)).status).toBe(200);
    expect(seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${id}`).set('Authorization', `Bearer ${apiToken}`)).status).toBe(200);
    expect(seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${id}/launch`).set('Authorization', `Bearer ${owner.jwt}`)).status).toBe(302);
    expect(seen(await stack.app.http.get('/api/scorm-cloud/registrations/reg-nope/launch').set('Authorization', `Bearer ${owner.jwt}`)).status).toBe(404);
    expect(seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${id}/launch`)).status).toBe(403);
  });

  it('refuses a returnTo outside the allow-list with 400 and launches with an allowed one', async () => {
    const learner = await createLearner(stack.app);
    const bad = seen(
      await stack.app.http
        .get('/api/scorm-cloud/courses/golf/launch')
        .query({ returnTo: 'https://evil.example.net/x' })
        .set('Authorization', `Bearer ${learner.jwt}`),
    );
    expect(bad.status).toBe(400);
    // Refused before anything was created.
    expect(await stack.app.strapi.db.query(REG).count({ where: { userDocumentId: learner.user.documentId } })).toBe(0);
    const good = seen(
      await stack.app.http
        .get('/api/scorm-cloud/courses/golf/launch')
        .query({ returnTo: `${RETURN_ORIGIN}/courses/golf?done=1` })
        .set('Authorization', `Bearer ${learner.jwt}`),
    );
    expect(good.status).toBe(302);
    const { registrationId: id } = await stack.app.strapi.db.query(REG).findOne({ where: { userDocumentId: learner.user.documentId } });
    // The return address rides, signed, in the exit URL given to the Cloud (hardening-launch.test.ts
    // follows it); the bare exit route, which anyone can build from the ID, never leads there.
    const exit = seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${id}/exit`));
    expect(exit.status).toBe(200);
    expect(exit.text).toContain('close this window');
  });

  it('answers 409 for a course that is not ready or not launchable', async () => {
    await stack.app.strapi.documents(COURSE).create({ data: { courseId: 'importing', title: 'Importing', status: 'importing', launchable: true } });
    const hidden = await readyCourse('hidden');
    const learner = await createLearner(stack.app);
    const auth = { Authorization: `Bearer ${learner.jwt}` };
    const importing = seen(await stack.app.http.get('/api/scorm-cloud/courses/importing/launch').set(auth));
    // The whole answer, so that a failure shows the message.
    expect({ status: importing.status, error: importing.body.error }).toMatchObject({
      status: 409,
      error: { message: expect.stringContaining('cannot be launched yet') },
    });
    const registrationId = await assign('hidden', 'site-3');
    await stack.app.strapi.db.query(COURSE).update({ where: { documentId: hidden.documentId }, data: { launchable: false } });
    expect(seen(await stack.app.http.get('/api/scorm-cloud/courses/hidden/launch').set(auth)).status).toBe(409);
    expect(seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${registrationId}/launch`).set('Authorization', `Bearer ${apiToken}`)).status).toBe(
      409,
    );
    expect(seen(await stack.app.http.get('/api/scorm-cloud/courses/no-such-course/launch').set(auth)).status).toBe(404);
  });

  it('answers 409 in words for a registration whose course is gone, and records no launch', async () => {
    await readyCourse('orphaned');
    const registrationId = await assign('orphaned', 'site-orphan');
    await stack.app.strapi.db.query(REG).update({ where: { registrationId }, data: { course: null } });
    const refused = seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${registrationId}/launch`).set('Authorization', `Bearer ${apiToken}`));
    expect({ status: refused.status, message: refused.body.error?.message }).toEqual({ status: 409, message: 'This registration has no course any more.' });
    const row = await stack.app.strapi.db.query(REG).findOne({ where: { registrationId } });
    expect(row.launchCount ?? 0).toBe(0);
  });

  it('does not create lazily when registrations are created on assignment only', async () => {
    const config = stack.app.strapi.plugin('scorm-cloud').service('config').get();
    config.registration.createOn = 'assign';
    try {
      const learner = await createLearner(stack.app);
      const res = seen(await stack.app.http.get('/api/scorm-cloud/courses/golf/launch').set('Authorization', `Bearer ${learner.jwt}`));
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/not registered/);
    } finally {
      config.registration.createOn = 'launch';
    }
  });

  it('asks for at most one refresh per interval on exit, without delaying the redirect', async () => {
    const registrationId = await assign('golf', 'site-4');
    await stack.control('calls', undefined, 'DELETE');
    const first = seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${registrationId}/exit`));
    const requestedAt = (await row(registrationId)).lastRefreshRequestedAt;
    expect(requestedAt).toBeTruthy();
    const second = seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${registrationId}/exit`));
    // No return address and no default: the built-in page.
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(res.text).toContain('close this window');
    }
    expect((await row(registrationId)).lastRefreshRequestedAt).toEqual(requestedAt);
    // The refresh runs after the redirect: once its report is stored, the Cloud has been asked exactly once.
    await eventually('the exit refresh to store its report', async () => (await row(registrationId)).reportSource === 'refresh');
    expect(await stack.calls('getRegistrationResult')).toBe(1);
  });

  it('launches from a plain link with a single-use ticket', async () => {
    const learner = await createLearner(stack.app);
    const ticket = seen(
      await stack.app.http
        .post('/api/scorm-cloud/courses/golf/launch-ticket')
        .set('Authorization', `Bearer ${learner.jwt}`)
        .send({ returnTo: `${RETURN_ORIGIN}/back` }),
    );
    expect(ticket.status).toBe(200);
    const url = new URL(ticket.body.data.url);
    expect(url.pathname).toMatch(/^\/api\/scorm-cloud\/launch-tickets\//);
    const follow = seen(await stack.app.http.get(url.pathname + url.search));
    expect(follow.status).toBe(302);
    expect(follow.headers.location).toContain(stack.apiVersion === 'v1' ? 'rustici.registration.launch' : '/api/cloud/registration/launch/');
    expect((await row(ticket.body.data.registrationId)).returnUrl).toBe(`${RETURN_ORIGIN}/back`);
    expect(seen(await stack.app.http.get(url.pathname + url.search)).status).toBe(403);
    expect(seen(await stack.app.http.get(`/api/scorm-cloud/launch-tickets/${ticket.body.data.registrationId}.forged`)).status).toBe(403);
    const other = await createLearner(stack.app);
    expect(
      seen(
        await stack.app.http
          .post(`/api/scorm-cloud/registrations/${ticket.body.data.registrationId}/launch-ticket`)
          .set('Authorization', `Bearer ${other.jwt}`),
      ).status,
    ).toBe(403);
  });

  it("lists the current user's registrations with course title and effective results", async () => {
    const learner = await createLearner(stack.app);
    await readyCourse('second');
    for (const courseId of ['golf', 'second']) {
      expect(seen(await stack.app.http.post('/api/scorm-cloud/registrations').set('Authorization', `Bearer ${learner.jwt}`).send({ courseId })).status).toBe(
        201,
      );
    }
    const res = seen(await stack.app.http.get('/api/scorm-cloud/me/registrations').set('Authorization', `Bearer ${learner.jwt}`));
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.data.map((r: any) => r.course.title).sort()).toEqual(['Course golf', 'Course second']);
    expect(res.body.data[0]).toMatchObject({
      complete: 'unknown',
      success: 'unknown',
      score: null,
      overridden: { complete: false, success: false, score: false },
    });
    expect(res.body.data[0]).not.toHaveProperty('attemptKey');
    expect(res.body.data[0]).not.toHaveProperty('launchTicketHash');
  });

  it('serves the admin list, detail, assignment, reset and delete, each behind its RBAC action', async () => {
    const admin = await stack.app.superAdminToken();
    const auth = { Authorization: `Bearer ${admin}` };
    const created = seen(
      await stack.app.http
        .post('/scorm-cloud/registrations')
        .set(auth)
        .send({ courseId: 'golf', learner: { learnerId: 'hr-77', firstName: 'Grace', lastName: 'Hopper' } }),
    );
    expect(created.status).toBe(201);
    const id = created.body.data.registrationId;

    const list = seen(
      await stack.app.http.get('/scorm-cloud/registrations').query({ courseId: 'golf', q: 'hopper', sort: 'createdAt:desc', pageSize: 5 }).set(auth),
    );
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: any) => r.registrationId)).toEqual([id]);
    expect(list.body.meta.pagination).toMatchObject({ page: 1, pageSize: 5, total: 1 });
    expect(seen(await stack.app.http.get('/scorm-cloud/registrations').query({ sort: 'password:asc' }).set(auth)).status).toBe(400);
    expect(seen(await stack.app.http.get('/scorm-cloud/registrations').query({ complete: 'complete', courseId: 'golf' }).set(auth)).body.data).toEqual([]);

    expect(seen(await stack.app.http.get(`/scorm-cloud/registrations/${id}`).set(auth)).body.data).toMatchObject({ learnerId: 'hr-77' });

    await stack.control(`registrations/${id}/runtime`, { completion: 'completed', success: 'passed', score: 90, sessionTime: 60 });
    await stack.app.strapi.db.query(REG).update({
      where: { registrationId: id },
      data: {
        cloudComplete: 'complete',
        cloudSuccess: 'passed',
        cloudScore: 90,
        complete: 'complete',
        score: 90,
        overrideSuccess: 'failed',
        success: 'failed',
      } as any,
    });
    const reset = seen(await stack.app.http.post(`/scorm-cloud/registrations/${id}/reset`).set(auth));
    expect(reset.status).toBe(200);
    // The reset clears the override too: the learner starts over.
    expect(reset.body.data).toMatchObject({
      cloud: { complete: 'unknown', success: 'unknown', score: null },
      complete: 'unknown',
      success: 'unknown',
      overridden: { success: false },
    });

    const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read']);
    expect(seen(await stack.app.http.delete(`/scorm-cloud/registrations/${id}`).set('Authorization', `Bearer ${reader}`)).status).toBe(403);
    expect(seen(await stack.app.http.get('/scorm-cloud/registrations').set('Authorization', `Bearer ${reader}`)).status).toBe(200);

    expect(seen(await stack.app.http.delete(`/scorm-cloud/registrations/${id}`).set(auth)).status).toBe(204);
    expect(await row(id)).toBeNull();
    expect(await stack.cloud.registrationExists(id)).toBe(false);
    // Gone in the Cloud already: deleting the row that is left is still fine.
    const again = await assign('golf', 'site-5');
    await stack.cloud.deleteRegistration(again);
    expect(seen(await stack.app.http.delete(`/scorm-cloud/registrations/${again}`).set(auth)).status).toBe(204);
  });

  it('rate-limits the public exit route', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push(seen(await stack.app.http.get('/api/scorm-cloud/registrations/reg-rate/exit')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it('never puts the secret key in any response', async () => {
    // Its own launch and reads first, so that run alone it still has responses to look at.
    const registrationId = await assign('golf', 'site-secret');
    expect(
      seen(
        await stack.app.http
          .get(`/api/scorm-cloud/registrations/${registrationId}/launch`)
          .set('Authorization', `Bearer ${apiToken}`)
          .set('Accept', 'application/json'),
      ).status,
    ).toBe(200);
    expect(seen(await stack.app.http.get(`/api/scorm-cloud/registrations/${registrationId}`).set('Authorization', `Bearer ${apiToken}`)).status).toBe(200);
    expect(bodies.length).toBeGreaterThanOrEqual(6);
    expect(bodies.join('\n')).not.toContain(TEST_APP.secretKey);
  });
});
