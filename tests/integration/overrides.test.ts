import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { POSTBACK_SECRET, postReport, registrationRow, report, seedCourse, seedRegistration } from './results-fixtures';

const OVERRIDE = 'plugin::scorm-cloud.registrations.override';

describe.each(availableDatabases())('overrides (%s)', (database) => {
  let stack: Stack;
  let course: { id: number; courseId: string };
  let token: string;
  let seq = 0;
  const newRegistration = async () => {
    const registrationId = `ov-${database}-${++seq}`;
    await seedRegistration(stack, { registrationId, course, cloud: false });
    return registrationId;
  };
  const put = (regId: string, body: unknown, t = token) =>
    stack.app
      .request()
      .put(`/scorm-cloud/registrations/${regId}/override`)
      .set('Authorization', `Bearer ${t}`)
      .send(body as object);
  // koa-body leaves DELETE bodies unparsed, so the optional reason of a clear travels in the query.
  const del = (regId: string, reason?: string, t = token) =>
    stack.app
      .request()
      .delete(`/scorm-cloud/registrations/${regId}/override`)
      .query(reason ? { reason } : {})
      .set('Authorization', `Bearer ${t}`);

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { postback: { secret: POSTBACK_SECRET }, poller: { enabled: false } } });
    course = await seedCourse(stack, `course-ov-${database}`);
    token = await stack.app.adminTokenWith([OVERRIDE]);
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('needs registrations.override', async () => {
    const regId = await newRegistration();
    const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read', 'plugin::scorm-cloud.registrations.refresh']);
    expect((await put(regId, { complete: 'complete', reason: 'r' }, reader)).status).toBe(403);
    expect((await del(regId, undefined, reader)).status).toBe(403);
  });

  it('refuses a missing reason, bad values and unknown registrations', async () => {
    const regId = await newRegistration();
    expect((await put(regId, { complete: 'complete' })).status).toBe(400);
    expect((await put(regId, { complete: 'done', reason: 'r' })).status).toBe(400);
    expect((await put(regId, { success: 'passed', score: 120, reason: 'r' })).status).toBe(400);
    expect((await put(regId, { reason: 'nothing' })).status).toBe(400);
    expect((await put('nope', { complete: 'complete', reason: 'r' })).status).toBe(404);
    expect(await registrationRow(stack, regId)).toMatchObject({ overrideComplete: null, overrideHistory: null });
  });

  it('keeps an override effective while a newer postback updates the Cloud values underneath', async () => {
    const regId = await newRegistration();
    await postReport(stack, report(regId, { complete: 'incomplete', success: 'failed', score: 30, totalTimeSeconds: 100 }));
    const overridden: unknown[] = [];
    const onOverride = async (payload: any) => {
      if (payload.registration.registrationId === regId) overridden.push(payload);
    };
    stack.app.strapi.eventHub.on('scorm-cloud.registration.overridden', onOverride);
    try {
      const set = await put(regId, { success: 'passed', score: 85, reason: 'Passed the paper exam' });
      expect(set.status).toBe(200);
      expect(set.body.data).toMatchObject({
        success: 'passed',
        score: 85,
        complete: 'incomplete',
        overridden: { success: true, score: true, complete: false },
      });
      expect(overridden).toHaveLength(1);
    } finally {
      stack.app.strapi.eventHub.off('scorm-cloud.registration.overridden', onOverride);
    }

    const newer = await postReport(stack, report(regId, { complete: 'complete', success: 'failed', score: 40, totalTimeSeconds: 200 }));
    expect(newer.body.data.outcome).toBe('applied');
    const row = await registrationRow(stack, regId);
    expect(row).toMatchObject({
      cloudComplete: 'complete',
      cloudSuccess: 'failed',
      cloudTotalTime: 200,
      complete: 'complete',
      success: 'passed',
      overrideSuccess: 'passed',
    });
    expect(Number(row.cloudScore)).toBe(40);
    expect(Number(row.score)).toBe(85);
  });

  it('records every change in the history with the admin and time, and clearing restores the Cloud values', async () => {
    const regId = await newRegistration();
    await postReport(stack, report(regId, { complete: 'incomplete', success: 'unknown', score: null, totalTimeSeconds: 10 }));
    expect((await put(regId, { complete: 'complete', reason: 'Attended in person' })).status).toBe(200);
    expect((await put(regId, { score: 70, reason: 'Graded by hand' })).status).toBe(200);
    const cleared = await del(regId, 'Entered by mistake');
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toMatchObject({
      complete: 'incomplete',
      success: 'unknown',
      score: null,
      overridden: { complete: false, success: false, score: false },
    });

    const row = await registrationRow(stack, regId);
    expect(row.cloudComplete).toBe('incomplete');
    expect(row.overrideHistory).toHaveLength(3);
    expect(row.overrideHistory.map((h: any) => h.action)).toEqual(['set', 'set', 'clear']);
    expect(row.overrideHistory[0]).toMatchObject({
      by: { email: expect.stringMatching(/@example\.com$/) },
      values: { complete: 'complete', success: null, score: null },
      reason: 'Attended in person',
      previous: { complete: null, success: null, score: null },
    });
    expect(row.overrideHistory[1]).toMatchObject({ values: { complete: 'complete', score: 70 }, previous: { complete: 'complete', score: null } });
    expect(row.overrideHistory[2]).toMatchObject({ action: 'clear', reason: 'Entered by mistake', previous: { complete: 'complete', score: 70 } });
    expect(Date.parse(row.overrideHistory[2].at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('emits completed when an override makes a registration complete', async () => {
    const regId = await newRegistration();
    const seen: string[] = [];
    const names = ['completed', 'passed', 'failed', 'overridden'].map((k) => `scorm-cloud.registration.${k}`);
    const listeners = names.map((name) => {
      const l = async (payload: any) => {
        if (payload.registration.registrationId === regId) seen.push(name);
      };
      stack.app.strapi.eventHub.on(name, l);
      return [name, l] as const;
    });
    try {
      await put(regId, { complete: 'complete', success: 'passed', reason: 'r' });
      expect(seen.sort()).toEqual(['scorm-cloud.registration.completed', 'scorm-cloud.registration.overridden', 'scorm-cloud.registration.passed']);
    } finally {
      for (const [name, l] of listeners) stack.app.strapi.eventHub.off(name, l);
    }
  });

  it('serialises an override and a postback arriving at once: neither change is lost', async () => {
    const regId = await newRegistration();
    await Promise.all([
      put(regId, { success: 'passed', reason: 'concurrent' }),
      postReport(stack, report(regId, { complete: 'complete', success: 'failed', score: 20, totalTimeSeconds: 300 })),
    ]);
    const row = await registrationRow(stack, regId);
    expect(row).toMatchObject({ overrideSuccess: 'passed', success: 'passed', cloudSuccess: 'failed', cloudComplete: 'complete', complete: 'complete' });
    expect(row.overrideHistory).toHaveLength(1);
  });
});
