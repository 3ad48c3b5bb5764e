import Busboy from 'busboy';
import { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import {
  CloudAbortedError,
  CloudApiError,
  CloudAuthError,
  CloudClient,
  CloudClockSkewError,
  CloudError,
  CloudResponseError,
  CloudUnavailableError,
  utcTimestamp,
  verifySignature,
  type CloudClientOptions,
  type CloudRequestEvent,
  type CloudResponseEvent,
} from '../../../server/src/cloud';
import { CloudV1Api } from '../../../server/src/cloud/v1-api';
import * as fx from './fixtures/responses';
import { startCloud, xml, type Handler } from './fixtures/server';

const SECRET = 'sup3r-s3cret-KEY';
const NOW = new Date(Date.UTC(2024, 0, 15, 9, 30, 0));

let cloud: Awaited<ReturnType<typeof startCloud>>;
let handler: Handler;

beforeAll(async () => {
  cloud = await startCloud((req, res, seen) => handler(req, res, seen));
});
afterAll(() => cloud.close());
beforeEach(() => {
  cloud.seen.length = 0;
  handler = (_req, res) => xml(res, fx.SUCCESS);
});

const makeClient = (over: Partial<CloudClientOptions> = {}): CloudClient =>
  new CloudClient({
    serviceUrl: `${cloud.url}/EngineWebServices`,
    appId: 'APP1',
    secretKey: SECRET,
    origin: 'acme.lms.1.0',
    retryDelayMs: 0,
    timeoutMs: 2_000,
    now: () => NOW,
    ...over,
  });

const caught = async (p: Promise<unknown>): Promise<CloudError> => {
  try {
    await p;
  } catch (e) {
    return e as CloudError;
  }
  throw new Error('expected a rejection');
};

const expectNoSecrets = (err: unknown): void => {
  const e = err as Error;
  for (const text of [String(e), e.message, e.stack ?? '', JSON.stringify(e)]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('sig=');
  }
};

describe('CloudClient against a local HTTP server', () => {
  it('sends signed GETs to <serviceUrl>/api whose signature verifies with sign()', async () => {
    handler = (_req, res) => xml(res, fx.PONG);
    await makeClient().authPing();
    const [req] = cloud.seen;
    expect(req).toMatchObject({ method: 'GET', path: '/EngineWebServices/api' });
    const { sig, ...rest } = req!.query as Record<string, string>;
    expect(rest).toEqual({ method: 'rustici.debug.authPing', appid: 'APP1', ts: utcTimestamp(NOW), origin: 'acme.lms.1.0' });
    expect(verifySignature(SECRET, req!.query, sig!)).toBe(true);
  });

  it('uses the exact V1 parameter names for registrations, postbacks and learners', async () => {
    const client = makeClient();
    const postback = { url: 'https://lms.example/pb', authType: 'httpbasic' as const, username: 'u', password: 'p w', resultsFormat: 'full' as const };
    await client.createRegistration({
      courseId: 'c1',
      registrationId: 'reg 42',
      learnerId: 'l@x',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'a@x',
      versionId: 3,
      postback,
    });
    await client.updatePostbackInfo('reg 42', postback);
    await client.testRegistrationPostUrl(postback);
    await client.updateLearnerInfo({ learnerId: 'l@x', firstName: 'A', lastName: 'L', newLearnerId: 'l2' });
    await client.deleteCourse('c1', { versionId: 'latest' });
    await client.deleteRegistration('reg 42');
    await client.resetRegistration('reg 42');
    const strip = ({ sig: _sig, appid: _appid, ts: _ts, origin: _origin, ...p }: Record<string, string | string[]>) => p;
    expect(cloud.seen.map((s) => strip(s.query))).toEqual([
      {
        method: 'rustici.registration.createRegistration',
        courseid: 'c1',
        regid: 'reg 42',
        learnerid: 'l@x',
        fname: 'Ada',
        lname: 'Lovelace',
        email: 'a@x',
        versionid: '3',
        postbackurl: 'https://lms.example/pb',
        authtype: 'httpbasic',
        urlname: 'u',
        urlpass: 'p w',
        resultsformat: 'full',
      },
      {
        method: 'rustici.registration.updatePostbackInfo',
        regid: 'reg 42',
        url: 'https://lms.example/pb',
        authtype: 'httpbasic',
        name: 'u',
        password: 'p w',
        resultsformat: 'full',
      },
      {
        method: 'rustici.registration.testRegistrationPostUrl',
        postbackurl: 'https://lms.example/pb',
        authtype: 'httpbasic',
        urlname: 'u',
        urlpass: 'p w',
        resultsformat: 'full',
      },
      { method: 'rustici.registration.updateLearnerInfo', learnerid: 'l@x', fname: 'A', lname: 'L', newid: 'l2' },
      { method: 'rustici.course.deleteCourse', courseid: 'c1', versionid: 'latest' },
      { method: 'rustici.registration.deleteRegistration', regid: 'reg 42' },
      { method: 'rustici.registration.resetRegistration', regid: 'reg 42' },
    ]);
    for (const s of cloud.seen) expect(verifySignature(SECRET, s.query, s.query.sig as string)).toBe(true);
  });

  it('gives launch scores on the 0–100 scale of the interface through the V1 adapter (V1 measures 0–1)', async () => {
    handler = (_req, res) => xml(res, fx.LAUNCH_HISTORY);
    const launches = await new CloudV1Api(makeClient()).getLaunchHistory('reg-1');
    expect(launches.map((l) => l.score)).toEqual([20]);
  });

  it('gives each listed registration the course version of its latest instance through the V1 adapter', async () => {
    handler = (_req, res) => xml(res, fx.REGISTRATION_LIST);
    const [reg] = await new CloudV1Api(makeClient()).listRegistrations({ courseId: 'c1' });
    // Instance 0 was on version 0, instance 1 is on version 1; lastCourseVersionLaunched (0) is not the answer.
    expect(reg).toMatchObject({ id: 'reg-1', instance: 1, courseVersion: 1 });
  });

  it("counts the default organization's SCOs and assets in getManifest's manifest, asking for the version", async () => {
    // SCORM 2004 spelling (adlcp:scormType), a nested item, an asset, an item without a resource, and a second
    // organization that is not the default one (its SCO must not count).
    const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <organizations default="main">
    <organization identifier="other"><title>Other</title><item identifier="o1" identifierref="r_other"><title>O</title></item></organization>
    <organization identifier="main"><title>Main</title>
      <item identifier="module"><title>Module</title>
        <item identifier="i1" identifierref="r1"><title>One</title></item>
        <item identifier="i2" identifierref="r2"><title>Two</title></item>
      </item>
      <item identifier="i3" identifierref="r3"><title>Handout</title></item>
      <item identifier="i4" identifierref="r4"><title>Untyped</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="1.html"/>
    <resource identifier="r2" type="webcontent" adlcp:scormType="SCO" href="2.html"/>
    <resource identifier="r3" type="webcontent" adlcp:scormType="asset" href="h.pdf"/>
    <resource identifier="r4" type="webcontent" href="u.html"/>
    <resource identifier="r_other" type="webcontent" adlcp:scormType="sco" href="o.html"/>
  </resources>
</manifest>`;
    handler = (_req, res) => xml(res, manifest);
    await expect(makeClient().getManifest('c1', { versionId: 2 })).resolves.toEqual({ scos: 2, assets: 2 });
    expect(cloud.seen[0]!.query).toMatchObject({ method: 'rustici.course.getManifest', courseid: 'c1', versionid: '2' });
    // SCORM 1.2's lower-case adlcp:scormtype, with a prefixed default namespace and no default organization named.
    handler = (_req, res) =>
      xml(
        res,
        `<imscp:manifest xmlns:imscp="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <imscp:organizations><imscp:organization identifier="o"><imscp:item identifier="a" identifierref="ra"/><imscp:item identifier="b" identifierref="rb"/><imscp:item identifier="c" identifierref="rc"/></imscp:organization></imscp:organizations>
  <imscp:resources><imscp:resource identifier="ra" adlcp:scormtype="sco"/><imscp:resource identifier="rb" adlcp:scormtype="sco"/><imscp:resource identifier="rc" adlcp:scormtype="sco"/></imscp:resources>
</imscp:manifest>`,
      );
    await expect(new CloudV1Api(makeClient()).getCourseActivities('c1')).resolves.toEqual({ scos: 3, assets: 0 });
    expect(cloud.seen[1]!.query.versionid).toBeUndefined();
  });

  it('has no activity count through the V1 adapter when getManifest is refused or answers no manifest, but fails when the Cloud is down', async () => {
    const api = new CloudV1Api(makeClient({ retries: 0 }));
    handler = (_req, res) => xml(res, fx.FAIL_REG_EXISTS);
    await expect(api.getCourseActivities('c1')).resolves.toBeUndefined();
    handler = (_req, res) => xml(res, '<?xml version="1.0"?><courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"/>');
    await expect(api.getCourseActivities('c1')).resolves.toBeUndefined();
    // A manifest with a DTD is refused by the XML helper like any V1 answer: entities are never expanded.
    handler = (_req, res) => xml(res, '<?xml version="1.0"?><!DOCTYPE manifest [<!ENTITY x "y">]><manifest>&x;</manifest>');
    await expect(api.getCourseActivities('c1')).resolves.toBeUndefined();
    handler = (_req, res) => xml(res, fx.FAIL_SELF_CLOSING);
    await expect(api.getCourseActivities('c1')).rejects.toBeInstanceOf(CloudAuthError);
    handler = (_req, res) => xml(res, 'down', 503);
    await expect(api.getCourseActivities('c1')).rejects.toBeInstanceOf(CloudUnavailableError);
  });

  it('returns parsed, typed results for reads', async () => {
    const bodies: Record<string, string> = {
      'rustici.debug.ping': fx.PONG,
      'rustici.course.getCourseList': fx.COURSE_LIST,
      'rustici.course.getCourseDetail': fx.COURSE_DETAIL,
      'rustici.course.exists': fx.EXISTS_FALSE,
      'rustici.course.getAsyncImportResult': fx.ASYNC_FINISHED_UNSUCCESSFUL,
      'rustici.registration.exists': fx.EXISTS_TRUE,
      'rustici.registration.getRegistrationResult': fx.REPORT_COURSE,
      'rustici.registration.getRegistrationList': fx.REGISTRATION_LIST,
      'rustici.registration.getLaunchHistory': fx.LAUNCH_HISTORY,
      'rustici.registration.getPostbackInfo': fx.POSTBACK_INFO,
    };
    handler = (_req, res, seen) => xml(res, bodies[seen.query.method as string] ?? fx.FAIL_REG_EXISTS);
    const client = makeClient();
    await expect(client.ping()).resolves.toBeUndefined();
    expect((await client.getCourseList({ filter: 'c.*', tags: ['a', 'b'] })).map((c) => c.id)).toEqual(['0012', 'c2']);
    expect((await client.getCourseDetail('c1')).versionList).toHaveLength(2);
    expect(await client.courseExists('c1')).toBe(false);
    expect((await client.getAsyncImportResult('tok')).results[0]!.successful).toBe(false);
    expect(await client.registrationExists('reg-1')).toBe(true);
    expect(await client.getRegistrationResult('reg-1', { format: 'course' })).toMatchObject({ complete: 'complete', score: 100 });
    expect((await client.getRegistrationList({ courseId: 'c1', learnerId: 'l1', courseFilter: 'c.*', after: new Date('2024-01-01T00:00:00Z') }))[0]!.id).toBe(
      'reg-1',
    );
    expect((await client.getLaunchHistory('reg-1')).launches).toHaveLength(1);
    expect((await client.getPostbackInfo('reg-1')).authType).toBe('httpbasic');
    const q = (m: string) => cloud.seen.find((s) => s.query.method === m)!.query;
    expect(q('rustici.course.getCourseList')).toMatchObject({ filter: 'c.*', tags: 'a,b' });
    expect(q('rustici.course.getAsyncImportResult')).toMatchObject({ token: 'tok' });
    expect(q('rustici.registration.getRegistrationResult')).toMatchObject({ regid: 'reg-1', resultsformat: 'course' });
    expect(q('rustici.registration.getRegistrationList')).toMatchObject({
      courseid: 'c1',
      learnerid: 'l1',
      coursefilter: 'c.*',
      after: '2024-01-01T00:00:00.000+0000',
    });
  });

  it('measures the clock offset with getTime', async () => {
    handler = (_req, res) => xml(res, fx.GET_TIME); // server says 09:30:00
    const client = makeClient({ now: () => new Date(NOW.getTime() - 90_000) });
    const t = await client.getTime();
    expect(t.serverTime.toISOString()).toBe('2024-01-15T09:30:00.000Z');
    expect(t.offsetSeconds).toBe(90);
  });

  it('retries reads on HTTP 503 and succeeds', async () => {
    let n = 0;
    handler = (_req, res) => (++n < 3 ? xml(res, 'busy', 503) : xml(res, fx.EXISTS_TRUE));
    const delays: number[] = [];
    const client = makeClient({ retryDelayMs: (attempt) => (delays.push(attempt), 1) });
    await expect(client.courseExists('c1')).resolves.toBe(true);
    expect(cloud.seen).toHaveLength(3);
    expect(delays).toEqual([0, 1]);
    // Every attempt is signed afresh.
    for (const s of cloud.seen) expect(verifySignature(SECRET, s.query, s.query.sig as string)).toBe(true);
  });

  it('retries reads after a connection reset', async () => {
    let n = 0;
    handler = (req, res) => (++n === 1 ? req.socket.destroy() : xml(res, fx.REPORT_COURSE));
    await expect(makeClient().getRegistrationResult('reg-1')).resolves.toMatchObject({ registrationId: 'reg-1' });
    expect(cloud.seen).toHaveLength(2);
  });

  it('gives up after `retries` extra attempts with CloudUnavailableError carrying the status', async () => {
    handler = (_req, res) => xml(res, 'down', 502);
    const err = await caught(makeClient({ retries: 2 }).getCourseList());
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err).toMatchObject({ status: 502, method: 'rustici.course.getCourseList' });
    expect(cloud.seen).toHaveLength(3);
  });

  it.each([
    ['createRegistration', (c: CloudClient) => c.createRegistration({ courseId: 'c', registrationId: 'r', learnerId: 'l', firstName: 'f', lastName: 'l' })],
    ['deleteRegistration', (c: CloudClient) => c.deleteRegistration('r')],
    ['resetRegistration', (c: CloudClient) => c.resetRegistration('r')],
    ['deleteCourse', (c: CloudClient) => c.deleteCourse('c')],
    ['testRegistrationPostUrl', (c: CloudClient) => c.testRegistrationPostUrl({ url: 'https://x', authType: 'form' })],
  ])('never retries the write %s on 503 or a reset', async (_name, call) => {
    handler = (_req, res) => xml(res, 'busy', 503);
    expect(await caught(call(makeClient()))).toBeInstanceOf(CloudUnavailableError);
    expect(cloud.seen).toHaveLength(1);
    cloud.seen.length = 0;
    handler = (req) => req.socket.destroy();
    expect(await caught(call(makeClient()))).toBeInstanceOf(CloudUnavailableError);
    expect(cloud.seen).toHaveLength(1);
  });

  it('never retries importCourseAsync', async () => {
    handler = (req, res) => {
      req.resume();
      req.on('end', () => xml(res, 'busy', 503));
    };
    const err = await caught(makeClient().importCourseAsync('c1', Readable.from([Buffer.from('PK..')]), { filename: 'c.zip' }));
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(cloud.seen).toHaveLength(1);
  });

  it('times out a silent server with CloudUnavailableError', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    const err = await caught(makeClient({ timeoutMs: 150, retries: 1 }).ping());
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err.message).toMatch(/timed out/);
    expect(cloud.seen).toHaveLength(2); // a read is retried after a timeout too
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('reports a refused connection as CloudUnavailableError', async () => {
    const err = await caught(new CloudClient({ serviceUrl: 'http://127.0.0.1:1', appId: 'A', secretKey: SECRET, retries: 0 }).ping());
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expectNoSecrets(err);
  });

  it('turns code 107 into CloudClockSkewError with the offset measured by getTime', async () => {
    handler = (_req, res, seen) => xml(res, seen.query.method === 'rustici.debug.getTime' ? fx.GET_TIME : fx.FAIL_EXPLICIT_CLOSE);
    // Our clock runs 20 minutes fast: the Cloud is 1200 s behind us.
    const err = await caught(makeClient({ now: () => new Date(NOW.getTime() + 20 * 60_000) }).authPing());
    expect(err).toBeInstanceOf(CloudClockSkewError);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({ code: 107, offsetSeconds: -1200, method: 'rustici.debug.authPing' });
    expect(err.message).toMatch(/-1200s/);
    expect(cloud.seen.map((s) => s.query.method)).toEqual(['rustici.debug.authPing', 'rustici.debug.getTime']);
    expectNoSecrets(err);
  });

  it('maps auth codes to CloudAuthError and method codes to CloudApiError without retrying', async () => {
    handler = (_req, res) => xml(res, fx.FAIL_SELF_CLOSING);
    const auth = await caught(makeClient().getCourseList());
    expect(auth).toBeInstanceOf(CloudAuthError);
    expect(auth).toMatchObject({ code: 104 });
    expect(cloud.seen).toHaveLength(1);
    handler = (_req, res) => xml(res, fx.FAIL_REG_EXISTS);
    const api = await caught(makeClient().createRegistration({ courseId: 'c', registrationId: 'r', learnerId: 'l', firstName: 'f', lastName: 'l' }));
    expect(api).toBeInstanceOf(CloudApiError);
    expect(api).not.toBeInstanceOf(CloudAuthError);
    expect(api).toMatchObject({ code: 2, cloudMessage: 'Registration already exists' });
  });

  it('rejects non-XML, HTML error pages and oversized bodies with CloudResponseError', async () => {
    handler = (_req, res) => xml(res, 'Service OK');
    expect(await caught(makeClient().ping())).toBeInstanceOf(CloudResponseError);
    handler = (_req, res) => xml(res, fx.HTML_ERROR_PAGE, 404);
    const notFound = await caught(makeClient().ping());
    expect(notFound).toBeInstanceOf(CloudResponseError);
    expect(notFound).toMatchObject({ status: 404 });
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<?xml version="1.0"?><rsp stat="ok"><result>');
      // Streams 2 MB; the client stops reading at its 64 KB limit.
      for (let i = 0; i < 32; i++) res.write('x'.repeat(64 * 1024));
      res.end('</result></rsp>');
    };
    const big = await caught(makeClient({ maxResponseBytes: 64 * 1024 }).courseExists('c'));
    expect(big).toBeInstanceOf(CloudResponseError);
    expect(big.message).toMatch(/exceeds 65536 bytes/);
    handler = (_req, res) => xml(res, fx.BILLION_LAUGHS);
    expect(await caught(makeClient().courseExists('c'))).toBeInstanceOf(CloudResponseError);
  });

  it('never lets the secret, sig or postback password into errors or events', async () => {
    const events: Array<CloudRequestEvent | CloudResponseEvent> = [];
    const client = makeClient({ onRequest: (e) => events.push(e), onResponse: (e) => events.push(e), retries: 1 });
    handler = (_req, res) => xml(res, 'down', 503);
    const errors = [
      await caught(client.getCourseList()),
      await caught(
        client.createRegistration({
          courseId: 'c',
          registrationId: 'r',
          learnerId: 'l',
          firstName: 'f',
          lastName: 'l',
          postback: { url: 'https://x', authType: 'form', username: 'u', password: 'PB-PASSWORD' },
        }),
      ),
    ];
    handler = (_req, res) => xml(res, fx.FAIL_SELF_CLOSING);
    errors.push(await caught(client.authPing()));
    handler = (_req, res) => xml(res, '<html/>');
    errors.push(await caught(client.authPing()));
    for (const err of errors) {
      expectNoSecrets(err);
      expect(String(err)).not.toContain('PB-PASSWORD');
    }
    expect(events.length).toBeGreaterThanOrEqual(10);
    const dump = JSON.stringify(events);
    expect(dump).not.toContain(SECRET);
    expect(dump).not.toContain('PB-PASSWORD');
    expect(dump).not.toMatch(/"sig"/);
    expect(events[0]).toMatchObject({ method: 'rustici.course.getCourseList', attempt: 0, httpMethod: 'GET' });
  });

  it('sends through an injected undici dispatcher', async () => {
    let dispatched = 0;
    const agent = new Agent();
    const dispatcher: Dispatcher = agent.compose((dispatch) => (opts, h) => {
      dispatched++;
      return dispatch(opts, h);
    });
    handler = (_req, res) => xml(res, fx.PONG);
    await makeClient({ dispatcher }).ping();
    expect(dispatched).toBe(1);
    await agent.close();
  });

  it('uploads a package as the multipart filedata part with the params signed in the query', async () => {
    const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    let received: { name: string; filename: string; mime: string; bytes: Buffer } | undefined;
    handler = (req, res, seen) => {
      expect(seen.method).toBe('POST');
      const bb = Busboy({ headers: req.headers });
      bb.on('file', (name, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => (received = { name, filename: info.filename ?? '', mime: info.mimeType, bytes: Buffer.concat(chunks) }));
      });
      bb.on('close', () => xml(res, fx.IMPORT_TOKEN));
      req.pipe(bb);
    };
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < content.length; i += 7_000) yield content.subarray(i, i + 7_000);
      })(),
    );
    const result = await makeClient().importCourseAsync('0012', source, { filename: 'golf "v2".zip' });
    expect(result).toEqual({ token: '4e3b6a1c-token' });
    expect(received).toMatchObject({ name: 'filedata', filename: 'golf %22v2%22.zip', mime: 'application/zip' });
    expect(received!.bytes.equals(content)).toBe(true);
    const [req] = cloud.seen;
    // Unknown length goes out chunked; a package small enough to be fully buffered before the request
    // starts is sent with its now-known Content-Length (undici reads it off the ended stream).
    const framing = req!.headers['transfer-encoding'] === 'chunked' || Number(req!.headers['content-length']) > content.length;
    expect(framing).toBe(true);
    expect(req!.query).toMatchObject({ method: 'rustici.course.importCourseAsync', courseid: '0012' });
    expect(verifySignature(SECRET, req!.query, req!.query.sig as string)).toBe(true);
  });

  it('aborts an upload when the signal fires, rejecting with CloudAbortedError and destroying the source', async () => {
    handler = (req) => req.resume(); // swallows bytes, never answers
    const source = new Readable({
      read() {
        setTimeout(() => this.push(Buffer.alloc(16 * 1024)), 5);
      },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const err = await caught(makeClient().importCourseAsync('c1', source, { filename: 'c.zip', signal: controller.signal }));
    expect(err).toBeInstanceOf(CloudAbortedError);
    expect(err).toBeInstanceOf(CloudError);
    expect(source.destroyed).toBe(true);
    expectNoSecrets(err);
  });

  it('fails an upload whose source stream errors, without retrying', async () => {
    handler = (req) => req.resume();
    const source = new Readable({ read() {} });
    setTimeout(() => source.destroy(new Error('disk gone')), 50);
    const err = await caught(makeClient().importCourseAsync('c1', source, { filename: 'c.zip' }));
    expect(err).toBeInstanceOf(CloudError);
    expect(err.message).toMatch(/Reading the course package/);
    expect((err.cause as Error).message).toBe('disk gone');
    expect(cloud.seen).toHaveLength(1);
  });
});
