import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudResponseError } from '../../../server/src/cloud/errors';
import { CloudPostbackError, parsePostback, parseStoredReport, type PostbackInput } from '../../../server/src/cloud/postback';

const FORM = 'application/x-www-form-urlencoded; charset=UTF-8';
/** base64("cloud:pb-pass") */
const BASIC = 'Basic Y2xvdWQ6cGItcGFzcw==';
const MAX = 64 * 1024;

const V1_COURSE =
  '<registrationreport format="course" regid="reg-1" instanceid="2"><complete>complete</complete><success>passed</success><totaltime>61</totaltime><score>87.5</score></registrationreport>';
const V1_COURSE_REPORT = {
  format: 'course',
  registrationId: 'reg-1',
  instanceId: 2,
  complete: 'complete',
  success: 'passed',
  score: 87.5,
  totalTimeSeconds: 61,
};

const V2_COURSE = JSON.stringify({
  id: 'reg-2',
  instance: 1,
  updated: '2026-01-02T03:04:05.000Z',
  registrationCompletion: 'INCOMPLETE',
  registrationSuccess: 'UNKNOWN',
  totalSecondsTracked: 30.4,
  course: { id: 'c1', title: 'Golf', version: 0 },
  learner: { id: 'l1', firstName: 'Ada', lastName: 'Lovelace' },
});
const V2_COURSE_REPORT = {
  format: 'course',
  registrationId: 'reg-2',
  instanceId: 1,
  complete: 'incomplete',
  success: 'unknown',
  score: null,
  totalTimeSeconds: 30,
  updatedAt: new Date('2026-01-02T03:04:05.000Z'),
};

const form = (fields: Record<string, string>): Buffer => Buffer.from(new URLSearchParams(fields).toString(), 'utf8');

const input = (over: Partial<PostbackInput>): PostbackInput => ({ body: Buffer.alloc(0), maxBytes: MAX, ...over });

function refusal(i: PostbackInput): CloudPostbackError {
  try {
    parsePostback(i);
  } catch (err) {
    expect(err).toBeInstanceOf(CloudPostbackError);
    return err as CloudPostbackError;
  }
  throw new Error('expected a refusal');
}

describe('parsePostback: V1 XML', () => {
  it('reads a form post with username', () => {
    const parsed = parsePostback(input({ contentType: FORM, body: form({ username: 'cloud', password: 'pb-pass', data: V1_COURSE }) }));
    expect(parsed).toEqual({
      authType: 'form',
      wire: 'v1-xml',
      username: 'cloud',
      password: 'pb-pass',
      registrationId: 'reg-1',
      raw: V1_COURSE,
      report: V1_COURSE_REPORT,
    });
  });

  it('reads an httpbasic post, bare or inside <rsp>', () => {
    const wrapped = `<?xml version="1.0" encoding="utf-8" ?><rsp stat="ok">${V1_COURSE}</rsp>`;
    for (const xml of [V1_COURSE, `<?xml version="1.0"?>\n${V1_COURSE}`, wrapped]) {
      const parsed = parsePostback(input({ contentType: 'text/xml', authorization: BASIC, body: Buffer.from(xml) }));
      expect(parsed).toEqual({
        authType: 'httpbasic',
        wire: 'v1-xml',
        username: 'cloud',
        password: 'pb-pass',
        registrationId: 'reg-1',
        raw: xml,
        report: V1_COURSE_REPORT,
      });
    }
  });

  it('reads an activity report', () => {
    const xml =
      '<registrationreport format="activity" regid="reg-3" instanceid="0"><activity id="root"><title>Golf</title><attempts>1</attempts><complete>complete</complete><success>failed</success><time>0000:00:19.60</time><score>40</score><children/></activity></registrationreport>';
    const parsed = parsePostback(input({ authorization: BASIC, body: Buffer.from(xml) }));
    expect(parsed.report).toEqual({
      format: 'activity',
      registrationId: 'reg-3',
      instanceId: 0,
      complete: 'complete',
      success: 'failed',
      score: 40,
      totalTimeSeconds: 20,
      activity: { id: 'root', title: 'Golf', attempts: 1, complete: 'complete', success: 'failed', score: 40, timeSeconds: 20, children: [] },
    });
  });

  it('returns `invalid` for a report whose regid is readable but whose content is not', () => {
    const xml =
      '<registrationreport format="course" regid="reg-9"><complete>sorta</complete><success>passed</success><totaltime>1</totaltime><score>1</score></registrationreport>';
    const parsed = parsePostback(input({ authorization: BASIC, body: Buffer.from(xml) }));
    expect(parsed).toEqual({
      authType: 'httpbasic',
      wire: 'v1-xml',
      username: 'cloud',
      password: 'pb-pass',
      registrationId: 'reg-9',
      raw: xml,
      invalid: 'Invalid complete in SCORM Cloud response: "sorta" (expected complete | incomplete | unknown)',
    });
  });

  it('refuses XML without a registrationreport or without a regid', () => {
    expect(refusal(input({ authorization: BASIC, body: Buffer.from('<rsp stat="ok"><other/></rsp>') }))).toMatchObject({
      reason: 'body',
      message: 'Postback body has no registrationreport element.',
    });
    expect(refusal(input({ authorization: BASIC, body: Buffer.from('<registrationreport format="course"/>') }))).toMatchObject({
      reason: 'body',
      message: 'Postback registrationreport has no regid.',
    });
  });

  it('refuses a DTD: no XXE, no entity expansion', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><registrationreport format="course" regid="r">&x;</registrationreport>';
    for (const i of [
      input({ authorization: BASIC, body: Buffer.from(xxe) }),
      input({ contentType: FORM, body: form({ username: 'cloud', password: 'pb-pass', data: xxe }) }),
    ]) {
      const err = refusal(i);
      expect(err.reason).toBe('body');
      expect(err.message).toBe('Postback body is not an acceptable XML report: Response contains a DTD (DOCTYPE/ENTITY); refused');
    }
  });
});

