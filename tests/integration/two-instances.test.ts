/**
 * Two Strapi instances on one PostgreSQL or MariaDB database behind one SCORM Cloud, as a site that has
 * outgrown one machine runs them behind a load balancer: concurrent first launches spread over both make
 * one registration, in Strapi and in the Cloud, and postbacks delivered to either converge on the newest
 * report with every one of them kept; both reconcilers at once refresh each due registration once; and a
 * bulk refresh started on an instance that is then killed is visible on, and finished by, the other.
 * (The import poller's lease is in poller-two-processes.test.ts.)
 */
import type { ChildProcess } from 'node:child_process';
import { API_VERSION } from '../helpers/api-version';
import { availableDatabases, type DatabaseClient } from '../helpers/databases';
import { eventually } from '../helpers/eventually';
import { callService, startSecondInstance, stopSecondInstance } from '../helpers/second-instance';
import { scorm12Single } from '../helpers/packages';
import { bootStack, type Stack } from '../helpers/stack';
import { createImportFollower } from '../../server/src/courses/import-follower';
import { createLearner, grantRole } from '../helpers/strapi';
import { buildRegistrationJson } from '../../server/src/cloud/v2/registration-report';
import { COURSE_UID, INBOX_UID, listen, passwordFor, REG_UID, registrationRow, report, seedCourse, seedRegistration } from './results-fixtures';

// One SQLite file under two processes is no deployment anyone scales out. The rules under test (unique
// attempt key, row locks, the merge) are the same whichever API version speaks to the Cloud: V2 runs it.
const databases = API_VERSION === 'v2' ? availableDatabases().filter((d) => d !== 'sqlite') : [];
if (API_VERSION !== 'v2') console.log('[tests] two-instances runs in the V2 project: the database rules under test do not depend on the API version.');
else if (databases.length === 0)
  console.warn('[tests] two-instances: no PostgreSQL or MariaDB in this run (not answering, or left out by TEST_DATABASES); skipped.');
const suite = databases.length ? describe.each(databases) : describe.skip.each<DatabaseClient>(['postgres']);

