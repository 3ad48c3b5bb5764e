import type { RunningEmulator } from '../../src';
import { call, control, createReg, expectOk, importAndWait, scorm12Single, scorm2004, start } from '../helpers';
import { createRegV2, importV2, v2 } from './helpers';

let emu: RunningEmulator;
let zip: Buffer;
beforeAll(async () => {
  emu = await start({ v2: { pageSize: 2 } });
  zip = await scorm12Single('Reg Course');
  await importV2(emu, 'rc', zip);
});
afterAll(() => emu.close());

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('V2 courses', () => {
  it('GET /courses/{id}: CourseSchema, registrationCount on request; 404 text', async () => {
    await createRegV2(emu, 'rc', 'count-1');
    const c = await v2(emu, 'GET', '/courses/rc?includeRegistrationCount=true');
    expect(c.json).toMatchObject({ id: 'rc', title: 'Reg Course', version: 0, courseLearningStandard: 'SCORM12', registrationCount: expect.any(Number) });
    expect(c.json.created).toMatch(ISO_MS);
    expect(c.json.updated).toMatch(ISO_MS);
    expect((await v2(emu, 'GET', '/courses/rc')).json.registrationCount).toBeUndefined();
    const missing = await v2(emu, 'GET', '/courses/abc');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'Could not find course [abc]', message: 'Could not find course [abc]' });
  });

  it('maps the learning standard to the V2 enum', async () => {
    expect((await importV2(emu, 'c2004-3', await scorm2004('2004 3rd Edition'))).importResult.course.courseLearningStandard).toBe('SCORM20043RDEDITION');
    expect((await importV2(emu, 'c2004-4', await scorm2004('2004 4th Edition'))).importResult.course.courseLearningStandard).toBe('SCORM20044THEDITION');
  });

  it('GET /courses pages with an opaque more token; X-Total-Count only on the first page', async () => {
    for (const id of ['pg-a', 'pg-b', 'pg-c']) await importV2(emu, id, zip);
    const ids: string[] = [];
    let r = await v2(emu, 'GET', '/courses?filter=pg-&includeTotalCount=true&orderBy=created_asc');
    expect(r.headers.get('x-total-count')).toBe('3');
    expect(r.json.courses).toHaveLength(2);
    ids.push(...r.json.courses.map((c: { id: string }) => c.id));
    expect(typeof r.json.more).toBe('string');
    r = await v2(emu, 'GET', `/courses?more=${encodeURIComponent(r.json.more)}`);
    expect(r.headers.get('x-total-count')).toBeNull();
    ids.push(...r.json.courses.map((c: { id: string }) => c.id));
    expect('more' in r.json).toBe(false);
    expect(ids).toEqual(['pg-a', 'pg-b', 'pg-c']);
    expect((await v2(emu, 'GET', '/courses?more=garbage')).status).toBe(400);
    expect((await v2(emu, 'GET', '/courses?until=BLAH')).status).toBe(400);
  });

  it('PUT title; DELETE one version, and the last version takes the course', async () => {
    await importV2(emu, 'ver', zip);
    await importV2(emu, 'ver', zip, '&mayCreateNewVersion=true');
    expect((await v2(emu, 'PUT', '/courses/ver/title', { body: { title: 'Renamed' } })).status).toBe(204);
    expect((await v2(emu, 'GET', '/courses/ver')).json).toMatchObject({ title: 'Renamed', version: 1 });
    expect((await v2(emu, 'PUT', '/courses/ver/title', { body: {} })).status).toBe(400);
    expect((await v2(emu, 'DELETE', '/courses/ver/versions/1')).status).toBe(204);
    expect((await v2(emu, 'GET', '/courses/ver')).json.version).toBe(0);
    expect((await v2(emu, 'DELETE', '/courses/ver/versions/7')).status).toBe(404);
    expect((await v2(emu, 'DELETE', '/courses/ver/versions/0')).status).toBe(204);
    expect((await v2(emu, 'GET', '/courses/ver')).status).toBe(404);
  });

  it('DELETE /courses/{id} cascades registrations: 204, then 404', async () => {
    await importV2(emu, 'gone', zip);
    await createRegV2(emu, 'gone', 'gone-reg');
    expect((await v2(emu, 'DELETE', '/courses/gone')).status).toBe(204);
    expect((await v2(emu, 'GET', '/courses/gone')).status).toBe(404);
    expect((await v2(emu, 'HEAD', '/registrations/gone-reg')).status).toBe(404);
    expect((await v2(emu, 'DELETE', '/courses/gone')).status).toBe(404);
  });
});