describe('parsePostback: V2 JSON', () => {
  it('reads a form post with userName (the V2 guide) and with username', () => {
    for (const userField of ['userName', 'username']) {
      const parsed = parsePostback(input({ contentType: FORM, body: form({ data: V2_COURSE, [userField]: 'cloud', password: 'pb-pass' }) }));
      expect(parsed).toEqual({
        authType: 'form',
        wire: 'v2-json',
        username: 'cloud',
        password: 'pb-pass',
        registrationId: 'reg-2',
        raw: V2_COURSE,
        report: V2_COURSE_REPORT,
      });
    }
  });

  it('reads an httpbasic JSON body', () => {
    const parsed = parsePostback(input({ contentType: 'application/json; charset=UTF-8', authorization: BASIC, body: Buffer.from(V2_COURSE) }));
    expect(parsed).toEqual({
      authType: 'httpbasic',
      wire: 'v2-json',
      username: 'cloud',
      password: 'pb-pass',
      registrationId: 'reg-2',
      raw: V2_COURSE,
      report: V2_COURSE_REPORT,
    });
  });

  it('infers the activity format and reads both timeTracked shapes', () => {
    const body = JSON.stringify({
      id: 'reg-4',
      registrationCompletion: 'COMPLETED',
      registrationSuccess: 'PASSED',
      score: { scaled: 90 },
      totalSecondsTracked: 72.5,
      activityDetails: {
        id: 'root',
        title: 'Golf',
        attempts: 2,
        activityCompletion: 'COMPLETED',
        activitySuccess: 'PASSED',
        score: { scaled: 90 },
        timeTracked: 'PT1M2.5S',
        children: [{ id: 'sco1', title: 'Intro', attempts: 1, activityCompletion: 'INCOMPLETE', activitySuccess: 'UNKNOWN', timeTracked: '0000:00:10.40' }],
      },
    });
    expect(parsePostback(input({ authorization: BASIC, body: Buffer.from(body) })).report).toEqual({
      format: 'activity',
      registrationId: 'reg-4',
      instanceId: 0,
      complete: 'complete',
      success: 'passed',
      score: 90,
      totalTimeSeconds: 73,
      activity: {
        id: 'root',
        title: 'Golf',
        attempts: 2,
        complete: 'complete',
        success: 'passed',
        score: 90,
        timeSeconds: 63,
        children: [{ id: 'sco1', title: 'Intro', attempts: 1, complete: 'incomplete', success: 'unknown', score: null, timeSeconds: 10, children: [] }],
      },
    });
  });

  it('infers the full format from objectives and runtime', () => {
    const body = JSON.stringify({
      id: 'reg-5',
      registrationCompletion: 'COMPLETED',
      registrationSuccess: 'FAILED',
      score: { scaled: 40 },
      totalSecondsTracked: 12,
      activityDetails: {
        id: 'sco1',
        title: 'Quiz',
        attempts: 1,
        activityCompletion: 'COMPLETED',
        activitySuccess: 'FAILED',
        score: { scaled: 40 },
        timeTracked: '0000:00:12.00',
        suspended: false,
        objectives: [{ id: 'PRIMARYOBJ', primary: true, score: { scaled: 40 }, objectiveCompletion: 'COMPLETED', objectiveSuccess: 'FAILED' }],
        runtime: { completionStatus: 'COMPLETED', scoreRaw: '4', learnerPreference: { audioLevel: 1 }, runtimeInteractions: [{ id: 'q1', result: 'wrong' }] },
      },
    });
    expect(parsePostback(input({ authorization: BASIC, body: Buffer.from(body) })).report).toEqual({
      format: 'full',
      registrationId: 'reg-5',
      instanceId: 0,
      complete: 'complete',
      success: 'failed',
      score: 40,
      totalTimeSeconds: 12,
      activity: {
        id: 'sco1',
        title: 'Quiz',
        attempts: 1,
        complete: 'complete',
        success: 'failed',
        score: 40,
        timeSeconds: 12,
        children: [],
        suspended: false,
        objectives: [{ id: 'PRIMARYOBJ', measureStatus: true, normalizedMeasure: 0.4, progressStatus: true, satisfiedStatus: false }],
        runtime: { completionStatus: 'COMPLETED', scoreRaw: '4', learnerPreference: { audioLevel: '1' }, runtimeInteractions: [{ id: 'q1', result: 'wrong' }] },
      },
    });
  });

  it('returns `invalid` for a registration with an unknown enum or a wrong type', () => {
    const bad = JSON.stringify({ id: 'reg-6', registrationCompletion: 'DONE' });
    expect(parsePostback(input({ authorization: BASIC, body: Buffer.from(bad) }))).toEqual({
      authType: 'httpbasic',
      wire: 'v2-json',
      username: 'cloud',
      password: 'pb-pass',
      registrationId: 'reg-6',
      raw: bad,
      invalid: 'Invalid registration.registrationCompletion in SCORM Cloud response: "DONE" (expected COMPLETED | INCOMPLETE | UNKNOWN)',
    });
    const wrongType = JSON.stringify({ id: 'reg-7', totalSecondsTracked: '12' });
    expect(parsePostback(input({ authorization: BASIC, body: Buffer.from(wrongType) })).invalid).toBe(
      'Invalid registration.totalSecondsTracked in SCORM Cloud response: "12" (expected a number)',
    );
    const badTime = JSON.stringify({ id: 'reg-8', activityDetails: { id: 'a', timeTracked: 'soon' } });
    expect(parsePostback(input({ authorization: BASIC, body: Buffer.from(badTime) })).invalid).toBe(
      'Invalid activityDetails.timeTracked in SCORM Cloud response: "soon" (expected a duration like 0000:15:41.98)',
    );
  });

  it('refuses a JSON array, a JSON without an id, and JSON that does not parse', () => {
    expect(refusal(input({ authorization: BASIC, body: Buffer.from('[{"id":"r"}]') }))).toMatchObject({
      reason: 'body',
      message: 'Postback JSON report is not an object (got an array).',
    });
    for (const body of ['{"registrationId":"r"}', '{"id":""}', '{"id":42}']) {
      expect(refusal(input({ authorization: BASIC, body: Buffer.from(body) }))).toMatchObject({
        reason: 'body',
        message: 'Postback JSON report has no registration id.',
      });
    }
    const err = refusal(input({ authorization: BASIC, body: Buffer.from('{"id": "r", ') }));
    expect(err.reason).toBe('body');
    expect(err.message).toMatch(/^Postback body is not an acceptable JSON report: /);
  });

  it('refuses JSON nested absurdly deep before parsing it', () => {
    const body = `{"id":"r","x":${'['.repeat(500)}${']'.repeat(500)}}`;
    expect(refusal(input({ authorization: BASIC, body: Buffer.from(body) }))).toMatchObject({
      reason: 'body',
      message: 'Postback body is not an acceptable JSON report: nested deeper than 200 levels',
    });
  });
});