suite('two Strapi instances on one %s database', (database) => {
  let stack: Stack;
  let b: ChildProcess;
  let urlA: string;
  let urlB: string;
  let course: { id: number; courseId: string };

  beforeAll(async () => {
    stack = await bootStack({ database });
    urlA = await listen(stack);
    // bootStrapi has put the database's connection settings and the plugin config in this process's
    // environment: the second instance gets the same, as a second machine of the same site would.
    const second = await startSecondInstance();
    b = second.child;
    const { port } = second;
    urlB = `http://127.0.0.1:${port}`;
    await grantRole(stack.app, 'authenticated', ['plugin::scorm-cloud.launches.course']);
    course = await seedCourse(stack, `two-instances-${database}`);
  });

  afterAll(async () => {
    await stopSecondInstance(b);
    await stack?.destroy();
  });

  it('makes one registration of 20 concurrent first launches spread over both instances, in Strapi and in the Cloud', async () => {
    const learner = await createLearner(stack.app);
    const launches = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${i % 2 ? urlB : urlA}/api/scorm-cloud/courses/${course.courseId}/launch`, {
          headers: { authorization: `Bearer ${learner.jwt}`, accept: 'application/json' },
        }).then(async (res) => ({ status: res.status, registrationId: ((await res.json()) as { data?: { registrationId?: string } }).data?.registrationId })),
      ),
    );
    expect(launches.map((l) => l.status)).toEqual(Array(20).fill(200));
    const ids = new Set(launches.map((l) => l.registrationId));
    expect(ids.size).toBe(1);
    const rows = await stack.app.strapi.db.query(REG_UID).findMany({ where: { userDocumentId: learner.user.documentId } });
    expect(rows.map((r: { registrationId: string }) => r.registrationId)).toEqual([...ids]);
    const inCloud = await stack.cloud.getRegistrationList({ courseId: course.courseId });
    expect(inCloud.map((r) => r.id)).toEqual([...ids]);
  });

  it('converges on the newest of postbacks delivered to either instance, keeping every one', async () => {
    const registrationId = `two-instances-pb-${database}`;
    await seedRegistration(stack, { registrationId, course, cloud: false });
    // Twelve reports, total time 1..12 s, sent together in a scrambled order, alternately to A and B.
    const order = [7, 2, 12, 5, 1, 9, 11, 3, 8, 6, 10, 4];
    const answers = await Promise.all(
      order.map((seconds, i) => {
        const json = buildRegistrationJson(report(registrationId, { complete: seconds >= 10 ? 'complete' : 'incomplete', totalTimeSeconds: seconds }));
        return fetch(`${i % 2 ? urlB : urlA}/api/scorm-cloud/postback`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ data: JSON.stringify(json), userName: 'scorm-cloud', password: passwordFor(stack, registrationId) }).toString(),
        }).then((res) => res.status);
      }),
    );
    expect(answers).toEqual(Array(12).fill(200));
    expect(await registrationRow(stack, registrationId)).toMatchObject({ cloudTotalTime: 12, cloudComplete: 'complete', complete: 'complete' });
    const inbox = await stack.app.strapi.db.query(INBOX_UID).findMany({ where: { registrationId } });
    expect(inbox).toHaveLength(12);
    expect(inbox.filter((r: { outcome: string }) => r.outcome === 'received')).toEqual([]);
  });

  /** The registrations whose progress the Cloud was asked for, in call order. */
  const progressCalls = async () =>
    (await stack.control<{ log: Array<{ regid?: string }> }>(`calls?method=${encodeURIComponent('v2:GET /registrations/{registrationId}')}&log=true`)).log.map(
      (c) => c.regid,
    );

  it('refreshes each due registration once when both instances reconcile at the same moment', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const registrationId = `two-instances-rc-${database}-${i}`;
      await seedRegistration(stack, { registrationId, course, row: { lastLaunchedAt: new Date(Date.now() - 30 * 60_000), reportedAt: null } });
      await stack.control(`registrations/${registrationId}/runtime`, { completion: 'completed', sessionTime: 30 + i });
      ids.push(registrationId);
    }
    const before = (await progressCalls()).length;
    const now = new Date();
    await Promise.all([stack.app.strapi.plugin('scorm-cloud').service('results').reconcile(now), callService(b, 'results', 'reconcile', now)]);
    const asked = (await progressCalls()).slice(before).filter((id) => id && ids.includes(id));
    expect(asked.sort()).toEqual([...ids].sort());
    for (const [i, id] of ids.entries()) expect(await registrationRow(stack, id)).toMatchObject({ reportSource: 'reconcile', cloudTotalTime: 30 + i });
  });

  it('shows a bulk refresh started on an instance that is then killed on the other, which finishes it', async () => {
    const refreshCourse = await seedCourse(stack, `two-instances-job-${database}`);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const registrationId = `two-instances-job-${database}-${i}`;
      await seedRegistration(stack, { registrationId, course: refreshCourse });
      await stack.control(`registrations/${registrationId}/runtime`, { completion: 'completed', sessionTime: 40 + i });
      ids.push(registrationId);
    }
    const token = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.refresh']);
    const c = await startSecondInstance();
    // Each progress call takes 1.5 s: the job (four at a time) is between its batches long enough to kill its instance.
    await stack.fault('getRegistrationResult', { type: 'slow', count: 'all', delayMs: 1500 });
    let jobId: string;
    try {
      const started = await fetch(`http://127.0.0.1:${c.port}/scorm-cloud/courses/${refreshCourse.courseId}/refresh-registrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(started.status).toBe(202);
      jobId = ((await started.json()) as { data: { id: string } }).data.id;
      const read = async () => (await stack.app.request().get(`/scorm-cloud/refresh-jobs/${jobId}`).set('Authorization', `Bearer ${token}`)).body.data;
      // Started on C, read on A.
      await eventually('the first batch to be written', async () => (await read()).done === 4, { timeoutMs: 20_000 });
      c.child.kill('SIGKILL');
      await new Promise((resolve) => (c.child.exitCode !== null || c.child.signalCode !== null ? resolve(undefined) : c.child.once('exit', resolve)));
      expect(await read()).toMatchObject({ status: 'running', done: 4, total: 6 });
    } finally {
      await stack.control('faults', undefined, 'DELETE');
      await stopSecondInstance(c.child);
    }
    // A poller round after C's lease has run out takes the job over.
    const jobs = stack.app.strapi.plugin('scorm-cloud').service('refreshJobs');
    const leaseSeconds = stack.app.strapi.plugin('scorm-cloud').service('config').get().poller.leaseSeconds;
    expect(await jobs.resumeAbandoned(new Date(Date.now() + (leaseSeconds + 1) * 1000))).toEqual([jobId]);
    await jobs.idle();
    const finished = (await stack.app.request().get(`/scorm-cloud/refresh-jobs/${jobId}`).set('Authorization', `Bearer ${token}`)).body.data;
    expect(finished).toMatchObject({ status: 'finished', total: 6, done: 6, failed: 0 });
    for (const [i, id] of ids.entries()) expect(await registrationRow(stack, id)).toMatchObject({ reportSource: 'refresh', cloudTotalTime: 40 + i });
  });

  /** Kills an instance as a crash or an OOM killer would, and resolves once it is gone. */
  const killed = async (child: ChildProcess) => {
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
  };

  it('finishes on the remaining instance an import whose instance was killed right after the upload', async () => {
    const c = await startSecondInstance();
    let courseId: string;
    try {
      const token = await stack.app.superAdminToken();
      const form = new FormData();
      form.append('file', new Blob([await scorm12Single('Killed mid-import')]), 'killed-mid-import.zip');
      const res = await fetch(`http://127.0.0.1:${c.port}/scorm-cloud/courses`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(res.status).toBe(202);
      courseId = ((await res.json()) as { data: { courseId: string } }).data.courseId;
      await killed(c.child);
    } finally {
      await stopSecondInstance(c.child);
    }
    expect(await stack.app.strapi.db.query(COURSE_UID).findOne({ where: { courseId } })).toMatchObject({ status: 'importing' });
    const follower = createImportFollower(stack.app.strapi, 'after-the-kill');
    await eventually('the import to be finished by the remaining instance', async () => {
      await stack.app.strapi.db.query(COURSE_UID).updateMany({ where: { courseId }, data: { nextPollAt: new Date(Date.now() - 1000) } });
      await follower.runRound(new Date(Date.now() + 120_000));
      return (await stack.app.strapi.db.query(COURSE_UID).findOne({ where: { courseId } })).status === 'ready';
    });
    expect(await stack.app.strapi.db.query(COURSE_UID).count({ where: { courseId } })).toBe(1);
  });

  it('loses no postback that was answered 200 when its instance is killed mid-burst, and converges once the Cloud retries the rest', async () => {
    const registrationId = `two-instances-kill-${database}`;
    await seedRegistration(stack, { registrationId, course, cloud: false });
    const c = await startSecondInstance();
    const bodyOf = (seconds: number) =>
      new URLSearchParams({
        data: JSON.stringify(buildRegistrationJson(report(registrationId, { complete: seconds >= 30 ? 'complete' : 'incomplete', totalTimeSeconds: seconds }))),
        userName: 'scorm-cloud',
        password: passwordFor(stack, registrationId),
      }).toString();
    const send = (base: string, seconds: number) =>
      fetch(`${base}/api/scorm-cloud/postback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: bodyOf(seconds),
      }).then(
        (res) => res.status,
        () => 0,
      );
    const seconds = Array.from({ length: 40 }, (_, i) => i + 1);
    let answered = 0;
    let kill: Promise<void> | undefined;
    const statuses = await Promise.all(
      seconds.map((s) =>
        send(`http://127.0.0.1:${c.port}`, s).then((status) => {
          if (++answered === 10) kill = killed(c.child);
          return status;
        }),
      ),
    );
    await kill;
    await stopSecondInstance(c.child);
    const ok = seconds.filter((_, i) => statuses[i] === 200);
    expect(ok.length).toBeGreaterThanOrEqual(10);
    // The kill landed mid-burst: thirty postbacks were still in flight when the tenth was answered.
    expect(ok.length).toBeLessThan(seconds.length);
    // Every postback answered 200 was stored before the answer.
    const stored = await stack.app.strapi.db.query(INBOX_UID).findMany({ where: { registrationId } });
    const storedSeconds = new Set(stored.map((r: { body: string }) => (JSON.parse(r.body) as { totalSecondsTracked: number }).totalSecondsTracked));
    expect(ok.filter((s) => !storedSeconds.has(s))).toEqual([]);
    // SCORM Cloud retries what got no 200; the remaining instance takes it.
    const retried = await Promise.all(seconds.filter((_, i) => statuses[i] !== 200).map((s) => send(urlA, s)));
    expect(retried.filter((status) => status !== 200)).toEqual([]);
    expect(await registrationRow(stack, registrationId)).toMatchObject({ cloudTotalTime: 40, complete: 'complete' });
    const inbox = await stack.app.strapi.db.query(INBOX_UID).findMany({ where: { registrationId } });
    expect(inbox.filter((r: { outcome: string }) => r.outcome === 'received')).toEqual([]);
  });
});
