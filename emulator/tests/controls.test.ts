import { eventually } from '../../tests/helpers/eventually';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../src';
import { call, callRaw, control, createReg, errCode, expectOk, importAndWait, receiver, scorm12Single, signedQuery, start, upload } from './helpers';

describe('test controls and faults', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  it('counts calls per method', async () => {
    await control(emu, 'calls', undefined, 'DELETE');
    await call(emu, 'rustici.debug.authPing');
    await call(emu, 'rustici.debug.authPing');
    await call(emu, 'rustici.course.exists', { courseid: 'x' });
    expect((await control(emu, 'calls')).counts).toEqual({ 'rustici.debug.authPing': 2, 'rustici.course.exists': 1 });
    expect((await control(emu, 'calls?method=authPing')).count).toBe(2);
  });

  it('logs each call with its subject and caller origin, never its signature', async () => {
    await control(emu, 'calls', undefined, 'DELETE');
    const before = Date.now();
    await call(emu, 'rustici.course.exists', { courseid: 'logged', origin: 'instance.a' });
    await call(emu, 'rustici.course.getAsyncImportResult', { token: 'tok-1', origin: 'instance.b' });
    await call(emu, 'rustici.course.getAsyncImportResult', { token: 'tok-2' });
    const all = await control(emu, 'calls?log=true');
    expect(all.log.map((c: { method: string }) => c.method)).toEqual([
      'rustici.course.exists',
      'rustici.course.getAsyncImportResult',
      'rustici.course.getAsyncImportResult',
    ]);
    const polls = await control(emu, 'calls?method=getAsyncImportResult&log=true');
    expect(polls.count).toBe(2);
    expect(polls.log).toEqual([
      { method: 'rustici.course.getAsyncImportResult', at: expect.any(String), origin: 'instance.b', token: 'tok-1' },
      { method: 'rustici.course.getAsyncImportResult', at: expect.any(String), token: 'tok-2' },
    ]);
    expect(Date.parse(polls.log[0].at)).toBeGreaterThanOrEqual(before - 1000);
    expect(JSON.stringify(all)).not.toMatch(/sig|appid/i);
    // Without log=true the answer stays as it was.
    expect(await control(emu, 'calls?method=getAsyncImportResult')).toEqual({ method: 'getAsyncImportResult', count: 2 });
    await control(emu, 'calls', undefined, 'DELETE');
    expect((await control(emu, 'calls?log=true')).log).toEqual([]);
  });

  it('answers the next N calls of a method with a 5xx', async () => {
    await control(emu, 'faults', { method: 'authPing', type: 'http5xx', status: 502, count: 2 });
    expect((await call(emu, 'rustici.debug.authPing')).status).toBe(502);
    expect((await call(emu, 'rustici.course.exists', { courseid: 'x' })).status).toBe(200);
    expect((await call(emu, 'rustici.debug.authPing')).status).toBe(502);
    expectOk(await call(emu, 'rustici.debug.authPing'));
  });

  it('slows replies, drops connections and sends malformed XML', async () => {
    await control(emu, 'faults', { method: '*', type: 'slow', delayMs: 250 });
    const t0 = Date.now();
    expectOk(await call(emu, 'rustici.debug.authPing'));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);

    await control(emu, 'faults', { method: 'rustici.debug.authPing', type: 'drop' });
    await expect(call(emu, 'rustici.debug.authPing')).rejects.toThrow();

    await control(emu, 'faults', { type: 'malformedXml', count: 'all' });
    const bad = await callRaw(emu, signedQuery('rustici.debug.authPing'));
    expect(bad.text.startsWith('<?xml')).toBe(true);
    expect(bad.text).toContain('<unclosed>');
    expect((await control(emu, 'faults')).faults).toHaveLength(1);
    await control(emu, 'faults', undefined, 'DELETE');
    expectOk(await call(emu, 'rustici.debug.authPing'));
  });

  it('shifts the emulator clock: signed calls from a correct client then fail with 107', async () => {
    await control(emu, 'clock', { offsetSeconds: 3600 });
    expect(errCode(await call(emu, 'rustici.debug.authPing'))).toBe('107');
    const time = expectOk(await callRaw(emu, new URLSearchParams({ method: 'rustici.debug.getTime' })));
    const serverMs = Date.UTC(
      +time.currenttime['#text'].slice(0, 4),
      +time.currenttime['#text'].slice(4, 6) - 1,
      +time.currenttime['#text'].slice(6, 8),
      +time.currenttime['#text'].slice(8, 10),
      +time.currenttime['#text'].slice(10, 12),
      +time.currenttime['#text'].slice(12, 14),
    );
    expect(Math.abs(serverMs - Date.now() - 3600_000)).toBeLessThan(5000);
    await control(emu, 'clock', { offsetSeconds: 0 });
    expectOk(await call(emu, 'rustici.debug.authPing'));
  });

  it('can make the next import finish with successful="false"', async () => {
    await control(emu, 'imports/next-unsuccessful', {});
    const { rsp } = await importAndWait(emu, 'unlucky', await scorm12Single());
    expect(rsp.status).toBe('finished');
    expect(rsp.importresults.importresult[0]['@successful']).toBe('false');
  });

  it('rejects bad control input with a JSON error', async () => {
    const res = await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ type: 'explode' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toMatch(/type must be/);
  });

  it('resets all state', async () => {
    await importAndWait(emu, 'gone', await scorm12Single());
    await control(emu, 'reset', {});
    expect(expectOk(await call(emu, 'rustici.course.exists', { courseid: 'gone' })).result).toBe('false');
    expect((await control(emu, 'calls')).counts).toEqual({ 'rustici.course.exists': 1 });
  });
});

