import type { RunningEmulator } from '../src';
import { call, createReg, errCode, expectOk, importAndWait, scorm12Single, scorm2004, signedQuery, start, control } from './helpers';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
  await importAndWait(emu, 'c12', await scorm12Single('Course Twelve'));
  await importAndWait(emu, 'c2004', await scorm2004('2004 4th Edition', 'Course 2004'));
});
afterAll(() => emu.close());

const result = async (regid: string, resultsformat = 'course') =>
  expectOk(await call(emu, 'rustici.registration.getRegistrationResult', { regid, resultsformat })).registrationreport;

async function launch(regid: string, redirecturl = 'http://127.0.0.1:9/back'): Promise<string> {
  const res = await fetch(`${emu.serviceUrl}?${signedQuery('rustici.registration.launch', { regid, redirecturl })}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = res.headers.get('location')!;
  const m = /\/_player\/([^/]+)\/$/.exec(new URL(location).pathname);
  expect(m).not.toBeNull();
  return m![1];
}

describe('registrations', () => {
  it('creates a registration; a duplicate is error 2, an unknown course error 1, urlname without urlpass error 3', async () => {
    await createReg(emu, 'c12', 'r1');
    expect(expectOk(await call(emu, 'rustici.registration.exists', { regid: 'r1' })).result).toBe('true');
    expect(errCode(await call(emu, 'rustici.registration.createRegistration', { courseid: 'c12', regid: 'r1', fname: 'A', lname: 'B', learnerid: 'x' }))).toBe(
      '2',
    );
    expect(errCode(await call(emu, 'rustici.registration.createRegistration', { courseid: 'nope', regid: 'r9', fname: 'A', lname: 'B', learnerid: 'x' }))).toBe(
      '1',
    );
    expect(
      errCode(
        await call(emu, 'rustici.registration.createRegistration', {
          courseid: 'c12',
          regid: 'r9',
          fname: 'A',
          lname: 'B',
          learnerid: 'x',
          postbackurl: 'http://127.0.0.1:9/',
          urlname: 'u',
        }),
      ),
    ).toBe('3');
    expect(
      errCode(
        await call(emu, 'rustici.registration.createRegistration', {
          courseid: 'c12',
          regid: 'r9',
          fname: 'A',
          lname: 'B',
          learnerid: 'x',
          resultsformat: 'bogus',
        }),
      ),
    ).toBe('205');
  });

  it('reports unknown/unknown/0/unknown before any launch', async () => {
    const report = await result('r1');
    expect(report['@format']).toBe('course');
    expect(report['@regid']).toBe('r1');
    expect([report.complete, report.success, report.totaltime, report.score]).toEqual(['unknown', 'unknown', '0', 'unknown']);
  });

  it('launches through a signed URL into the player, records runtime data from commits and rolls it up (SCORM 1.2)', async () => {
    const launchId = await launch('r1');
    const pl = await emu.playerHost.getLaunch(launchId);
    expect(pl).toMatchObject({
      registrationId: 'r1',
      courseId: 'c12',
      standard: 'scorm12',
      entryHref: 'index.html',
      activityId: 'item_1',
      learnerName: 'Lovelace, Ada',
      redirectUrl: 'http://127.0.0.1:9/back',
    });
    const file = await emu.playerHost.openPackageFile(launchId, 'index.html');
    expect(file?.size).toBeGreaterThan(0);
    const chunks: Buffer[] = [];
    for await (const c of file!.stream as AsyncIterable<Buffer>) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toContain('Course Twelve');
    expect(await emu.playerHost.openPackageFile(launchId, 'missing.html')).toBeUndefined();

    await emu.playerHost.commit(launchId, { 'cmi.core.lesson_status': 'incomplete', 'cmi.core.session_time': '0000:01:00.00' });
    expect(await result('r1')).toMatchObject({ complete: 'incomplete', success: 'unknown', totaltime: '60' });
    await emu.playerHost.finish(launchId, { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '85', 'cmi.core.session_time': '0000:02:30.00' });
    expect(await result('r1')).toMatchObject({ complete: 'complete', success: 'passed', totaltime: '150', score: '85' });
    expect(await emu.playerHost.getLaunch(launchId)).toBeUndefined();

    // A second session adds its time to the total; resume data excludes the old session time.
    const second = await launch('r1');
    const pl2 = await emu.playerHost.getLaunch(second);
    expect(pl2!.resumeData['cmi.core.lesson_status']).toBe('passed');
    expect(pl2!.resumeData['cmi.core.session_time']).toBeUndefined();
    await emu.playerHost.finish(second, { 'cmi.core.session_time': '00:00:30' });
    expect((await result('r1')).totaltime).toBe('180');

    const history = expectOk(await call(emu, 'rustici.registration.getLaunchHistory', { regid: 'r1' })).launchhistory;
    expect(history['@regid']).toBe('r1');
    expect(history.launch).toHaveLength(2);
    expect(history.launch[0].launch_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(history.launch[0].exit_time).toMatch(/\+0000$/);
  });

  it('gives activity and full reports from the real runtime data (SCORM 2004)', async () => {
    await createReg(emu, 'c2004', 'r2004');
    const id = await launch('r2004');
    const pl = await emu.playerHost.getLaunch(id);
    expect(pl).toMatchObject({ standard: 'scorm2004', entryHref: 'intro.html', activityId: 'SCO1' });
    await emu.playerHost.finish(id, {
      'cmi.completion_status': 'completed',
      'cmi.success_status': 'failed',
      'cmi.score.scaled': '0.4',
      'cmi.session_time': 'PT1M30S',
      'cmi.interactions.0.id': 'q1',
      'cmi.interactions.0.type': 'choice',
      'cmi.interactions.0.result': 'incorrect',
      'cmi.interactions.0.learner_response': 'b',
    });
    const course = await result('r2004');
    expect(course).toMatchObject({ success: 'failed', score: '40', totaltime: '90' });
    const activity = await result('r2004', 'activity');
    expect(activity['@format']).toBe('activity');
    const root = activity.activity[0];
    expect(root['@id']).toBe('ORG');
    expect(root.title).toBe('Course 2004');
    const sco1 = root.children.activity[0].children.activity[0];
    expect(sco1).toMatchObject({ '@id': 'SCO1', title: 'Intro', complete: 'complete', success: 'failed', score: '40', time: '0000:01:30.00' });
    const full = await call(emu, 'rustici.registration.getRegistrationResult', { regid: 'r2004', resultsformat: 'full' });
    expect(full.text).toContain('<interaction id="q1"><type>choice</type>');
    expect(full.text).toContain('<learner_response>b</learner_response><result>incorrect</result>');
    expect(full.text).toContain('<score_scaled>0.4</score_scaled>');
    expect(full.text).not.toMatch(/>\s+</);
  });

  it('answers format=json with the same tree', async () => {
    const res = await fetch(`${emu.serviceUrl}?${signedQuery('rustici.registration.getRegistrationResult', { regid: 'r1', format: 'json' })}`);
    const json = (await res.json()) as any;
    expect(json.rsp.registrationreport.complete).toBe('complete');
  });

  it('resets into a new instance and keeps the old one readable', async () => {
    expectOk(await call(emu, 'rustici.registration.resetRegistration', { regid: 'r1' }));
    const report = await result('r1');
    expect(report['@instanceid']).toBe('1');
    expect([report.complete, report.success, report.totaltime, report.score]).toEqual(['unknown', 'unknown', '0', 'unknown']);
    const old = expectOk(await call(emu, 'rustici.registration.getRegistrationResult', { regid: 'r1', instanceid: '0' })).registrationreport;
    expect(old.complete).toBe('complete');
  });

  it('lists registrations with filters', async () => {
    await createReg(emu, 'c12', 'other-1', { learnerid: 'bob' });
    const ids = async (params: Record<string, string>) =>
      ((expectOk(await call(emu, 'rustici.registration.getRegistrationList', params)).registrationlist.registration ?? []) as any[])
        .map((r) => r['@id'])
        .sort();
    expect(await ids({})).toEqual(['other-1', 'r1', 'r2004']);
    expect(await ids({ filter: 'r\\d' })).toEqual(['r1']);
    expect(await ids({ filter: 'r' })).toEqual([]);
    expect(await ids({ coursefilter: 'c2.*' })).toEqual(['r2004']);
    expect(await ids({ courseid: 'c12' })).toEqual(['other-1', 'r1']);
    expect(await ids({ learnerid: 'bob' })).toEqual(['other-1']);
    expect(await ids({ after: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await ids({ until: new Date(Date.now() + 60_000).toISOString(), learnerid: 'bob' })).toEqual(['other-1']);
    const one = expectOk(await call(emu, 'rustici.registration.getRegistrationList', { filter: 'other-1' })).registrationlist.registration[0];
    expect(one).toMatchObject({ appId: 'TESTAPP', courseId: 'c12', courseTitle: 'Course Twelve', learnerId: 'bob', learnerFirstName: 'Ada' });
  });

  it('updates learner info and postback info', async () => {
    expectOk(await call(emu, 'rustici.registration.updateLearnerInfo', { learnerid: 'bob', fname: 'Robert', lname: 'Tables' }));
    const reg = expectOk(await call(emu, 'rustici.registration.getRegistrationList', { filter: 'other-1' })).registrationlist.registration[0];
    expect(reg.learnerFirstName).toBe('Robert');
    expectOk(
      await call(emu, 'rustici.registration.updatePostbackInfo', {
        regid: 'other-1',
        url: 'http://127.0.0.1:9/pb',
        name: 'u',
        password: 'p',
        authtype: 'httpbasic',
        resultsformat: 'full',
      }),
    );
    const info = expectOk(await call(emu, 'rustici.registration.getPostbackInfo', { regid: 'other-1' })).postbackinfo;
    expect(info).toMatchObject({ url: 'http://127.0.0.1:9/pb', login: 'u', password: 'p', authtype: 'httpbasic', resultsformat: 'full' });
  });

  it('sets runtime data through the test controls without a browser', async () => {
    const summary = await control(emu, 'registrations/other-1/runtime', { completion: 'completed', success: 'passed', score: 92.5, sessionTime: 'PT2M' });
    expect(summary).toEqual({ complete: 'complete', success: 'passed', score: 92.5, totalSeconds: 120 });
    expect(await result('other-1')).toMatchObject({ complete: 'complete', success: 'passed', totaltime: '120', score: '92.5' });
  });

  it('deletes registrations; unknown ones are error 1', async () => {
    expectOk(await call(emu, 'rustici.registration.deleteRegistration', { regid: 'other-1' }));
    expect(expectOk(await call(emu, 'rustici.registration.exists', { regid: 'other-1' })).result).toBe('false');
    expect(errCode(await call(emu, 'rustici.registration.deleteRegistration', { regid: 'other-1' }))).toBe('1');
    expect(errCode(await call(emu, 'rustici.registration.getRegistrationResult', { regid: 'other-1' }))).toBe('1');
  });

  it('refuses a launch URL whose signature is wrong', async () => {
    const q = signedQuery('rustici.registration.launch', { regid: 'r1' });
    q.set('regid', 'r2004');
    const res = await fetch(`${emu.serviceUrl}?${q}`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('code="104"');
  });
});
