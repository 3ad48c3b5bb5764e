import { eventually } from '../helpers/eventually';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableDatabases } from '../helpers/databases';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { POSTBACK_SECRET, REG_UID, listen, postReport, registrationRow, report, seedCourse, seedRegistration } from './results-fixtures';

const REFRESH = 'plugin::scorm-cloud.registrations.refresh';

describe.each(availableDatabases())('refresh, reconcile and events (%s)', (database) => {
  let stack: Stack;
  let course: { id: number; courseId: string };
  let seq = 0;
  const newRegistration = async (row: Record<string, unknown> = {}) => {
    const registrationId = `rs-${database}-${++seq}`;
    await seedRegistration(stack, { registrationId, course, row });
    return registrationId;
  };
  const results = () => stack.app.strapi.plugin('scorm-cloud').service('results');

  beforeAll(async () => {
    stack = await bootStack({
      database,
      pluginConfig: { postback: { secret: POSTBACK_SECRET }, poller: { enabled: false, reconcile: { delayMinutes: 15, windowHours: 48, concurrency: 2 } } },
    });
    course = await seedCourse(stack, `course-rs-${database}`);
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('refreshes one registration from the Cloud (registrations.refresh)', async () => {
    const regId = await newRegistration();
    await stack.control(`registrations/${regId}/runtime`, { completion: 'completed', success: 'passed', score: 77, sessionTime: 42 });
    const denied = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read']);
    expect((await stack.app.request().post(`/scorm-cloud/registrations/${regId}/refresh`).set('Authorization', `Bearer ${denied}`)).status).toBe(403);
    const token = await stack.app.adminTokenWith([REFRESH]);
    const res = await stack.app.request().post(`/scorm-cloud/registrations/${regId}/refresh`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ registrationId: regId, complete: 'complete', success: 'passed', score: 77 });
    expect(await registrationRow(stack, regId)).toMatchObject({ reportSource: 'refresh', cloudTotalTime: 42 });
    expect(JSON.stringify(res.body)).not.toContain(TEST_APP.secretKey);
    expect(JSON.stringify(res.body)).not.toContain(POSTBACK_SECRET);
  });

  it('answers 404 for an unknown registration and 502 when the Cloud fails', async () => {
    const token = await stack.app.adminTokenWith([REFRESH]);
    expect((await stack.app.request().post('/scorm-cloud/registrations/nope/refresh').set('Authorization', `Bearer ${token}`)).status).toBe(404);
    const regId = await newRegistration();
    await stack.fault('getRegistrationResult', { type: 'malformedXml', count: 'all' });
    try {
      const res = await stack.app.request().post(`/scorm-cloud/registrations/${regId}/refresh`).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain(regId);
    } finally {
      await stack.control('faults', undefined, 'DELETE');
    }
  });

  it('refreshes a course’s registrations as a job the admin polls', async () => {
    const other = await seedCourse(stack, `course-bulk-${database}`);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const registrationId = `bulk-${database}-${i}`;
      await seedRegistration(stack, { registrationId, course: other });
      await stack.control(`registrations/${registrationId}/runtime`, { completion: 'completed', sessionTime: 10 + i });
      ids.push(registrationId);
    }
    const token = await stack.app.adminTokenWith([REFRESH]);
    const start = await stack.app.request().post(`/scorm-cloud/courses/${other.courseId}/refresh-registrations`).set('Authorization', `Bearer ${token}`);
    expect(start.status).toBe(202);
    expect(start.body.data).toMatchObject({ courseId: other.courseId, total: 5, status: 'running' });
    let job: any;
    await eventually('the refresh job to end', async () => {
      job = (await stack.app.request().get(`/scorm-cloud/refresh-jobs/${start.body.data.id}`).set('Authorization', `Bearer ${token}`)).body.data;
      return job.status === 'finished';
    });
    expect(job).toMatchObject({ total: 5, done: 5, failed: 0 });
    for (const [i, id] of ids.entries()) expect(await registrationRow(stack, id)).toMatchObject({ complete: 'complete', cloudTotalTime: 10 + i });
    expect((await stack.app.request().post('/scorm-cloud/courses/none/refresh-registrations').set('Authorization', `Bearer ${token}`)).status).toBe(404);
  });

  it('resumes a refresh job whose instance stopped from the last batch it wrote, and answers 404 for an unknown job', async () => {
    const other = await seedCourse(stack, `course-resume-${database}`);
    const rows: Array<{ id: number; registrationId: string }> = [];
    for (let i = 0; i < 5; i++) {
      const registrationId = `resume-${database}-${i}`;
      const row = await seedRegistration(stack, { registrationId, course: other });
      await stack.control(`registrations/${registrationId}/runtime`, { completion: 'completed', sessionTime: 20 + i });
      rows.push({ id: Number(row.id), registrationId });
    }
    // As an instance that died after writing its first batch (two registrations) leaves it.
    const jobId = '0f6b3c9e-1d2a-4c5b-8e7f-9a0b1c2d3e4f';
    const startedAt = new Date(Date.now() - 10 * 60_000);
    await stack.app.strapi.db.query('plugin::scorm-cloud.refresh-job' as any).create({
      data: {
        jobId,
        courseId: other.courseId,
        state: 'running',
        total: 5,
        done: 2,
        applied: 2,
        cursor: rows[1]!.id,
        lastRowId: rows[4]!.id,
        failures: [],
        startedAt,
        leaseOwner: 'stopped-instance',
        leaseUntil: new Date(Date.now() - 60_000),
      },
    });
    const token = await stack.app.adminTokenWith([REFRESH]);
    const read = async () => (await stack.app.request().get(`/scorm-cloud/refresh-jobs/${jobId}`).set('Authorization', `Bearer ${token}`)).body.data;
    expect(await read()).toMatchObject({ id: jobId, status: 'running', done: 2, total: 5 });
    const logged = async () =>
      (
        await stack.control<{ log: Array<{ regid?: string }> }>(
          `calls?method=${encodeURIComponent(stack.apiVersion === 'v2' ? 'v2:GET /registrations/{registrationId}' : 'getRegistrationResult')}&log=true`,
        )
      ).log.map((c) => c.regid);
    const callsBefore = await logged();

    const jobsService = stack.app.strapi.plugin('scorm-cloud').service('refreshJobs');
    expect(await jobsService.resumeAbandoned()).toEqual([jobId]);
    await jobsService.idle();

    expect(await read()).toMatchObject({ status: 'finished', total: 5, done: 5, applied: 5, failed: 0, finishedAt: expect.any(String) });
    // Only the three the stopped instance had not written were asked for, once each.
    const asked = (await logged()).slice(callsBefore.length);
    expect(asked.sort()).toEqual(rows.slice(2).map((r) => r.registrationId));
    for (const [i, r] of rows.entries()) expect((await registrationRow(stack, r.registrationId)).reportSource).toBe(i < 2 ? null : 'refresh');
    // A finished job is not taken over again.
    expect(await jobsService.resumeAbandoned()).toEqual([]);

    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-job', `${'x'.repeat(300)}`]) {
      const res = await stack.app.request().get(`/scorm-cloud/refresh-jobs/${id}`).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/no refresh job/);
    }
  });

  it('answers the job already running for a course instead of starting a second one', async () => {
    const other = await seedCourse(stack, `course-once-${database}`);
    for (let i = 0; i < 2; i++) await seedRegistration(stack, { registrationId: `once-${database}-${i}`, course: other });
    const token = await stack.app.adminTokenWith([REFRESH]);
    await stack.fault('getRegistrationResult', { type: 'slow', count: 'all', delayMs: 400 });
    try {
      const first = await stack.app.request().post(`/scorm-cloud/courses/${other.courseId}/refresh-registrations`).set('Authorization', `Bearer ${token}`);
      const second = await stack.app.request().post(`/scorm-cloud/courses/${other.courseId}/refresh-registrations`).set('Authorization', `Bearer ${token}`);
      expect([first.status, second.status]).toEqual([202, 202]);
      expect(second.body.data.id).toBe(first.body.data.id);
      await stack.app.strapi.plugin('scorm-cloud').service('refreshJobs').idle();
    } finally {
      await stack.control('faults', undefined, 'DELETE');
    }
  });

  it('reconciles exactly the registrations launched recently that have not reported since', async () => {
    const now = new Date();
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
    const due1 = await newRegistration({ lastLaunchedAt: minutesAgo(30), reportedAt: null });
    const due2 = await newRegistration({ lastLaunchedAt: minutesAgo(60), reportedAt: minutesAgo(90) });
    const tooSoon = await newRegistration({ lastLaunchedAt: minutesAgo(5), reportedAt: null });
    const reported = await newRegistration({ lastLaunchedAt: minutesAgo(60), reportedAt: minutesAgo(30) });
    const tooOld = await newRegistration({ lastLaunchedAt: minutesAgo(49 * 60), reportedAt: null });
    const neverLaunched = await newRegistration({ lastLaunchedAt: null });
    const leased = await newRegistration({ lastLaunchedAt: minutesAgo(30), lastRefreshRequestedAt: minutesAgo(0.5) });
    const all = [due1, due2, tooSoon, reported, tooOld, neverLaunched, leased];
    for (const id of all) await stack.control(`registrations/${id}/runtime`, { completion: 'completed', sessionTime: 5 });

    const due = (await results().findDueForReconcile(now)).map((r: any) => r.registrationId).filter((id: string) => all.includes(id));
    expect(due.sort()).toEqual([due1, due2].sort());

    const outcome = await results().reconcile(now);
    expect(outcome.refreshed).toBeGreaterThanOrEqual(2);
    for (const id of [due1, due2]) expect(await registrationRow(stack, id)).toMatchObject({ reportSource: 'reconcile', complete: 'complete' });
    for (const id of [tooSoon, reported, tooOld, neverLaunched, leased]) expect((await registrationRow(stack, id)).reportSource).not.toBe('reconcile');
    // Claimed and reported: the next round finds nothing to do for them.
    const again = (await results().findDueForReconcile(now)).map((r: any) => r.registrationId);
    expect(again).not.toContain(due1);
  });

  it('lets only one of two concurrent reconcilers claim a registration', async () => {
    const now = new Date();
    const id = await newRegistration({ lastLaunchedAt: new Date(now.getTime() - 30 * 60_000) });
    await stack.control('calls', undefined, 'DELETE');
    const [a, b] = await Promise.all([results().reconcile(now), results().reconcile(now)]);
    // Both saw it due; the conditional claim let exactly one of them ask the Cloud.
    expect(a.claimed + b.claimed).toBe(1);
    expect(await stack.calls('getRegistrationResult')).toBe(1);
    expect((await registrationRow(stack, id)).reportSource).toBe('reconcile');
  });

  it('runs the reconciler and the inbox retention from the poller’s tick', async () => {
    const id = await newRegistration({ lastLaunchedAt: new Date(Date.now() - 30 * 60_000) });
    await stack.control(`registrations/${id}/runtime`, { completion: 'completed', sessionTime: 7 });
    const old = await stack.app.strapi.db
      .query('plugin::scorm-cloud.postback' as any)
      .create({ data: { registrationId: id, receivedAt: new Date(Date.now() - 400 * 86_400_000), outcome: 'applied', body: '<x/>' } });
    await stack.app.strapi.plugin('scorm-cloud').service('poller').tick();
    expect(await registrationRow(stack, id)).toMatchObject({ reportSource: 'reconcile', complete: 'complete', cloudTotalTime: 7 });
    expect(await stack.app.strapi.db.query('plugin::scorm-cloud.postback' as any).findOne({ where: { id: old.id } })).toBeNull();
  });

  it('registers its events as webhook events and delivers them to a subscribed URL', async () => {
    const received: Array<{ event: string; body: any }> = [];
    const server: Server = createServer((req: IncomingMessage, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        received.push({ event: String(req.headers['x-strapi-event']), body: JSON.parse(data) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const token = await stack.app.superAdminToken();
      const created = await stack.app
        .request()
        .post('/admin/webhooks')
        .set('Authorization', `Bearer ${token}`)
        .send({
          name: 'certificates',
          url,
          headers: {},
          events: [
            'scorm-cloud.registration.completed',
            'scorm-cloud.registration.passed',
            'scorm-cloud.registration.failed',
            'scorm-cloud.registration.overridden',
          ],
        });
      expect(created.status).toBe(201);

      await listen(stack);
      const regId = await newRegistration();
      await postReport(stack, report(regId, { complete: 'complete', success: 'passed', score: 95, totalTimeSeconds: 100 }));
      await eventually(
        'received.filter((r) => r.body.registration?.registrationId === regId).length >= 2',
        () => received.filter((r) => r.body.registration?.registrationId === regId).length >= 2,
      );
      const mine = received.filter((r) => r.body.registration?.registrationId === regId);
      expect(mine.map((r) => r.event).sort()).toEqual(['scorm-cloud.registration.completed', 'scorm-cloud.registration.passed']);
      expect(mine[0]!.body).toMatchObject({
        event: expect.stringMatching(/^scorm-cloud\.registration\./),
        cause: 'postback',
        previous: { complete: 'unknown', success: 'unknown', score: null },
        registration: { registrationId: regId, complete: 'complete', success: 'passed', score: 95 },
      });
      const text = JSON.stringify(mine);
      expect(text).not.toContain(TEST_APP.secretKey);
      expect(text).not.toContain(POSTBACK_SECRET);
      expect(text).not.toContain('launchTicket');

      // The same report again changes nothing, so nothing more is sent. Events are emitted before the
      // postback is answered, so what the event hub saw by then is all there will be; the failing
      // registration's event, seen the same way, shows the hub is heard.
      const emitted: string[] = [];
      const unsubscribe = stack.app.strapi.eventHub.subscribe(async (name: string, payload: any) => {
        emitted.push(`${payload?.registration?.registrationId}:${name}`);
      });
      const failing = await newRegistration();
      try {
        await postReport(stack, report(regId, { complete: 'complete', success: 'passed', score: 95, totalTimeSeconds: 100 }));
        await postReport(stack, report(failing, { complete: 'complete', success: 'failed', score: 10, totalTimeSeconds: 50 }));
      } finally {
        unsubscribe();
      }
      expect(emitted.filter((e) => e.startsWith(`${regId}:`))).toEqual([]);
      expect(emitted).toContain(`${failing}:scorm-cloud.registration.failed`);
      await eventually('the registration.failed webhook for the failing registration', () =>
        received.some((r) => r.event === 'scorm-cloud.registration.failed' && r.body.registration.registrationId === failing),
      );
      expect(received.filter((r) => r.body.registration?.registrationId === regId)).toHaveLength(2);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('keeps the stored effective values in step with the Cloud columns', async () => {
    const rows = await stack.app.strapi.db.query(REG_UID).findMany({ where: { reportedAt: { $notNull: true } } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.complete).toBe(row.overrideComplete ?? row.cloudComplete);
      expect(row.success).toBe(row.overrideSuccess ?? row.cloudSuccess);
    }
  });
});
