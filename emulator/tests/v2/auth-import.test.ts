import type { RunningEmulator } from '../../src';
import { APP, call, control, expectOk, scorm12Single, signedQuery, start } from '../helpers';
import { basic, importV2, v2, zipForm } from './helpers';

let emu: RunningEmulator;
let zip: Buffer;
beforeAll(async () => {
  emu = await start({ apps: [APP, { appId: 'OTHER', secretKey: 'other-secret' }] });
  zip = await scorm12Single('V2 Import Course');
});
afterAll(() => emu.close());
afterEach(async () => {
  await control(emu, 'faults', undefined, 'DELETE');
  await control(emu, 'clock', { offsetSeconds: 0 });
});

const token = async (scope: string, expiration?: number, auth = basic()) => {
  const form = new URLSearchParams({ scope });
  if (expiration !== undefined) form.set('expiration', String(expiration));
  return v2(emu, 'POST', '/oauth/authenticate/application/token', { body: form, auth });
};

describe('V2 authentication', () => {
  it('answers 401 "Authorization Required." without, or with wrong, credentials', async () => {
    for (const auth of [null, basic({ appId: APP.appId, secretKey: 'wrong' }), basic({ appId: 'NOPE', secretKey: 'x' }), 'Bearer not-a-token', 'Digest abc']) {
      const r = await v2(emu, 'GET', '/ping', { auth });
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ error: 'Authorization Required.' });
    }
  });

  it('answers 401 before 404 on an unknown path, 404 with credentials', async () => {
    expect((await v2(emu, 'GET', '/nothing/here', { auth: null })).status).toBe(401);
    const r = await v2(emu, 'GET', '/nothing/here');
    expect(r.status).toBe(404);
    expect(r.json.error).toBe(r.json.message);
  });

  it('issues bearer tokens (default 300 s) that allow only their scopes and expire on the emulator clock', async () => {
    const issued = await token('write:course');
    expect(issued.status).toBe(200);
    expect(issued.json).toEqual({ access_token: expect.any(String), expires_in: 300, token_type: 'Bearer' });
    const bearer = `Bearer ${issued.json.access_token}`;
    const up = await v2(emu, 'POST', '/courses/importJobs/upload?courseId=tok-1', { body: zipForm(zip), auth: bearer });
    expect(up.status).toBe(200);
    expect((await v2(emu, 'GET', `/courses/importJobs/${up.json.result}`, { auth: bearer })).status).toBe(401);
    expect((await v2(emu, 'GET', '/ping', { auth: bearer })).status).toBe(401);
    expect((await v2(emu, 'GET', '/registrations', { auth: bearer })).status).toBe(401);

    const short = await token('read:registration read:ping', 60);
    expect(short.json.expires_in).toBe(60);
    const b2 = `Bearer ${short.json.access_token}`;
    expect((await v2(emu, 'GET', '/ping', { auth: b2 })).status).toBe(200);
    expect((await v2(emu, 'GET', '/registrations', { auth: b2 })).status).toBe(200);
    await control(emu, 'clock', { offsetSeconds: 61 });
    expect((await v2(emu, 'GET', '/ping', { auth: b2 })).status).toBe(401);
  });

  it('a bare verb scope covers its service scopes', async () => {
    const b = `Bearer ${(await token('read')).json.access_token}`;
    expect((await v2(emu, 'GET', '/courses', { auth: b })).status).toBe(200);
    expect((await v2(emu, 'DELETE', '/courses/none', { auth: b })).status).toBe(401);
  });

  it('the token endpoint takes Basic auth only, and needs a scope', async () => {
    const b = `Bearer ${(await token('read')).json.access_token}`;
    expect((await token('read', undefined, b)).status).toBe(401);
    expect((await token('')).status).toBe(400);
    expect((await token('read', 0)).status).toBe(400);
  });

  it('keeps apps apart', async () => {
    await importV2(emu, 'mine-only', zip);
    expect((await v2(emu, 'GET', '/courses/mine-only', { auth: basic({ appId: 'OTHER', secretKey: 'other-secret' }) })).status).toBe(404);
  });
});

describe('V2 ping', () => {
  it('answers apiMessage and currentTime (ISO 8601 UTC with ms) on the emulator clock, offset included', async () => {
    const r = await v2(emu, 'GET', '/ping?_=123');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json.apiMessage).toEqual(expect.any(String));
    expect(r.json.currentTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(r.json.currentTime) - Date.now())).toBeLessThan(5000);
    await control(emu, 'clock', { offsetSeconds: 3600 });
    const later = await v2(emu, 'GET', '/ping');
    expect(Date.parse(later.json.currentTime) - Date.now()).toBeGreaterThan(3590_000);
  });
});