describe('V2 registrations', () => {
  it('POST validates courseId, registrationId, learner.id (400), unknown course 404, duplicate 400', async () => {
    const body = { courseId: 'rc', registrationId: 'val-1', learner: { id: 'l1' } };
    for (const bad of [
      { ...body, courseId: undefined },
      { ...body, registrationId: undefined },
      { ...body, learner: {} },
      { ...body, learner: undefined },
      { ...body, postBack: { url: 'http://x', authType: 'NOPE' } },
    ]) {
      const r = await v2(emu, 'POST', '/registrations', { body: bad });
      expect(r.status).toBe(400);
      expect(r.json.error).toEqual(expect.any(String));
    }
    const nocourse = await v2(emu, 'POST', '/registrations', { body: { ...body, courseId: 'abc' } });
    expect(nocourse.status).toBe(404);
    expect(nocourse.json.error).toBe('Could not find course [abc]');
    expect((await v2(emu, 'POST', '/registrations', { body })).status).toBe(204);
    const dup = await v2(emu, 'POST', '/registrations', { body });
    expect(dup.status).toBe(400);
    expect(dup.json.error).toBe('Registration with id [val-1] already exists');
    expect((await v2(emu, 'POST', '/registrations', { body: 'not json' as unknown as object })).status).toBe(400);
  });

  it('HEAD 200/404 without a body', async () => {
    await createRegV2(emu, 'rc', 'head-1');
    const yes = await v2(emu, 'HEAD', '/registrations/head-1');
    expect(yes.status).toBe(200);
    expect(yes.text).toBe('');
    expect((await v2(emu, 'HEAD', '/registrations/nope')).status).toBe(404);
  });

  it('GET /registrations/{id}: UNKNOWN and no score until the content reports; the include flags add detail', async () => {
    await createRegV2(emu, 'rc', 'get-1');
    const fresh = await v2(emu, 'GET', '/registrations/get-1');
    expect(fresh.json).toMatchObject({
      id: 'get-1',
      instance: 0,
      registrationCompletion: 'UNKNOWN',
      registrationSuccess: 'UNKNOWN',
      totalSecondsTracked: 0,
      course: { id: 'rc', title: 'Reg Course', version: 0 },
      learner: { id: 'ada', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    });
    expect(fresh.json.score).toBeUndefined();
    expect(fresh.json.activityDetails).toBeUndefined();
    expect(fresh.json.createdDate).toMatch(ISO_MS);
    expect(fresh.json.updated).toMatch(ISO_MS);
    expect(fresh.json.firstAccessDate).toBeUndefined();

    await control(emu, 'registrations/get-1/runtime', {
      success: 'passed',
      score: 85,
      sessionTime: 42,
      interactions: [{ id: 'q1', type: 'choice', result: 'correct', learnerResponse: 'a' }],
    });
    const top = (await v2(emu, 'GET', '/registrations/get-1')).json;
    expect(top).toMatchObject({ registrationCompletion: 'COMPLETED', registrationSuccess: 'PASSED', score: { scaled: 85 }, totalSecondsTracked: 42 });
    expect(top.completedDate).toMatch(ISO_MS);
    expect(top.firstAccessDate).toMatch(ISO_MS);
    expect(top.lastAccessDate).toMatch(ISO_MS);

    const kids = (await v2(emu, 'GET', '/registrations/get-1?includeChildResults=true')).json.activityDetails;
    expect(kids.children[0]).toMatchObject({ activityCompletion: 'COMPLETED', activitySuccess: 'PASSED', score: { scaled: 85 } });
    expect(kids.children[0].runtime).toBeUndefined();
    expect(kids.children[0].objectives).toBeUndefined();

    const full = (await v2(emu, 'GET', '/registrations/get-1?includeChildResults=true&includeInteractionsAndObjectives=true&includeRuntime=true')).json
      .activityDetails.children[0];
    expect(full.objectives[0]).toMatchObject({ primary: true, objectiveSuccess: 'PASSED' });
    expect(full.runtime).toMatchObject({ runtimeSuccessStatus: 'PASSED', scoreRaw: '85' });
    expect(full.runtime.runtimeInteractions[0]).toMatchObject({ id: 'q1', type: 'Choice', result: 'correct', learnerResponse: 'a' });

    const missing = await v2(emu, 'GET', '/registrations/abc');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toBe('Could not find registration [abc]');
  });

  it('GET /registrations filters by courseId, learnerId and since/until, and pages with more', async () => {
    await importV2(emu, 'list-c', zip);
    const before = new Date(Date.now() - 1000).toISOString();
    for (const [id, learner] of [
      ['l-1', 'x'],
      ['l-2', 'y'],
      ['l-3', 'x'],
    ]) {
      const r = await v2(emu, 'POST', '/registrations', { body: { courseId: 'list-c', registrationId: id, learner: { id: learner } } });
      expect(r.status).toBe(204);
    }
    const collect = async (query: string) => {
      const ids: string[] = [];
      let r = await v2(emu, 'GET', `/registrations?${query}`);
      for (;;) {
        ids.push(...r.json.registrations.map((x: { id: string }) => x.id));
        if (!r.json.more) return ids.sort();
        r = await v2(emu, 'GET', `/registrations?more=${encodeURIComponent(r.json.more)}`);
      }
    };
    expect(await collect('courseId=list-c')).toEqual(['l-1', 'l-2', 'l-3']);
    expect(await collect('courseId=list-c&learnerId=x')).toEqual(['l-1', 'l-3']);
    expect(await collect(`courseId=list-c&since=${before}`)).toEqual(['l-1', 'l-2', 'l-3']);
    expect(await collect(`courseId=list-c&until=${before}`)).toEqual([]);
    expect(await collect('courseId=nothing')).toEqual([]);
    const first = await v2(emu, 'GET', '/registrations?courseId=list-c&includeTotalCount=true');
    expect(first.headers.get('x-total-count')).toBe('3');
  });

  it('DELETE 204/404; DELETE progress resets; instances; launch history', async () => {
    await createRegV2(emu, 'rc', 'life-1');
    await control(emu, 'registrations/life-1/runtime', { completion: 'completed', score: 50 });
    const ll = await v2(emu, 'POST', '/registrations/life-1/launchLink', { body: { redirectOnExitUrl: 'message' } });
    expect((await fetch(ll.json.launchLink, { redirect: 'manual' })).status).toBe(302);
    const history = (await v2(emu, 'GET', '/registrations/life-1/launchHistory')).json.launchHistory;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: 'life-1', instance: 0, launchTime: expect.stringMatching(ISO_MS) });

    expect((await v2(emu, 'DELETE', '/registrations/life-1/progress')).status).toBe(204);
    const reset = (await v2(emu, 'GET', '/registrations/life-1')).json;
    expect(reset).toMatchObject({ registrationCompletion: 'UNKNOWN', totalSecondsTracked: 0 });
    expect(reset.score).toBeUndefined();
    expect((await v2(emu, 'GET', '/registrations/life-1/launchHistory')).json.launchHistory).toEqual([]);

    expect((await v2(emu, 'POST', '/registrations/life-1/instances')).status).toBe(204);
    const instances = (await v2(emu, 'GET', '/registrations/life-1/instances')).json.registrations;
    expect(instances.map((i: { instance: number }) => i.instance)).toEqual([0, 1]);
    expect((await v2(emu, 'GET', '/registrations/life-1')).json.instance).toBe(1);
    expect((await v2(emu, 'GET', '/registrations/life-1/instances/0')).json.instance).toBe(0);
    expect((await v2(emu, 'GET', '/registrations/life-1/instances/9')).status).toBe(404);
    expect((await v2(emu, 'DELETE', '/registrations/life-1/instances/1')).status).toBe(204);
    expect((await v2(emu, 'GET', '/registrations/life-1')).json.instance).toBe(0);

    expect((await v2(emu, 'DELETE', '/registrations/life-1')).status).toBe(204);
    expect((await v2(emu, 'DELETE', '/registrations/life-1')).status).toBe(404);
    expect((await v2(emu, 'DELETE', '/registrations/life-1/progress')).status).toBe(404);
  });

  it('paths that V2 does not have are 404', async () => {
    await createRegV2(emu, 'rc', 'nopath-1');
    expect((await v2(emu, 'POST', '/registrations/nopath-1/launch', { body: {} })).status).toBe(404);
    expect((await v2(emu, 'GET', '/registrations/nopath-1/progress')).status).toBe(404);
    expect((await v2(emu, 'PUT', '/registrations/nopath-1', { body: {} })).status).toBe(404);
  });

  it('POST /learner/{id}/updateInfo renames the learner on all registrations; empty string blanks', async () => {
    for (const id of ['ln-1', 'ln-2']) {
      const r = await v2(emu, 'POST', '/registrations', {
        body: { courseId: 'rc', registrationId: id, learner: { id: 'grace', firstName: 'Grace', lastName: 'Hopper', email: 'g@example.com' } },
      });
      expect(r.status).toBe(204);
    }
    const r = await v2(emu, 'POST', '/learner/grace/updateInfo', { body: { id: 'grace', firstName: 'Amazing', lastName: 'Grace', email: '' } });
    expect(r.status).toBe(204);
    for (const id of ['ln-1', 'ln-2'])
      expect((await v2(emu, 'GET', `/registrations/${id}`)).json.learner).toEqual({ id: 'grace', firstName: 'Amazing', lastName: 'Grace', email: '' });
  });
});

describe('one state for V1 and V2', () => {
  it('a course imported via V1 is a V2 course; a V2 registration exists for V1', async () => {
    await importAndWait(emu, 'from-v1', zip);
    const c = await v2(emu, 'GET', '/courses/from-v1');
    expect(c.status).toBe(200);
    expect(c.json.title).toBe('Reg Course');
    await createRegV2(emu, 'from-v1', 'v2-made');
    expect(expectOk(await call(emu, 'rustici.registration.exists', { regid: 'v2-made' })).result).toBe('true');
    await createReg(emu, 'from-v1', 'v1-made');
    expect((await v2(emu, 'GET', '/registrations/v1-made')).json.learner).toMatchObject({ id: 'ada', firstName: 'Ada' });
    const job = await importV2(emu, 'from-v2', zip);
    expect(job.status).toBe('COMPLETE');
    expect(expectOk(await call(emu, 'rustici.course.exists', { courseid: 'from-v2' })).result).toBe('true');
  });
});
