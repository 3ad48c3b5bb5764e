import { eventually } from '../../tests/helpers/eventually';
/**
 * What real client libraries send and what real V1 answers look like (the shared V1 response samples):
 * requests are built by hand, byte for byte as those clients build them.
 */
import { request as httpRequest } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import type { RunningEmulator } from '../src';
import { sign } from '../../server/src/cloud/sign';
import { parseAsyncImportResult } from '../../server/src/cloud/parse/async-import-result';
import { parseRegistrationReport } from '../../server/src/cloud/parse/registration-report';
import { parseRegistrationDetail } from '../../server/src/cloud/parse/registration-list';
import {
  APP,
  buildZip,
  call,
  control,
  createReg,
  errCode,
  expectOk,
  importAndWait,
  scorm12Single,
  scorm2004,
  signedQuery,
  stamp,
  start,
  upload,
  receiver,
  type Params,
} from './helpers';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
  await importAndWait(emu, 'c12', await scorm12Single('Course Twelve'));
  await importAndWait(emu, 'c2004', await scorm2004('2004 4th Edition', 'Course 2004'));
});
afterAll(() => emu.close());

/** The PHP library's query: its fixed `applib`/`origin` extras, every parameter signed and in the query. */
function phpQuery(method: string, params: Params): URLSearchParams {
  const all: Params = { method, appid: APP.appId, origin: 'wordpress.plugin', ts: stamp(), applib: 'php', ...params };
  return new URLSearchParams({ ...all, sig: sign(APP.secretKey, all) });
}

/** A POST with exact headers and body (fetch would pick its own framing). */
function rawPost(query: URLSearchParams, headers: Record<string, string>, body?: string): Promise<string> {
  const url = new URL(`${emu.serviceUrl}?${query}`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });
type Node = Record<string, unknown> & { ':@'?: Record<string, string> };
const nameOf = (n: Node) => Object.keys(n).find((k) => k !== ':@')!;
const kids = (n: Node) => (n[nameOf(n)] as Node[]).filter((k) => nameOf(k) !== '#text');
const find = (nodes: Node[], name: string) => nodes.find((n) => nameOf(n) === name)!;
const names = (n: Node) => kids(n).map(nameOf);
/** The `<registrationreport>` of an answer, as an ordered tree. */
function reportTree(xml: string): Node {
  const rsp = find(ordered.parse(xml) as Node[], 'rsp');
  return find(kids(rsp), 'registrationreport');
}
const textOf = (n: Node, name: string): string => {
  const el = find(kids(n), name);
  const inner = el[name] as Node[];
  return inner.map((t) => String(t['#text'] ?? '')).join('');
};

