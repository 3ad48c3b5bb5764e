import { buildSignedUrl, CloudClient, normalizeServiceUrl, parseUtcTimestamp, sign, utcTimestamp, verifySignature } from '../../../server/src/cloud';

const TS = new Date(Date.UTC(2024, 0, 15, 9, 30, 0));

describe('sign (V1 request signatures)', () => {
  it('reproduces worked example 1 (authPing with origin and applib)', () => {
    expect(
      sign('s3cr3tKEY', {
        method: 'rustici.debug.authPing',
        appid: 'MYAPPID',
        origin: 'acme.lms.1.0',
        ts: '20240115093000',
        applib: 'ts',
      }),
    ).toBe('9860f53c8d5d7bb9d7ced7fc3bf71645');
  });

  const example2 = {
    method: 'rustici.registration.createRegistration',
    appid: 'MYAPPID',
    ts: '20240115093000',
    courseid: 'course-1',
    regid: 'reg 42',
    learnerid: 'learner@example.com',
    fname: 'Ada',
    lname: 'Lovelace',
    courseTags: 'math,history',
  };

  it('reproduces worked example 2: names sort case-insensitively (courseid before courseTags)', () => {
    expect(sign('s3cr3tKEY', example2)).toBe('bde91b6ec95d68f57be85a3463270000');
  });

  it('differs from the plain-ASCII-sort counter-example of example 2', () => {
    expect(sign('s3cr3tKEY', example2)).not.toBe('db3ad7479a2ee15675cf673ceb55f086');
  });

  it('reproduces worked example 3: a multi-valued parameter writes its sorted values once', () => {
    expect(sign('BIGSECRET', { foo: '1', bar: ['this', 'that'] })).toBe('e95ae25533ae2db259e5fabbbe2e0bcc');
    expect(sign('BIGSECRET', { bar: ['that', 'this'], foo: '1' })).toBe('e95ae25533ae2db259e5fabbbe2e0bcc');
  });

  it('reproduces the community "taco" vector and the real md5 of the old doc example', () => {
    expect(sign('taco', { z: '1', y: '2', x: '3' })).toBe('8ce7baa8ea7dc3cc8e61f554d0855b43');
    expect(sign('BIGSECRET', { foo: '1', bar: '2' })).toBe('c186af94cef7cc2a9b4b0b6aff6c5cda');
  });

  it('never signs the sig parameter itself', () => {
    expect(sign('taco', { x: '3', y: '2', z: '1', sig: 'whatever' })).toBe('8ce7baa8ea7dc3cc8e61f554d0855b43');
  });

  it('verifies signatures whatever their hex case, and rejects wrong ones', () => {
    const params = { x: '3', y: '2', z: '1' };
    expect(verifySignature('taco', params, '8ce7baa8ea7dc3cc8e61f554d0855b43')).toBe(true);
    expect(verifySignature('taco', params, '8CE7BAA8EA7DC3CC8E61F554D0855B43')).toBe(true);
    expect(verifySignature('taco', params, '8ce7baa8ea7dc3cc8e61f554d0855b44')).toBe(false);
    expect(verifySignature('taco', params, 'short')).toBe(false);
  });
});

describe('utcTimestamp / parseUtcTimestamp', () => {
  it('formats yyyyMMddHHmmss in UTC', () => {
    expect(utcTimestamp(TS)).toBe('20240115093000');
    expect(utcTimestamp(new Date('2024-12-31T23:59:59.999Z'))).toBe('20241231235959');
  });

  it('parses its own output back to the same instant (second precision)', () => {
    expect(parseUtcTimestamp('20240115093000').toISOString()).toBe('2024-01-15T09:30:00.000Z');
  });

  it.each(['2024011509300', '202401150930000', '2024-01-15T09:30', '20241315093000', '20240230093000', '20240115253000', ''])('throws on malformed %j', (s) => {
    expect(() => parseUtcTimestamp(s)).toThrow(RangeError);
  });
});

