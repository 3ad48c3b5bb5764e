/**
 * The Cloud's own answer is the truth: a postback that claims a huge tracked time or a far-off update
 * (anyone holding a registration's postback password can send one) cannot pin the registration. A
 * refresh overwrites it, and a genuine postback judged stale against it makes the plugin ask the Cloud.
 */
import { eventually } from '../helpers/eventually';
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { POSTBACK_SECRET, postJsonReport, postReport, registrationRow, report, seedCourse, seedRegistration } from './results-fixtures';

const REFRESH = 'plugin::scorm-cloud.registrations.refresh';

describe.each(availableDatabases())('the Cloud outranks a forged report (%s)', (database) => {
  let stack: Stack;
  let course: { id: number; courseId: string };
  let seq = 0;

  /** A registration whose learner, in the Cloud, completed and passed with 77 after 42 s. */
  const taken = async () => {
    const registrationId = `truth-${database}-${++seq}`;
    await seedRegistration(stack, { registrationId, course });
    await stack.control(`registrations/${registrationId}/runtime`, { completion: 'completed', success: 'passed', score: 77, sessionTime: 42 });
    return registrationId;
  };
  const forged = (registrationId: string) =>
    report(registrationId, { complete: 'incomplete', success: 'failed', score: 1, totalTimeSeconds: 1e9, updatedAt: new Date('2099-01-01T00:00:00Z') });

  beforeAll(async () => {
    stack = await bootStack({
      database,
      pluginConfig: { postback: { secret: POSTBACK_SECRET }, poller: { enabled: false }, registration: { exitRefreshIntervalSeconds: 0 } },
    });
    course = await seedCourse(stack, `course-truth-${database}`);
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it.each([
    ['V1 XML', postReport],
    ['V2 JSON', postJsonReport],
  ])('a refresh replaces what a forged %s postback claimed', async (_wire, post) => {
    const registrationId = await taken();
    expect((await post(stack, forged(registrationId))).status).toBe(200);
    expect(await registrationRow(stack, registrationId)).toMatchObject({ cloudScore: 1, cloudSuccess: 'failed', reportSource: 'postback' });

    const token = await stack.app.adminTokenWith([REFRESH]);
    const res = await stack.app.request().post(`/scorm-cloud/registrations/${registrationId}/refresh`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ complete: 'complete', success: 'passed', score: 77 });
    expect(await registrationRow(stack, registrationId)).toMatchObject({ cloudScore: 77, cloudTotalTime: 42, reportSource: 'refresh' });
  });

  it('asks the Cloud when a genuine postback is stale against a forged one, and stores its answer', async () => {
    const registrationId = await taken();
    expect((await postReport(stack, forged(registrationId))).status).toBe(200);
    const refreshes = await stack.calls('getRegistrationResult');
    // The genuine report, as the Cloud would post it: older by the forged report's measure.
    const genuine = report(registrationId, { complete: 'complete', success: 'passed', score: 77, totalTimeSeconds: 42 });
    expect((await postReport(stack, genuine)).status).toBe(200);
    const row = await eventually('the registration to hold the Cloud’s answer', async () => {
      const current = await registrationRow(stack, registrationId);
      return current.reportSource === 'refresh' ? current : undefined;
    });
    expect(row).toMatchObject({ cloudComplete: 'complete', cloudSuccess: 'passed', cloudScore: 77, cloudTotalTime: 42 });
    expect(await stack.calls('getRegistrationResult')).toBe(refreshes + 1);
  });

  it('does not ask the Cloud when a postback is merely late against a plausible one', async () => {
    const registrationId = await taken();
    expect((await postReport(stack, report(registrationId, { complete: 'incomplete', totalTimeSeconds: 30 }))).status).toBe(200);
    const refreshes = await stack.calls('getRegistrationResult');
    expect((await postReport(stack, report(registrationId, { complete: 'incomplete', totalTimeSeconds: 20 }))).status).toBe(200);
    expect(await registrationRow(stack, registrationId)).toMatchObject({ cloudTotalTime: 30, reportSource: 'postback' });
    expect(await stack.calls('getRegistrationResult')).toBe(refreshes);
  });

  it('does not ask the Cloud when a stale postback meets a state the Cloud itself gave', async () => {
    const registrationId = await taken();
    const token = await stack.app.adminTokenWith([REFRESH]);
    expect((await stack.app.request().post(`/scorm-cloud/registrations/${registrationId}/refresh`).set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const refreshes = await stack.calls('getRegistrationResult');
    const older = report(registrationId, { complete: 'incomplete', totalTimeSeconds: 5 });
    expect((await postReport(stack, older)).status).toBe(200);
    expect(await registrationRow(stack, registrationId)).toMatchObject({ cloudScore: 77, cloudTotalTime: 42, reportSource: 'refresh' });
    expect(await stack.calls('getRegistrationResult')).toBe(refreshes);
  });
});
