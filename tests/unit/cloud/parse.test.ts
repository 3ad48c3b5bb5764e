import {
  CloudApiError,
  CloudAuthError,
  CloudError,
  CloudResponseError,
  parseAsyncImportResult,
  parseCourseDetail,
  parseCourseList,
  parseEnvelope,
  parseExists,
  parseImportResults,
  parseImportToken,
  parseLaunchHistory,
  parsePostbackInfo,
  parseRegistrationList,
  parseSuccess,
  parseTime,
  parseXml,
} from '../../../server/src/cloud';
import * as fx from './fixtures/responses';

describe('parseEnvelope', () => {
  it('reads stat="ok"', () => {
    expect(parseEnvelope(fx.PONG).stat).toBe('ok');
  });

  it('reads a failure written with a self-closing <err/>', () => {
    expect(parseEnvelope(fx.FAIL_SELF_CLOSING)).toMatchObject({ stat: 'fail', code: 104, message: 'The signature is invalid' });
  });

  it('reads a failure written with an explicit </err> close tag', () => {
    expect(parseEnvelope(fx.FAIL_EXPLICIT_CLOSE)).toMatchObject({
      stat: 'fail',
      code: 107,
      message: 'Timestamp sent is outside of expiration limit.',
    });
  });

  it('turns failures into typed errors: auth codes → CloudAuthError, method codes → CloudApiError', () => {
    expect(() => parseSuccess(fx.FAIL_103, { method: 'rustici.debug.authPing' })).toThrow(CloudAuthError);
    expect(() => parseSuccess(fx.FAIL_V1_REFUSED)).toThrow(CloudAuthError);
    let err: unknown;
    try {
      parseSuccess(fx.FAIL_REG_EXISTS, { method: 'rustici.registration.createRegistration' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).not.toBeInstanceOf(CloudAuthError);
    expect(err).toBeInstanceOf(CloudError);
    expect(err).toMatchObject({ code: 2, cloudMessage: 'Registration already exists', method: 'rustici.registration.createRegistration' });
  });

  it.each([
    ['non-XML', 'Service Unavailable'],
    ['an HTML error page', fx.HTML_ERROR_PAGE],
    ['XML without declaration', '<rsp stat="ok"><pong/></rsp>'],
    ['a root other than rsp', '<?xml version="1.0"?><html/>'],
    ['an unknown stat', '<?xml version="1.0"?><rsp stat="maybe"/>'],
    ['a failure without err', '<?xml version="1.0"?><rsp stat="fail"/>'],
    ['a non-numeric err code', '<?xml version="1.0"?><rsp stat="fail"><err code="x" msg="m"/></rsp>'],
    ['truncated XML', '<?xml version="1.0"?><rsp stat="ok"><courselist>'],
    ['mismatched tags', '<?xml version="1.0"?><rsp stat="ok"><a></b></rsp>'],
    ['an empty body', ''],
  ])('rejects %s with CloudResponseError', (_label, body) => {
    expect(() => parseEnvelope(body)).toThrow(CloudResponseError);
  });

  it('refuses DOCTYPE/ENTITY payloads before parsing (XXE, billion laughs)', () => {
    expect(() => parseEnvelope(fx.DOCTYPE_PAYLOAD)).toThrow(/DTD/);
    expect(() => parseEnvelope(fx.BILLION_LAUGHS)).toThrow(CloudResponseError);
    expect(() => parseXml('<!ENTITY x "y"><a/>')).toThrow(CloudResponseError);
  });

  it('refuses bodies over the byte limit', () => {
    const big = fx.ok(`<result>${'x'.repeat(2048)}</result>`);
    expect(() => parseExists(big, { maxBytes: 1024 })).toThrow(/exceeds 1024 bytes/);
    expect(() => parseEnvelope(fx.ok(`<a>${'é'.repeat(600)}</a>`), { maxBytes: 1024 })).toThrow(CloudResponseError);
  });

  it('decodes predefined entities and character references without expanding anything else', () => {
    const root = parseXml('<a t="x &amp; &quot;y&quot;">&lt;b&gt; &#65;&#x42; &unknown;</a>');
    expect(root.attrs.t).toBe('x & "y"');
    expect(root.text).toBe('<b> AB &unknown;');
  });
});

describe('import results', () => {
  it('reads the async import token', () => {
    expect(parseImportToken(fx.IMPORT_TOKEN)).toEqual({ token: '4e3b6a1c-token' });
  });

  it('reads importresult directly under rsp (synchronous importCourse), ignoring extra siblings', () => {
    expect(parseImportResults(fx.IMPORT_RESULT_UNWRAPPED)).toEqual([
      {
        successful: true,
        title: 'Golf Explained - Run-time Basic Calls',
        message: 'Import Successful',
        parserWarnings: ['Manifest has no schemaversion', 'Duplicate identifier'],
      },
    ]);
  });

  it('reads importresult inside the importresults wrapper', () => {
    expect(parseImportResults(fx.ASYNC_FINISHED)).toHaveLength(1);
  });

  it('rejects an importresult whose successful attribute is not true/false, naming the field', () => {
    expect(() => parseImportResults(fx.ok('<importresult successful="yes"><title/></importresult>'))).toThrow(/importresult\/@successful/);
  });
});

describe('parseAsyncImportResult', () => {
  it('reads created', () => {
    expect(parseAsyncImportResult(fx.ASYNC_CREATED)).toEqual({ status: 'created', results: [] });
  });

  it('reads running with message and progress', () => {
    expect(parseAsyncImportResult(fx.ASYNC_RUNNING)).toEqual({
      status: 'running',
      message: 'Unpacking Course Files...',
      progress: 40,
      results: [],
    });
  });

  it('reads finished with wrapped results', () => {
    expect(parseAsyncImportResult(fx.ASYNC_FINISHED)).toEqual({
      status: 'finished',
      results: [{ successful: true, title: 'Photoshop Example -- Competency', message: 'Import Successful', parserWarnings: ['[warning text]'] }],
    });
  });

  it('reports a finished-but-unsuccessful import as finished with successful=false', () => {
    const r = parseAsyncImportResult(fx.ASYNC_FINISHED_UNSUCCESSFUL);
    expect(r.status).toBe('finished');
    expect(r.results).toEqual([{ successful: false, title: '', message: 'zip file contained no courses', parserWarnings: [] }]);
  });

  it('reads an error with a code and CDATA text', () => {
    expect(parseAsyncImportResult(fx.ASYNC_ERROR_WITH_CODE)).toEqual({
      status: 'error',
      results: [],
      error: { code: 2, message: 'Course zip file not found' },
    });
  });

  it('reads an error without a code', () => {
    expect(parseAsyncImportResult(fx.ASYNC_ERROR_WITHOUT_CODE).error).toEqual({ message: 'Invalid course package & more' });
  });

  it('rejects an unknown status, naming the field', () => {
    expect(() => parseAsyncImportResult(fx.ok('<status>paused</status>'))).toThrow(/Invalid status/);
  });
});

describe('course list and detail', () => {
  it('reads courses with string ids (0012 stays "0012"), -1 versions, tags and learning standard', () => {
    expect(parseCourseList(fx.COURSE_LIST)).toEqual([
      { id: '0012', title: 'Golf Explained', versions: -1, registrations: 0, size: 411424, tags: ['demo', 'golf'] },
      { id: 'c2', title: 'Second & Last', versions: 2, registrations: 5, size: 3180, tags: [], learningStandard: 'cmi5' },
    ]);
  });

  it('reads an empty course list', () => {
    expect(parseCourseList(fx.COURSE_LIST_EMPTY)).toEqual([]);
  });

  it('reads course detail with its versions and dates', () => {
    const d = parseCourseDetail(fx.COURSE_DETAIL);
    expect(d).toMatchObject({ id: 'c1', title: 'Golf', versions: 2, tags: ['demo'], learningStandard: 'cmi5' });
    expect(d.versionList.map((v) => [v.versionId, v.updateDate?.toISOString()])).toEqual([
      ['0', '2021-06-22T18:57:00.000Z'],
      ['1', '2021-06-23T08:00:00.000Z'],
    ]);
    expect(d.createDate?.toISOString()).toBe('2021-06-22T18:57:00.000Z');
  });

  it('rejects a non-integer size, naming the field', () => {
    expect(() => parseCourseList(fx.ok('<courselist><course id="a" size="big"/></courselist>'))).toThrow(/course\/@size/);
  });
});

describe('registration list, launch history, exists, time, postback info', () => {
  it('reads the registration list including CDATA values and instances', () => {
    const [reg, ...rest] = parseRegistrationList(fx.REGISTRATION_LIST);
    expect(rest).toEqual([]);
    expect(reg).toMatchObject({
      id: 'reg-1',
      courseId: 'c1',
      appId: 'MYAPPID',
      courseTitle: 'Golf & Friends',
      lastCourseVersionLaunched: '0',
      learnerId: 'l1',
      learnerFirstName: 'Ada',
      learnerLastName: 'Lovelace',
      email: 'ada@example.com',
    });
    expect(reg!.createDate?.toISOString()).toBe('2011-03-23T14:00:45.000Z');
    expect(reg!.lastAccessDate).toBeUndefined();
    expect(reg!.instances).toEqual([
      { instanceId: 0, courseVersion: '0', updateDate: new Date('2011-03-24T10:05:00.000Z') },
      { instanceId: 1, courseVersion: '1' },
    ]);
  });

  it('reads launch history', () => {
    expect(parseLaunchHistory(fx.LAUNCH_HISTORY)).toEqual({
      registrationId: 'reg-1',
      launches: [
        {
          id: 'c7f31a43',
          completion: 'complete',
          satisfaction: 'failed',
          measureStatus: '1',
          normalizedMeasure: 0.2,
          experiencedDurationTracked: 2628,
          launchTime: new Date('2011-04-05T19:06:37.780Z'),
          exitTime: new Date('2011-04-05T19:07:06.616Z'),
          updateDate: new Date('2011-04-05T19:07:06.616Z'),
        },
      ],
    });
  });

  it('reads exists true/false and rejects anything else', () => {
    expect(parseExists(fx.EXISTS_TRUE)).toBe(true);
    expect(parseExists(fx.EXISTS_FALSE)).toBe(false);
    expect(() => parseExists(fx.ok('<result>maybe</result>'))).toThrow(/Invalid result/);
  });

  it('reads getTime as a UTC instant and rejects a malformed one', () => {
    expect(parseTime(fx.GET_TIME).toISOString()).toBe('2024-01-15T09:30:00.000Z');
    expect(() => parseTime(fx.ok('<currenttime tz="UTC">2024-01-15</currenttime>'))).toThrow(CloudResponseError);
  });

  it('reads postback info, defaulting authtype/resultsformat as the Cloud does', () => {
    expect(parsePostbackInfo(fx.POSTBACK_INFO)).toEqual({
      registrationId: 'reg-1',
      url: 'https://lms.example/postback',
      username: 'lms',
      password: 'pb-pass',
      authType: 'httpbasic',
      resultsFormat: 'full',
    });
    expect(parsePostbackInfo(fx.ok('<postbackinfo regid="r"><url>u</url></postbackinfo>'))).toEqual({
      registrationId: 'r',
      url: 'u',
      authType: 'form',
      resultsFormat: 'course',
    });
    expect(() => parsePostbackInfo(fx.ok('<postbackinfo regid="r"><authtype>digest</authtype></postbackinfo>'))).toThrow(/postbackinfo\/authtype/);
  });
});
