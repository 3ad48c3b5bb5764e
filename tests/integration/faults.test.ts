/**
 * SCORM Cloud failing in each way the emulator can fail (a 5xx, an answer later than the plugin's timeout,
 * a dropped connection, a malformed body) during each call the plugin depends on: registration creation,
 * import polling, refresh and upload. For each: the caller sees a status and a sentence, the log has a line,
 * nothing is lost or duplicated while the fault lasts, and the same operation succeeds once it ends.
 * Runs once per API version, as the integration suite does.
 */
import { availableDatabases } from '../helpers/databases';
import { eventually } from '../helpers/eventually';
import { scorm12Single } from '../helpers/packages';
import { bootStack, type Stack } from '../helpers/stack';
import { createApiToken, watchWarnings } from '../helpers/strapi';
import { createImportFollower } from '../../server/src/courses/import-follower';
import { REG_UID, registrationRow, seedCourse, seedRegistration } from './results-fixtures';

const COURSE_UID = 'plugin::scorm-cloud.course';
const TIMEOUT_MS = 1_000;
type Fault = 'http5xx' | 'slow' | 'drop' | 'malformed';
const FAULTS: Fault[] = ['http5xx', 'slow', 'drop', 'malformed'];

describe.each(availableDatabases())('SCORM Cloud faults (%s)', (database) => {
  let stack: Stack;
  let apiToken: string;
  let adminToken: string;
  let course: { id: number; courseId: string };
  let warnings: string[] = [];

  beforeAll(async () => {
    stack = await bootStack({
      database,
      pluginConfig: { requestTimeoutMs: TIMEOUT_MS, retries: 1, poller: { enabled: false } },
      emulator: { importDelayMs: 100 },
    });
    apiToken = await createApiToken(stack.app);
    adminToken = await stack.app.superAdminToken();
    course = await seedCourse(stack, `course-faults-${database}`);
    warnings = watchWarnings(stack.app);
  });
  afterAll(async () => {
    await stack?.destroy();
  });
  afterEach(async () => {
    await stack.control('faults', undefined, 'DELETE');
  });

  /** The fault on every matching call until it is cleared; `slow` answers well after the plugin's timeout. */
  const inject = (method: string, fault: Fault) =>
    stack.fault(method, {
      type: fault === 'malformed' && stack.apiVersion === 'v1' ? 'malformedXml' : fault,
      count: 'all',
      ...(fault === 'slow' ? { delayMs: TIMEOUT_MS * 3 } : {}),
      ...(fault === 'http5xx' ? { status: 503 } : {}),
    });
  const warnedSince = (from: number, pattern: RegExp) => warnings.slice(from).some((w) => pattern.test(w));
  /** A Cloud failure as the caller sees it: 502 or 503, Strapi's error shape, a sentence naming what failed. */
  const cloudFailure = (res: { status: number; body: any }) => ({
    status: [502, 503].includes(res.status),
    message: typeof res.body?.error?.message === 'string' && /SCORM Cloud/.test(res.body.error.message),
  });

  it.each(FAULTS)('registration creation: %s leaves no registration, and the retry makes exactly one', async (fault) => {
    const learner = `faults-${fault}`;
    const send = () =>
      stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId: course.courseId, learner: { id: learner, firstName: 'Fay', lastName: 'Ult' } });
    await inject('createRegistration', fault);
    const mark = warnings.length;
    const failed = await send();
    expect({ ...cloudFailure(failed), body: failed.body.error?.message }).toMatchObject({ status: true, message: true });
    expect(warnedSince(mark, /POST \/api\/scorm-cloud\/registrations answered 50[23]/)).toBe(true);
    expect(await stack.app.strapi.db.query(REG_UID).count({ where: { learnerId: `x-${learner}` } })).toBe(0);
    await stack.control('faults', undefined, 'DELETE');
    // A V1 Cloud may have created it after the plugin gave up; the retry then takes that one over.
    const retried = await send();
    expect(retried.status).toBe(201);
    expect(await stack.app.strapi.db.query(REG_UID).count({ where: { learnerId: `x-${learner}` } })).toBe(1);
    const inCloud = (await stack.cloud.getRegistrationList({ courseId: course.courseId })).filter((r) => r.id === retried.body.data.registrationId);
    expect(inCloud).toHaveLength(1);
  });

  it.each(FAULTS)('import polling: %s keeps the import, says why, and the next round after the fault reaches ready', async (fault) => {
    const upload = await stack.app
      .request()
      .post('/scorm-cloud/courses')
      .set('Authorization', `Bearer ${adminToken}`)
      .attach('file', await scorm12Single(`Polled ${fault}`), `polled-${fault}.zip`);
    expect(upload.status).toBe(202);
    const courseId = upload.body.data.courseId as string;
    const due = () => stack.app.strapi.db.query(COURSE_UID).updateMany({ where: { courseId }, data: { nextPollAt: new Date(Date.now() - 1000) } });
    await inject('getAsyncImportResult', fault);
    await due();
    const follower = createImportFollower(stack.app.strapi, `faults-${fault}`);
    await expect(follower.runRound()).rejects.toThrow();
    expect(await stack.app.strapi.db.query(COURSE_UID).findOne({ where: { courseId } })).toMatchObject({
      status: 'importing',
      leaseOwner: null,
      pollAttempts: 1,
    });
    await stack.control('faults', undefined, 'DELETE');
    await eventually(`${courseId} to be ready once the fault has ended`, async () => {
      await due();
      await follower.runRound();
      return (await stack.app.strapi.db.query(COURSE_UID).findOne({ where: { courseId } })).status === 'ready';
    });
  });

  it.each(FAULTS)('refresh: %s answers a failure naming the registration and changes nothing; the retry stores the Cloud state', async (fault) => {
    const registrationId = `faults-refresh-${fault}-${database}`;
    await seedRegistration(stack, { registrationId, course });
    await stack.control(`registrations/${registrationId}/runtime`, { completion: 'completed', success: 'passed', score: 64, sessionTime: 12 });
    const before = await registrationRow(stack, registrationId);
    await inject('getRegistrationResult', fault);
    const mark = warnings.length;
    const refresh = () => stack.app.request().post(`/scorm-cloud/registrations/${registrationId}/refresh`).set('Authorization', `Bearer ${adminToken}`);
    const failed = await refresh();
    expect({ status: [502, 503].includes(failed.status), names: String(failed.body.error?.message).includes(registrationId) }).toEqual({
      status: true,
      names: true,
    });
    expect(warnedSince(mark, /POST \/scorm-cloud\/registrations\/:registrationId\/refresh answered 50[23]/)).toBe(true);
    expect(await registrationRow(stack, registrationId)).toEqual(before);
    await stack.control('faults', undefined, 'DELETE');
    const retried = await refresh();
    expect(retried.status).toBe(200);
    expect(await registrationRow(stack, registrationId)).toMatchObject({
      complete: 'complete',
      success: 'passed',
      score: 64,
      cloudTotalTime: 12,
      reportSource: 'refresh',
    });
  });

  /** Follows a course's import to ready with rounds of a follower of its own. */
  const followToReady = async (courseId: string, owner: string) => {
    const follower = createImportFollower(stack.app.strapi, owner);
    await eventually(`${courseId} to import`, async () => {
      await stack.app.strapi.db.query(COURSE_UID).updateMany({ where: { courseId }, data: { nextPollAt: new Date(Date.now() - 1000) } });
      await follower.runRound();
      return (await stack.app.strapi.db.query(COURSE_UID).findOne({ where: { courseId } })).status === 'ready';
    });
  };
  const upload = (zip: Buffer, name: string) =>
    stack.app.request().post('/scorm-cloud/courses').set('Authorization', `Bearer ${adminToken}`).attach('file', zip, name);
  const inFlight = () => stack.app.strapi.db.query(COURSE_UID).count({ where: { status: { $in: ['uploading', 'importing'] } } });

  it.each(FAULTS.filter((f) => f !== 'slow'))(
    'upload: %s ends the course failed with the reason, leaves nothing in flight, and the next upload imports',
    async (fault) => {
      const zip = await scorm12Single(`Uploaded ${fault}`);
      await inject('importCourseAsync', fault);
      const mark = warnings.length;
      const failed = await upload(zip, `uploaded-${fault}.zip`);
      expect({ status: failed.status >= 500, message: String(failed.body.error?.message ?? '') }).toMatchObject({
        status: true,
        message: expect.stringMatching(/\w+ \w+/),
      });
      expect(warnedSince(mark, /POST \/scorm-cloud\/courses answered 5\d\d/)).toBe(true);
      const rows = await stack.app.strapi.db.query(COURSE_UID).findMany({ where: { packageName: `uploaded-${fault}.zip` } });
      expect(rows.map((r: { status: string; error: string | null }) => ({ status: r.status, hasReason: Boolean(r.error) }))).toEqual([
        { status: 'failed', hasReason: true },
      ]);
      expect(await inFlight()).toBe(0);
      await stack.control('faults', undefined, 'DELETE');
      const retried = await upload(zip, `uploaded-${fault}.zip`);
      expect(retried.status).toBe(202);
      await followToReady(retried.body.data.courseId, `faults-upload-${fault}`);
    },
  );

  it('upload: a Cloud that answers the package later than requestTimeoutMs is waited for (uploads have their own idle limit) and imports', async () => {
    await inject('importCourseAsync', 'slow');
    const res = await upload(await scorm12Single('Uploaded slowly'), 'uploaded-slow.zip');
    expect(res.status).toBe(202);
    await stack.control('faults', undefined, 'DELETE');
    await followToReady(res.body.data.courseId, 'faults-upload-slow');
    expect(await inFlight()).toBe(0);
  });

  it('a SCORM Cloud clock 20 minutes off: V1 refuses signed calls, the plugin says it is the clock, keeps the import and recovers; V2 is not affected', async () => {
    const learner = 'faults-clock';
    const send = () =>
      stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId: course.courseId, learner: { id: learner, firstName: 'Clo', lastName: 'Ck' } });
    const queued = await upload(await scorm12Single('Clock skew'), 'clock-skew.zip');
    expect(queued.status).toBe(202);
    const courseId = queued.body.data.courseId as string;
    await stack.control('clock', { offsetSeconds: 20 * 60 });
    try {
      const res = await send();
      if (stack.apiVersion === 'v1') {
        expect({ status: res.status, message: res.body.error?.message }).toEqual({
          status: 502,
          message: expect.stringMatching(/clock is 20 minutes away from SCORM Cloud's .*NTP/),
        });
        expect(await stack.app.strapi.db.query(REG_UID).count({ where: { learnerId: `x-${learner}` } })).toBe(0);
        await stack.app.strapi.db.query(COURSE_UID).updateMany({ where: { courseId }, data: { nextPollAt: new Date(Date.now() - 1000) } });
        await expect(createImportFollower(stack.app.strapi, 'faults-clock').runRound()).rejects.toThrow(/clock/i);
        expect(await stack.app.strapi.db.query(COURSE_UID).findOne({ where: { courseId } })).toMatchObject({ status: 'importing' });
      } else {
        expect(res.status).toBe(201);
      }
    } finally {
      await stack.control('clock', { offsetSeconds: 0 });
    }
    if (stack.apiVersion === 'v1') expect((await send()).status).toBe(201);
    expect(await stack.app.strapi.db.query(REG_UID).count({ where: { learnerId: `x-${learner}` } })).toBe(1);
    await followToReady(courseId, 'faults-clock-after');
  });
});