describe('buildSignedUrl', () => {
  const config = { serviceUrl: 'https://cloud.scorm.com/api', appId: 'MYAPPID', secretKey: 's3cr3tKEY', origin: 'acme.lms.1.0' };

  it('builds the URL of worked example 1, sig last', () => {
    const url = new URL(buildSignedUrl(config, 'rustici.debug.authPing', { applib: 'ts' }, TS));
    expect(`${url.origin}${url.pathname}`).toBe('https://cloud.scorm.com/api');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: 'MYAPPID',
      applib: 'ts',
      method: 'rustici.debug.authPing',
      origin: 'acme.lms.1.0',
      ts: '20240115093000',
      sig: '9860f53c8d5d7bb9d7ced7fc3bf71645',
    });
    expect(url.search.endsWith('&sig=9860f53c8d5d7bb9d7ced7fc3bf71645')).toBe(true);
  });

  it('form-encodes values (space as +) while signing the raw values, as in example 2', () => {
    const { appId, secretKey } = config;
    const s = buildSignedUrl(
      { appId, secretKey },
      'rustici.registration.createRegistration',
      {
        courseid: 'course-1',
        regid: 'reg 42',
        learnerid: 'learner@example.com',
        fname: 'Ada',
        lname: 'Lovelace',
        courseTags: 'math,history',
      },
      TS,
    );
    expect(s).toContain('regid=reg+42');
    expect(s).toContain('learnerid=learner%40example.com');
    expect(s).toContain('courseTags=math%2Chistory');
    expect(new URL(s).searchParams.get('sig')).toBe('bde91b6ec95d68f57be85a3463270000');
  });

  it('repeats multi-valued parameters in the query and signs them sorted', () => {
    const url = new URL(buildSignedUrl({ appId: 'A', secretKey: 'S' }, 'm', { tag: ['b', 'a'] }, TS));
    expect(url.searchParams.getAll('tag')).toEqual(['b', 'a']);
    const params: Record<string, string | string[]> = {};
    for (const k of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(k);
      params[k] = all.length > 1 ? all : all[0]!;
    }
    expect(verifySignature('S', params, url.searchParams.get('sig')!)).toBe(true);
  });

  it('omits undefined parameters and does not send origin unless configured', () => {
    const url = new URL(buildSignedUrl({ appId: 'A', secretKey: 'S' }, 'm', { a: undefined, b: '1' }, TS));
    expect([...url.searchParams.keys()].sort()).toEqual(['appid', 'b', 'method', 'sig', 'ts']);
  });

  it.each([
    ['https://cloud.scorm.com/api', 'https://cloud.scorm.com/api'],
    ['https://cloud.scorm.com/api/', 'https://cloud.scorm.com/api'],
    ['https://cloud.scorm.com/EngineWebServices', 'https://cloud.scorm.com/EngineWebServices/api'],
    ['https://cloud.scorm.com/EngineWebServices/api', 'https://cloud.scorm.com/EngineWebServices/api'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000/api'],
  ])('normalises service URL %s → %s', (input, expected) => {
    expect(normalizeServiceUrl(input).toString()).toBe(expected);
  });

  it('signs client URLs with appid, ts and origin, and computes expiry as ts + 15 minutes', () => {
    const client = new CloudClient({ ...config, serviceUrl: 'https://cloud.scorm.com/EngineWebServices' });
    const launch = client.launchUrl('reg-1', { redirectUrl: 'https://lms.example/done', cssUrl: 'https://lms.example/p.css', now: TS });
    const url = new URL(launch.url);
    expect(url.pathname).toBe('/EngineWebServices/api');
    expect(url.searchParams.get('method')).toBe('rustici.registration.launch');
    expect(url.searchParams.get('regid')).toBe('reg-1');
    expect(url.searchParams.get('redirecturl')).toBe('https://lms.example/done');
    expect(url.searchParams.get('cssurl')).toBe('https://lms.example/p.css');
    expect(url.searchParams.get('origin')).toBe('acme.lms.1.0');
    expect(launch.expiresAt.toISOString()).toBe('2024-01-15T09:45:00.000Z');
    const params = Object.fromEntries(url.searchParams);
    expect(verifySignature('s3cr3tKEY', params, params.sig!)).toBe(true);

    const upload = client.importCourseAsyncUrl('c1', { redirectUrl: 'https://lms.example/imported', now: TS });
    const u = new URL(upload.url);
    expect(u.searchParams.get('method')).toBe('rustici.course.importCourseAsync');
    expect(u.searchParams.get('courseid')).toBe('c1');
    expect(u.searchParams.get('redirecturl')).toBe('https://lms.example/imported');
    expect(upload.expiresAt.getTime() - TS.getTime()).toBe(15 * 60 * 1000);
    expect(client.buildSignedUrl('rustici.debug.ping', {}, TS)).toContain('ts=20240115093000');
  });

  it('keeps the secret out of the client when inspected or serialised', () => {
    const client = new CloudClient({ ...config });
    expect(JSON.stringify(client)).not.toContain('s3cr3tKEY');
    expect(require('node:util').inspect(client, { depth: 5 })).not.toContain('s3cr3tKEY');
  });
});
