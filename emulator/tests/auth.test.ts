import { sign } from '../../server/src/cloud/sign';
import type { RunningEmulator } from '../src';
import { APP, call, callRaw, errCode, expectOk, signedQuery, stamp, start } from './helpers';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start({ apps: [APP, { appId: 'OTHER', secretKey: 'other-secret' }] });
});
afterAll(() => emu.close());

const query = (params: Record<string, string>) => new URLSearchParams(params);

describe('signed V1 requests', () => {
  it('answers authPing with pong and an XML declaration first', async () => {
    const reply = await call(emu, 'rustici.debug.authPing');
    expect(reply.status).toBe(200);
    expect(reply.text.startsWith('<?xml version="1.0" encoding="utf-8" ?>')).toBe(true);
    expect(reply.text).toContain('<rsp stat="ok"><pong/></rsp>');
  });

  it('accepts several configured applications', async () => {
    expectOk(await call(emu, 'rustici.debug.authPing', {}, { appId: 'OTHER', secretKey: 'other-secret' }));
  });

  it('answers ping and getTime without authentication, ignoring ts and sig', async () => {
    expect((await callRaw(emu, query({ method: 'rustici.debug.ping' }))).text).toContain('<pong/>');
    expect((await callRaw(emu, query({ method: 'rustici.debug.ping', ts: 'garbage', sig: 'x' }))).text).toContain('<pong/>');
    const time = expectOk(await callRaw(emu, query({ method: 'rustici.debug.getTime' })));
    expect(time.currenttime['#text']).toMatch(/^\d{14}$/);
    expect(time.currenttime['@tz']).toBe('UTC');
  });

  it('accepts the signature in lower- and upper-case hex', async () => {
    const q = signedQuery('rustici.debug.authPing');
    q.set('sig', q.get('sig')!.toLowerCase());
    expectOk(await callRaw(emu, q));
    q.set('sig', q.get('sig')!.toUpperCase());
    expectOk(await callRaw(emu, q));
  });

  it('rejects a wrong signature with 104 as HTTP 200 stat=fail', async () => {
    const q = signedQuery('rustici.debug.authPing');
    q.set('sig', 'd41d8cd98f00b204e9800998ecf8427e');
    const reply = await callRaw(emu, q);
    expect(reply.status).toBe(200);
    expect(reply.rsp['@stat']).toBe('fail');
    expect(errCode(reply)).toBe('104');
    expect(reply.text.startsWith('<?xml')).toBe(true);
  });

  it('rejects a signature made with parameters sorted byte-wise instead of case-insensitively', async () => {
    const params = { method: 'rustici.debug.authPing', appid: APP.appId, ts: stamp(), courseTags: 'a', courseid: 'c' };
    const plainSorted = Object.keys(params).sort();
    const serialized = APP.secretKey + plainSorted.map((k) => k + params[k as keyof typeof params]).join('');
    const wrong = require('node:crypto').createHash('md5').update(serialized).digest('hex') as string;
    expect(wrong).not.toBe(sign(APP.secretKey, params));
    expect(errCode(await callRaw(emu, query({ ...params, sig: wrong })))).toBe('104');
  });

  it('rejects an expired ts and a future ts (15-minute window both ways) with 107', async () => {
    expect(errCode(await callRaw(emu, signedQuery('rustici.debug.authPing', {}, APP, stamp(Date.now() - 16 * 60_000))))).toBe('107');
    expect(errCode(await callRaw(emu, signedQuery('rustici.debug.authPing', {}, APP, stamp(Date.now() + 16 * 60_000))))).toBe('107');
    expectOk(await callRaw(emu, signedQuery('rustici.debug.authPing', {}, APP, stamp(Date.now() - 14 * 60_000))));
    expectOk(await callRaw(emu, signedQuery('rustici.debug.authPing', {}, APP, stamp(Date.now() + 14 * 60_000))));
  });

  it('rejects a malformed ts with 106', async () => {
    for (const ts of ['2024-01-15T09:30:00', '202401150930', '20241315093000', 'abcdefghijklmn']) {
      expect(errCode(await callRaw(emu, signedQuery('rustici.debug.authPing', {}, APP, ts)))).toBe('106');
    }
  });

  it('reports missing appid 101, unknown appid 102, missing sig 103, missing ts 105', async () => {
    const ts = stamp();
    expect(errCode(await callRaw(emu, query({ method: 'rustici.debug.authPing', ts, sig: 'abc' })))).toBe('101');
    expect(errCode(await callRaw(emu, signedQuery('rustici.debug.authPing', {}, { appId: 'NOPE', secretKey: 'x' })))).toBe('102');
    expect(errCode(await callRaw(emu, query({ method: 'rustici.debug.authPing', appid: APP.appId, ts })))).toBe('103');
    const noTs = { method: 'rustici.debug.authPing', appid: APP.appId };
    expect(errCode(await callRaw(emu, query({ ...noTs, sig: sign(APP.secretKey, noTs) })))).toBe('105');
  });

  it('reports a missing method 200, an unknown method 202, a missing parameter 203', async () => {
    const noMethod = { appid: APP.appId, ts: stamp() };
    expect(errCode(await callRaw(emu, query({ ...noMethod, sig: sign(APP.secretKey, noMethod) })))).toBe('200');
    expect(errCode(await call(emu, 'rustici.course.noSuchThing'))).toBe('202');
    const reply = await call(emu, 'rustici.registration.createRegistration', { courseid: 'c', regid: 'r', fname: 'A', lname: 'B' });
    expect(errCode(reply)).toBe('203');
    expect(reply.rsp.err['@msg']).toContain('learnerid');
  });

  it('reports an invalid parameter value with 205', async () => {
    expect(errCode(await call(emu, 'rustici.registration.getRegistrationList', { filter: '(' }))).toBe('205');
  });

  it('serves /EngineWebServices/api as well', async () => {
    expectOk(await callRaw(emu, signedQuery('rustici.debug.authPing'), undefined, '/EngineWebServices/api'));
  });

  it('merges urlencoded POST fields with the query and verifies the signature over both', async () => {
    const all = signedQuery('rustici.course.exists', { courseid: 'nothing' });
    const q = new URLSearchParams({ method: all.get('method')!, appid: all.get('appid')! });
    const body = new URLSearchParams({ ts: all.get('ts')!, courseid: 'nothing', sig: all.get('sig')! });
    const reply = await callRaw(emu, q, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(expectOk(reply).result).toBe('false');
  });

  it('escapes parameter values echoed in messages', async () => {
    const reply = await call(emu, 'rustici.registration.getRegistrationResult', { regid: '<&"x">' });
    expect(errCode(reply)).toBe('1');
    expect(reply.text).toContain('&lt;&amp;&quot;x&quot;&gt;');
  });
});