describe('parsePostback: credentials and size', () => {
  it('refuses missing credentials before looking at the body', () => {
    expect(refusal(input({ contentType: FORM, body: form({ username: 'cloud', data: 'garbage' }) }))).toMatchObject({
      reason: 'credentials',
      message: 'Postback credentials missing: expected the username (or userName) and password fields.',
    });
    expect(refusal(input({ contentType: FORM, body: form({ password: 'pb-pass', data: V1_COURSE }) })).reason).toBe('credentials');
    expect(refusal(input({ body: Buffer.from(V2_COURSE) }))).toMatchObject({
      reason: 'credentials',
      message: 'Postback credentials missing: expected a form post or an Authorization: Basic header.',
    });
    expect(refusal(input({ authorization: 'Bearer abc', body: Buffer.from(V2_COURSE) })).reason).toBe('credentials');
    // base64("cloudpb-pass"): no colon
    expect(refusal(input({ authorization: 'Basic Y2xvdWRwYi1wYXNz', body: Buffer.from(V2_COURSE) }))).toMatchObject({
      reason: 'credentials',
      message: 'Postback credentials malformed.',
    });
    // base64("cloud:")
    expect(refusal(input({ authorization: 'Basic Y2xvdWQ6', body: Buffer.from(V2_COURSE) }))).toMatchObject({
      reason: 'credentials',
      message: 'Postback credentials missing.',
    });
  });

  it('refuses a post with credentials but no report', () => {
    expect(refusal(input({ contentType: FORM, body: form({ username: 'cloud', password: 'pb-pass' }) }))).toMatchObject({
      reason: 'body',
      message: 'Postback has no report: expected the data field with the registration report (XML or JSON).',
    });
    expect(refusal(input({ authorization: BASIC, body: Buffer.from('  \n') }))).toMatchObject({
      reason: 'body',
      message: 'Postback has no report: the body is empty.',
    });
  });

  it('refuses garbage', () => {
    for (const body of ['hello', 'data=1']) {
      expect(refusal(input({ authorization: BASIC, body: Buffer.from(body) }))).toMatchObject({
        reason: 'body',
        message: 'Postback body is not an acceptable XML report: Response is not XML',
      });
    }
    expect(refusal(input({ authorization: BASIC, body: Buffer.from('\u0000\u0001') }))).toMatchObject({
      reason: 'body',
      message: expect.stringContaining('U+0000'),
    });
    expect(refusal(input({ authorization: BASIC, body: Buffer.from('<registrationreport regid="r"><x></registrationreport>') })).message).toMatch(
      /^Postback body is not an acceptable XML report: Response is not well-formed XML/,
    );
  });

  it('refuses a report larger than maxBytes, XML or JSON', () => {
    expect(refusal(input({ authorization: BASIC, body: Buffer.from(V1_COURSE), maxBytes: 100 }))).toMatchObject({
      reason: 'body',
      message: 'Postback body is not an acceptable XML report: Response body exceeds 100 bytes',
    });
    expect(refusal(input({ contentType: FORM, body: form({ username: 'cloud', password: 'pb-pass', data: V2_COURSE }), maxBytes: 100 }))).toMatchObject({
      reason: 'body',
      message: 'Postback body is not an acceptable JSON report: it exceeds 100 bytes',
    });
  });
});