describe('V2 upload import', () => {
  it('answers a job id; the job is RUNNING, then COMPLETE with the course', async () => {
    // A pinned clock: the job stays RUNNING until the clock passes the import delay, however slow the machine.
    let now = Date.now();
    const pinned = await start({ importDelayMs: 60_000, now: () => now });
    try {
      const up = await v2(pinned, 'POST', '/courses/importJobs/upload?courseId=imp-1&mayCreateNewVersion=false&unknownParam=1', { body: zipForm(zip) });
      expect(up.status).toBe(200);
      expect(up.json).toEqual({ result: expect.any(String) });
      const first = await v2(pinned, 'GET', `/courses/importJobs/${up.json.result}`);
      expect(first.json).toMatchObject({ jobId: up.json.result, status: 'RUNNING', message: expect.any(String) });
      expect(first.json.importResult).toBeUndefined();
      now += 60_000;
      const done = await v2(pinned, 'GET', `/courses/importJobs/${up.json.result}`);
      expect(done.json).toMatchObject({ status: 'COMPLETE', importResult: { course: { id: 'imp-1' } } });
    } finally {
      await pinned.close();
    }
    const done = await importV2(emu, 'imp-2', zip);
    expect(done).toMatchObject({
      status: 'COMPLETE',
      importResult: {
        parserWarnings: [],
        courseLanguages: [],
        webPathToCourse: expect.any(String),
        course: { id: 'imp-2', title: 'V2 Import Course', version: 0, courseLearningStandard: 'SCORM12' },
      },
    });
  });

  it('409 for an existing course without mayCreateNewVersion=true; a new version with it', async () => {
    await importV2(emu, 'dup', zip);
    const again = await v2(emu, 'POST', '/courses/importJobs/upload?courseId=dup', { body: zipForm(zip) });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatch(/^Course \[dup\] already exists/);
    expect(again.json.message).toBe(again.json.error);
    const v1 = await importV2(emu, 'dup', zip, '&mayCreateNewVersion=true');
    expect(v1.importResult.course.version).toBe(1);
    const versions = await v2(emu, 'GET', '/courses/dup/versions');
    expect(versions.json.courses.map((c: { version: number }) => c.version)).toEqual([0, 1]);
  });

  it('400 without a part named file, or without courseId', async () => {
    const wrongPart = await v2(emu, 'POST', '/courses/importJobs/upload?courseId=nofile', { body: zipForm(zip, 'filedata') });
    expect(wrongPart.status).toBe(400);
    expect(wrongPart.json.error).toMatch(/file/);
    expect((await v2(emu, 'POST', '/courses/importJobs/upload', { body: zipForm(zip) })).status).toBe(400);
  });

  it('an unusable package ends as ERROR with a message and no course', async () => {
    const job = await importV2(emu, 'broken', Buffer.from('not a zip'));
    expect(job.status).toBe('ERROR');
    expect(job.message).toEqual(expect.any(String));
    expect(job.importResult.course).toBeUndefined();
  });

  it('404 for an unknown job', async () => {
    const r = await v2(emu, 'GET', '/courses/importJobs/abc');
    expect(r.status).toBe(404);
  });

  it('the upload answers CORS for a browser posting with a bearer token', async () => {
    const pre = await fetch(`${emu.url}/api/v2/courses/importJobs/upload?courseId=x`, {
      method: 'OPTIONS',
      headers: { origin: 'http://admin.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://admin.example');
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(pre.headers.get('access-control-allow-headers')!.toLowerCase()).toContain('authorization');
    const b = `Bearer ${(await token('write:course')).json.access_token}`;
    const up = await v2(emu, 'POST', '/courses/importJobs/upload?courseId=cors-1', {
      body: zipForm(zip),
      auth: b,
      headers: { origin: 'http://admin.example' },
    });
    expect(up.status).toBe(200);
    expect(up.headers.get('access-control-allow-origin')).toBe('http://admin.example');
  });
});

describe('V1 direct upload CORS', () => {
  it('importCourseAsync posted from a page answers with its Origin, and so does the preflight', async () => {
    const query = signedQuery('rustici.course.importCourseAsync', { courseid: 'v1-cors' });
    const pre = await fetch(`${emu.url}/api?${query}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://page.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://page.example');
    const form = new FormData();
    form.append('filedata', new Blob([zip], { type: 'application/zip' }), 'course.zip');
    const res = await fetch(`${emu.url}/api?${query}`, { method: 'POST', body: form, headers: { origin: 'http://page.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://page.example');
    expect(await res.text()).toMatch(/<token><id>[0-9a-f]+<\/id><\/token>/);
  });
});

describe('V2 faults', () => {
  it('targets a V2 route by template (any parameter name), by concrete path, or v2:*', async () => {
    await control(emu, 'faults', { method: 'v2:GET /courses/{id}', type: 'http5xx', status: 502 });
    expect((await v2(emu, 'GET', '/ping')).status).toBe(200);
    expect((await v2(emu, 'GET', '/courses/whatever')).status).toBe(502);
    expect((await v2(emu, 'GET', '/courses/whatever')).status).toBe(404);

    await control(emu, 'faults', { method: 'v2:GET /courses/special', type: 'http5xx' });
    expect((await v2(emu, 'GET', '/courses/other')).status).toBe(404);
    expect((await v2(emu, 'GET', '/courses/special')).status).toBe(503);

    await control(emu, 'faults', { method: 'v2:*', type: 'malformed' });
    const bad = await v2(emu, 'GET', '/ping');
    expect(bad.status).toBe(200);
    expect(() => JSON.parse(bad.text)).toThrow();
  });

  it('V1 method faults do not hit V2, and drop/slow work on V2', async () => {
    await control(emu, 'faults', { method: 'ping', type: 'http5xx' });
    expect((await v2(emu, 'GET', '/ping')).status).toBe(200);
    await control(emu, 'faults', undefined, 'DELETE');
    await control(emu, 'faults', { method: 'v2:/ping', type: 'drop' });
    await expect(v2(emu, 'GET', '/ping')).rejects.toThrow();
    await control(emu, 'faults', { method: 'v2:GET /ping', type: 'slow', delayMs: 150 });
    const t0 = Date.now();
    expect((await v2(emu, 'GET', '/ping')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('counts V2 calls under their route key', async () => {
    await v2(emu, 'GET', '/courses/counted');
    const counted = await control(emu, `calls?method=${encodeURIComponent('v2:GET /courses/{courseId}')}&log=true`);
    expect(counted.count).toBeGreaterThan(0);
    expect(counted.log.some((c: { courseid?: string }) => c.courseid === 'counted')).toBe(true);
    expect(expectOk(await call(emu, 'rustici.debug.authPing'))).toBeDefined();
  });
});