describe('persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scorm-emu-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps courses, packages, registrations, runtime data and launches across a restart', async () => {
    const first = await start({ dataDir: dir });
    await importAndWait(first, 'kept', await scorm12Single('Kept Course'));
    await createReg(first, 'kept', 'reg-kept');
    await control(first, 'registrations/reg-kept/runtime', { success: 'passed', score: 75, sessionTime: 42 });
    await first.close();
    expect(readdirSync(join(dir, 'packages'))).toHaveLength(1);

    const second = await start({ dataDir: dir });
    try {
      expect(expectOk(await call(second, 'rustici.course.getCourseDetail', { courseid: 'kept' })).course[0]['@title']).toBe('Kept Course');
      const report = expectOk(await call(second, 'rustici.registration.getRegistrationResult', { regid: 'reg-kept' })).registrationreport;
      expect(report).toMatchObject({ complete: 'complete', success: 'passed', score: '75', totaltime: '42' });
      const res = await fetch(`${second.serviceUrl}?${signedQuery('rustici.registration.launch', { regid: 'reg-kept' })}`, { redirect: 'manual' });
      const launchId = /\/_player\/([^/]+)\//.exec(res.headers.get('location')!)![1];
      const launch = await second.playerHost.getLaunch(launchId);
      expect(await second.playerHost.openPackageFile(launch!.launchId, 'index.html')).toBeDefined();
    } finally {
      await second.close();
    }
  });

  it('logs a state write that fails and keeps serving from memory', async () => {
    const logged: string[] = [];
    const emu = await start({ dataDir: dir, log: (msg) => logged.push(msg) });
    try {
      await importAndWait(emu, 'fragile', await scorm12Single('Fragile'));
      // The folder goes away under the running emulator: the next write cannot land.
      rmSync(dir, { recursive: true, force: true });
      await createReg(emu, 'fragile', 'reg-fragile');
      await eventually('the log line about not saving the state', () => logged.some((m) => m.startsWith(`could not save the state in ${dir}`)));
      expect(logged.find((m) => m.startsWith('could not save'))).toMatch(/ENOENT/);
      expect(expectOk(await call(emu, 'rustici.registration.exists', { regid: 'reg-fragile' })).result).toBe('true');
    } finally {
      await emu.close();
    }
  });

  it('finishes an import that was in progress at shutdown', async () => {
    const first = await start({ dataDir: dir, importDelayMs: 300 });
    const token = expectOk(await upload(first, 'rustici.course.importCourseAsync', { courseid: 'later' }, await scorm12Single('Later'))).token.id;
    await first.close();
    const second = await start({ dataDir: dir, importDelayMs: 300 });
    try {
      await eventually(
        'the import to finish on the second emulator',
        async () => expectOk(await call(second, 'rustici.course.getAsyncImportResult', { token })).status === 'finished',
      );
      expect(expectOk(await call(second, 'rustici.course.exists', { courseid: 'later' })).result).toBe('true');
    } finally {
      await second.close();
    }
  });

  it('delivers postbacks that were pending at shutdown after the restart', async () => {
    let up = false;
    const rx = await receiver(() => (up ? 200 : 500));
    try {
      const first = await start({ dataDir: dir });
      await importAndWait(first, 'q', await scorm12Single());
      await createReg(first, 'q', 'reg-q', { postbackurl: rx.url });
      await control(first, 'registrations/reg-q/runtime', { completion: 'completed' });
      await eventually('rx.attempts() >= 1', () => rx.attempts() >= 1);
      await first.close();
      up = true;
      const second = await start({ dataDir: dir });
      try {
        await control(second, 'postbacks/flush', {});
        await eventually('rx.received.length === 1', () => rx.received.length === 1);
        expect(rx.received[0].form!.get('data')).toContain('regid="reg-q"');
      } finally {
        await second.close();
      }
    } finally {
      await rx.close();
    }
  });
});