describe('requests as real client libraries send them', () => {
  it('takes createRegistration with resultsformat=xml (the PHP library default, sent by the WordPress plugin) as course', async () => {
    // PHP ServiceRequest: every parameter in the query, CURLOPT_POSTFIELDS "" (an empty urlencoded POST; its
    // `Expect:` header line tells curl to send no Expect header at all).
    const query = phpQuery('rustici.registration.createRegistration', {
      regid: 'wp-1',
      courseid: 'c12',
      fname: 'Ada',
      lname: 'Lovelace',
      learnerid: 'ada',
      resultsformat: 'xml',
      postbackurl: 'http://127.0.0.1:9/pb',
    });
    const text = await rawPost(query, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' }, '');
    expect(text).toContain('<rsp stat="ok"><success/></rsp>');
    const info = expectOk(await call(emu, 'rustici.registration.getPostbackInfo', { regid: 'wp-1' })).postbackinfo;
    expect(info).toMatchObject({ url: 'http://127.0.0.1:9/pb', authtype: 'form', resultsformat: 'course' });
  });

  it('takes authtype and resultsformat values in any case, and summary for course', async () => {
    await createReg(emu, 'c12', 'case-1', { postbackurl: 'http://127.0.0.1:9/pb', authtype: 'HttpBasic', resultsformat: 'FULL', urlname: 'u', urlpass: 'p' });
    expect(expectOk(await call(emu, 'rustici.registration.getPostbackInfo', { regid: 'case-1' })).postbackinfo).toMatchObject({
      authtype: 'httpbasic',
      resultsformat: 'full',
    });
    expectOk(
      await call(emu, 'rustici.registration.updatePostbackInfo', {
        regid: 'case-1',
        url: 'http://127.0.0.1:9/pb2',
        authtype: 'FORM',
        resultsformat: 'Summary',
      }),
    );
    expect(expectOk(await call(emu, 'rustici.registration.getPostbackInfo', { regid: 'case-1' })).postbackinfo).toMatchObject({
      authtype: 'form',
      resultsformat: 'course',
    });
    const report = expectOk(await call(emu, 'rustici.registration.getRegistrationResult', { regid: 'case-1', resultsformat: 'Activity' })).registrationreport;
    expect(report['@format']).toBe('activity');
    // A value no client sends stays an error, so typos show.
    expect(errCode(await call(emu, 'rustici.registration.getRegistrationResult', { regid: 'case-1', resultsformat: 'everything' }))).toBe('205');
  });

  it.each([
    ['rustici.debug.authPing', {}],
    ['rustici.course.getCourseList', {}],
    ['rustici.course.exists', { courseid: 'c12' }],
    ['rustici.registration.createRegistration', { regid: 'mp-empty', courseid: 'c12', fname: 'A', lname: 'B', learnerid: 'l' }],
  ] as Array<[string, Params]>)('answers %s sent as an empty multipart POST (content-length 0)', async (method, params) => {
    const text = await rawPost(signedQuery(method, params), {
      'content-type': 'multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW',
      'content-length': '0',
    });
    expect(text).toMatch(/^<\?xml version="1.0" encoding="utf-8" \?><rsp stat="ok">/);
  });

  it('answers an empty chunked multipart POST the same way', async () => {
    const text = await rawPost(signedQuery('rustici.debug.authPing'), { 'content-type': 'multipart/form-data; boundary=xyz', 'transfer-encoding': 'chunked' });
    expect(text).toContain('<rsp stat="ok"><pong/></rsp>');
  });

  it('merges the text fields of a multipart POST without a file with the query', async () => {
    const all: Params = {
      method: 'rustici.registration.createRegistration',
      appid: APP.appId,
      ts: stamp(),
      regid: 'mp-fields',
      courseid: 'c12',
      fname: 'Grace',
      lname: 'Hopper',
      learnerid: 'grace',
    };
    const sig = sign(APP.secretKey, all);
    const query = new URLSearchParams({ method: all.method, appid: all.appid, ts: all.ts, sig });
    const boundary = 'b0undary';
    const fields = ['regid', 'courseid', 'fname', 'lname', 'learnerid'];
    const body = fields.map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="${f}"\r\n\r\n${all[f]}\r\n`).join('') + `--${boundary}--\r\n`;
    const text = await rawPost(query, { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(Buffer.byteLength(body)) }, body);
    expect(text).toContain('<success/>');
    const reg = expectOk(await call(emu, 'rustici.registration.getRegistrationList', { filter: 'mp-fields' })).registrationlist.registration[0];
    expect(reg).toMatchObject({ learnerId: 'grace', learnerFirstName: 'Grace', courseId: 'c12' });
  });

  it('still refuses an import sent as an empty multipart POST: there is no file', async () => {
    const text = await rawPost(signedQuery('rustici.course.importCourse', { courseid: 'nothing' }), {
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': '0',
    });
    expect(text).toMatch(/<err code="203"/);
  });
});

describe('answers as the real service gives them', () => {
  it('gives message and progress in getAsyncImportResult once finished', async () => {
    const { rsp } = await importAndWait(emu, 'c-msg', await scorm12Single('Message Course'));
    expect(rsp).toMatchObject({ status: 'finished', message: 'Finished', progress: '100' });
    expect(rsp.importresults.importresult[0]['@successful']).toBe('true');
  });

  it('gives the failure as message in getAsyncImportResult on error', async () => {
    const { token, rsp } = await importAndWait(emu, 'c-bad', await buildZip({ 'readme.txt': 'no manifest' }));
    expect(rsp.status).toBe('error');
    expect(rsp.progress).toBe('100');
    expect(rsp.message).toBeTruthy();
    const reply = await call(emu, 'rustici.course.getAsyncImportResult', { token });
    const parsed = parseAsyncImportResult(reply.text);
    expect(parsed.message).toBe(parsed.error?.message);
  });

  it('lists courses with versions="-1" and a lower-case learningStandard; the detail counts versions', async () => {
    const list = expectOk(await call(emu, 'rustici.course.getCourseList', { filter: 'c12|c2004' })).courselist.course;
    const byId = Object.fromEntries(list.map((c: any) => [c['@id'], c]));
    expect(byId.c12).toMatchObject({ '@versions': '-1', learningStandard: 'scorm_12' });
    expect(byId.c2004).toMatchObject({ '@versions': '-1', learningStandard: 'scorm_2004_4th_edition' });
    expect(expectOk(await call(emu, 'rustici.course.getCourseDetail', { courseid: 'c12' })).course[0]['@versions']).toBe('1');
  });

  it('answers getRegistrationDetail with one registration under rsp, as the plugin parser reads it', async () => {
    await createReg(emu, 'c12', 'detail-1', { email: 'ada@example.com' });
    const reply = await call(emu, 'rustici.registration.getRegistrationDetail', { regid: 'detail-1' });
    expect(reply.text).toMatch(/<rsp stat="ok"><registration id="detail-1" courseid="c12"><appId>TESTAPP<\/appId>/);
    expect(parseRegistrationDetail(reply.text)).toMatchObject({
      id: 'detail-1',
      courseId: 'c12',
      courseTitle: 'Course Twelve',
      email: 'ada@example.com',
      instances: [{ instanceId: 0, courseVersion: '0' }],
    });
    expect(errCode(await call(emu, 'rustici.registration.getRegistrationDetail', { regid: 'nobody' }))).toBe('1');
  });

  it('orders postbackinfo as the sample does: url, authtype, login, password', async () => {
    await createReg(emu, 'c12', 'pbi', { postbackurl: 'https://example/pb', urlname: 'user1', urlpass: 'password' });
    const reply = await call(emu, 'rustici.registration.getPostbackInfo', { regid: 'pbi' });
    expect(reply.text).toContain(
      '<postbackinfo regid="pbi"><url>https://example/pb</url><authtype>form</authtype><login>user1</login><password>password</password>',
    );
  });

  describe('registration reports', () => {
    beforeAll(async () => {
      await createReg(emu, 'c2004', 'rep');
      await control(emu, 'registrations/rep/runtime', {
        activityId: 'SCO1',
        completion: 'completed',
        success: 'passed',
        score: 80,
        sessionTime: 'PT2M',
        interactions: [{ id: 'q1', type: 'choice', result: 'correct', learnerResponse: 'a', correctResponse: 'a' }],
      });
    });

    it('orders activity reports as real ones and gives leaves an empty <children></children>', async () => {
      const reply = await call(emu, 'rustici.registration.getRegistrationResult', { regid: 'rep', resultsformat: 'activity' });
      const root = find(kids(reportTree(reply.text)), 'activity');
      expect(names(root)).toEqual(['title', 'attempts', 'complete', 'success', 'timeacrossattempts', 'time', 'score', 'children']);
      expect(textOf(root, 'timeacrossattempts')).toBe('0000:02:00.00');
      expect(textOf(root, 'time')).toBe('');
      expect(reply.text).toMatch(/<activity id="SCO1">.*?<time>0000:02:00\.00<\/time><score>80<\/score><children><\/children><\/activity>/);
      expect(parseRegistrationReport(reply.text)).toMatchObject({ complete: 'incomplete', totalTimeSeconds: 120 });
    });

    it('gives full reports sequencing flags, the primary objective and the runtime in real vocabulary', async () => {
      const reply = await call(emu, 'rustici.registration.getRegistrationResult', { regid: 'rep', resultsformat: 'full' });
      const root = find(kids(reportTree(reply.text)), 'activity');
      expect(names(root)).toEqual([
        'title',
        'satisfied',
        'completed',
        'timeacrossattempts',
        'progressstatus',
        'attemptprogressstatus',
        'attempts',
        'suspended',
        'objectives',
        'children',
      ]);
      expect(reply.text).not.toMatch(/<activity id="[^"]*"><title>[^<]*<\/title><complete>/);
      expect(reply.text).toContain(
        '<activity id="SCO1"><title>Intro</title><satisfied>true</satisfied><completed>true</completed><timeacrossattempts>0000:02:00.00</timeacrossattempts><progressstatus>true</progressstatus>',
      );
      expect(reply.text).toContain(
        '<objective id="" primary="true"><measurestatus>true</measurestatus><normalizedmeasure>0.8</normalizedmeasure><progressstatus>true</progressstatus><satisfiedstatus>true</satisfiedstatus></objective>',
      );
      expect(reply.text).toContain('<objective id="" primary="true"><measurestatus>false</measurestatus><normalizedmeasure>0.0</normalizedmeasure>');
      expect(reply.text).toContain('<credit>Credit</credit><entry>AbInitio</entry><exit>Unknown</exit>');
      expect(reply.text).toContain('<audio_level>1.0</audio_level><language/><delivery_speed>1.0</delivery_speed><audio_captioning>0</audio_captioning>');
      expect(reply.text).toContain('<location>null</location><mode>Normal</mode>');
      expect(reply.text).toContain('<score_scaled>0.8</score_scaled><score_raw>80.0</score_raw><score_min>0</score_min><score_max>100.0</score_max>');
      expect(reply.text).toContain('<success_status>Passed</success_status>');
      expect(reply.text).toContain('<time_limit_action>Undefined</time_limit_action>');
      expect(reply.text).toContain('<learner_id>ada</learner_id><learner_name>Lovelace, Ada</learner_name>');
      expect(reply.text).toContain('<correct_responses><response id="a"/></correct_responses>');
      const report = parseRegistrationReport(reply.text);
      expect(report).toMatchObject({ format: 'full', complete: 'incomplete', totalTimeSeconds: 120 });
      const sco = report.activity!.children[0].children[0];
      expect(sco).toMatchObject({ id: 'SCO1', complete: 'complete', success: 'passed', score: 80, timeSeconds: 120 });
    });

    it('keeps total_time (what the content reported) apart from timetracked (what the player measured)', async () => {
      await createReg(emu, 'c12', 'tracked');
      const res = await fetch(`${emu.serviceUrl}?${signedQuery('rustici.registration.launch', { regid: 'tracked', redirecturl: 'blank' })}`, {
        redirect: 'manual',
      });
      const launchId = /\/_player\/([^/]+)\//.exec(res.headers.get('location')!)![1];
      await emu.playerHost.finish(launchId, {
        'cmi.core.lesson_status': 'incomplete',
        'cmi.core.session_time': '0000:10:00.00',
        'cmi.core.exit': 'suspend',
        'cmi.core.lesson_location': 'p3',
      });
      const reply = await call(emu, 'rustici.registration.getRegistrationResult', { regid: 'tracked', resultsformat: 'full' });
      expect(reply.text).toContain('<total_time>0000:10:00.00</total_time>');
      const tracked = /<timetracked>([^<]*)<\/timetracked>/.exec(reply.text)![1];
      expect(tracked).not.toBe('0000:10:00.00');
      expect(tracked).toMatch(/^0000:00:\d\d\.\d\d$/);
      expect(reply.text).toContain('<exit>Suspend</exit>');
      expect(reply.text).toContain('<location>p3</location>');
      expect(reply.text).toContain('<suspended>true</suspended>');
    });

    it('posts back the same report shapes', async () => {
      const pb = await receiver();
      try {
        await createReg(emu, 'c2004', 'rep-pb', { postbackurl: pb.url, resultsformat: 'full' });
        await control(emu, 'registrations/rep-pb/runtime', { activityId: 'SCO1', completion: 'completed', success: 'failed', score: 30, sessionTime: 'PT1M' });
        await eventually('pb.received.length > 0', () => pb.received.length > 0);
        const data = pb.received[0].form!.get('data')!;
        expect(data).toMatch(
          /^<registrationreport format="full" regid="rep-pb" instanceid="0"><activity id="ORG"><title>Course 2004<\/title><satisfied>false<\/satisfied>/,
        );
        expect(data).toContain('<success_status>Failed</success_status>');
        expect(parseRegistrationReport(data).activity!.children[0].children[0]).toMatchObject({
          id: 'SCO1',
          complete: 'complete',
          success: 'failed',
          score: 30,
        });
      } finally {
        await pb.close();
      }
    });
  });
});

it('uploads still work as the PHP library sends them', async () => {
  expectOk(await upload(emu, 'rustici.course.importCourse', { courseid: 'php-sync' }, await scorm12Single('PHP Sync')));
});

describe('flags', () => {
  it.each(['true', 'TRUE', '1', 'yes'])('launches with disableTracking=%s without recording anything', async (value) => {
    const regid = `untracked-${value}`;
    await createReg(emu, 'c12', regid);
    const res = await fetch(`${emu.serviceUrl}?${signedQuery('rustici.registration.launch', { regid, redirecturl: 'blank', disableTracking: value })}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    const launchId = /\/_player\/([^/]+)\//.exec(res.headers.get('location')!)![1];
    await emu.playerHost.finish(launchId, { 'cmi.core.lesson_status': 'passed', 'cmi.core.session_time': '0000:01:00.00' });
    const report = expectOk(await call(emu, 'rustici.registration.getRegistrationResult', { regid })).registrationreport;
    expect([report.complete, report.success, report.totaltime]).toEqual(['unknown', 'unknown', '0']);
  });

  it.each(['false', 'False', '0', 'no'])('records a launch with disableTracking=%s', async (value) => {
    const regid = `tracked-${value}`;
    await createReg(emu, 'c12', regid);
    const res = await fetch(`${emu.serviceUrl}?${signedQuery('rustici.registration.launch', { regid, redirecturl: 'blank', disableTracking: value })}`, {
      redirect: 'manual',
    });
    const launchId = /\/_player\/([^/]+)\//.exec(res.headers.get('location')!)![1];
    await emu.playerHost.finish(launchId, { 'cmi.core.lesson_status': 'passed', 'cmi.core.session_time': '0000:01:00.00' });
    const report = expectOk(await call(emu, 'rustici.registration.getRegistrationResult', { regid })).registrationreport;
    expect([report.complete, report.success, report.totaltime]).toEqual(['complete', 'passed', '60']);
  });
});