describe('parseStoredReport', () => {
  it('reads XML and JSON rows by their first character', () => {
    expect(parseStoredReport(`  \n${V1_COURSE}`, { maxBytes: MAX })).toEqual(V1_COURSE_REPORT);
    expect(parseStoredReport(`\n ${V2_COURSE}`, { maxBytes: MAX })).toEqual(V2_COURSE_REPORT);
  });

  it('throws the content error for an invalid row and a body error for an unreadable one', () => {
    expect(() => parseStoredReport('{"id":"r","registrationSuccess":"MAYBE"}', { maxBytes: MAX })).toThrow(CloudResponseError);
    expect(() => parseStoredReport('', { maxBytes: MAX })).toThrow(CloudPostbackError);
    expect(() => parseStoredReport('[]', { maxBytes: MAX })).toThrow(CloudPostbackError);
  });
});

describe('parsePostback: shared V1 postback fixtures', () => {
  // ../shared beside the repository root, when present.
  const dir = resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'v1-responses');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.includes('postback_data')) : [];
  // Written by hand from the files (see their SOURCES.md rows).
  const expected: Record<string, { complete: string; success: string; totalTimeSeconds: number; score: number }> = {
    'adhesion__postback_data__1.xml': { complete: 'complete', success: 'failed', totalTimeSeconds: 19, score: 0 },
    'adhesion__postback_data__2.xml': { complete: 'complete', success: 'failed', totalTimeSeconds: 19, score: 0 },
    'ntiapp__postback_data__rsp_wrapped.xml': { complete: 'complete', success: 'passed', totalTimeSeconds: 326, score: 100 },
  };

  if (files.length === 0) {
    it('skipped: no shared postback fixtures', () => {
      console.log(`Skipping the shared postback fixtures: ${dir} has none on this machine.`);
    });
    return;
  }

  it.each(files)('%s reads as a form post and as an httpbasic post', (file) => {
    const xml = readFileSync(join(dir, file), 'utf8');
    const viaForm = parsePostback(input({ contentType: FORM, body: form({ username: 'cloud', password: 'pb-pass', data: xml }) }));
    const viaBasic = parsePostback(input({ authorization: BASIC, body: Buffer.from(xml) }));
    for (const parsed of [viaForm, viaBasic]) {
      expect(parsed.wire).toBe('v1-xml');
      expect(parsed.registrationId).toBe('REGID');
      expect(parsed.invalid).toBeUndefined();
      if (expected[file]) expect(parsed.report).toEqual({ format: 'course', registrationId: 'REGID', instanceId: 0, ...expected[file] });
    }
  });
});
