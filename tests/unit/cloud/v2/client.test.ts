import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import {
  CloudAbortedError,
  CloudApiError,
  CloudAuthError,
  CloudError,
  CloudRateLimitError,
  CloudResponseError,
  CloudUnavailableError,
} from '../../../../server/src/cloud/errors';
import { CloudV2Client, type CloudV2ClientOptions } from '../../../../server/src/cloud/v2/client';
import type { CloudV2RequestEvent, CloudV2ResponseEvent } from '../../../../server/src/cloud/v2/transport';
import { json, startV2, type HandlerV2, type SeenV2 } from './server';

const APP = 'app-id';
const SECRET = 's3cr3t-key-DO-NOT-LEAK';
const BASIC = 'Basic YXBwLWlkOnMzY3IzdC1rZXktRE8tTk9ULUxFQUs=';
const BASIC_B64 = 'YXBwLWlkOnMzY3IzdC1rZXktRE8tTk9ULUxFQUs=';

type Cloud = Awaited<ReturnType<typeof startV2>>;
let cloud: Cloud | undefined;

afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

async function setup(handler: HandlerV2, options: Partial<CloudV2ClientOptions> = {}, server: { streamBody?: boolean } = {}) {
  cloud = await startV2(handler, server);
  const client = new CloudV2Client({ serviceUrl: cloud.url, appId: APP, secretKey: SECRET, retryDelayMs: 1, ...options });
  return { client, seen: cloud.seen, url: cloud.url };
}

const only = (seen: SeenV2[]): SeenV2 => {
  expect(seen).toHaveLength(1);
  return seen[0]!;
};

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('CloudV2Client: service URL and auth', () => {
  it('sends Basic auth and JSON accept to the normalised base, whatever form the URL was given in', async () => {
    cloud = await startV2((_req, res) => json(res, 200, { apiMessage: 'pong', currentTime: 'soon' }));
    const origin = cloud.url.replace(/\/api\/v2$/, '');
    for (const serviceUrl of [cloud.url, `${cloud.url}/`, origin, `${origin}/`, `${origin}/api`]) {
      const client = new CloudV2Client({ serviceUrl, appId: APP, secretKey: SECRET });
      expect(client.serviceUrl).toBe(`${origin}/api/v2`);
      await expect(client.ping()).resolves.toEqual({});
    }
    expect(cloud.seen.map((s) => s.path)).toEqual(Array(5).fill('/api/v2/ping'));
    expect(cloud.seen[0]!.headers.authorization).toBe(BASIC);
    expect(cloud.seen[0]!.headers.accept).toBe('application/json');
    expect(cloud.seen[0]!.method).toBe('GET');
  });

  it('defaults to https://cloud.scorm.com/api/v2', () => {
    expect(new CloudV2Client({ appId: APP, secretKey: SECRET }).serviceUrl).toBe('https://cloud.scorm.com/api/v2');
    expect(new CloudV2Client({ appId: APP, secretKey: SECRET }).apiVersion).toBe('v2');
  });

  it('keeps the secret out of inspect and JSON of the client', () => {
    const client = new CloudV2Client({ appId: APP, secretKey: SECRET });
    expect(inspect(client, { depth: 10, showHidden: false })).not.toContain(SECRET);
    expect(inspect(client, { depth: 10 })).not.toContain(BASIC_B64);
    expect(JSON.stringify(client)).not.toContain(SECRET);
  });
});

describe('CloudV2Client: ping', () => {
  it('measures the clock offset from currentTime against the midpoint of the round trip', async () => {
    const times = [new Date('2026-03-01T12:00:00.000Z'), new Date('2026-03-01T12:00:02.000Z')];
    const { client } = await setup((_req, res) => json(res, 200, { apiMessage: 'pong', currentTime: '2026-03-01T12:00:08.400Z' }), {
      now: () => times.shift() ?? new Date('2026-03-01T12:00:02.000Z'),
    });
    // midpoint 12:00:01, Cloud 12:00:08.4 → +7 s (rounded)
    await expect(client.ping()).resolves.toEqual({ clockOffsetSeconds: 7 });
  });

  it('reads a currentTime without a zone as UTC', async () => {
    const { client } = await setup((_req, res) => json(res, 200, { apiMessage: 'pong', currentTime: '2026-03-01T11:59:50' }), {
      now: () => new Date('2026-03-01T12:00:00.000Z'),
    });
    await expect(client.ping()).resolves.toEqual({ clockOffsetSeconds: -10 });
  });

  it('reports no offset when currentTime is not a date', async () => {
    const { client } = await setup((_req, res) => json(res, 200, { apiMessage: 'pong', currentTime: '1718000000' }));
    await expect(client.ping()).resolves.toEqual({});
  });

  it('rejects refused credentials with CloudAuthError(401), message from `error`', async () => {
    const { client } = await setup((_req, res) => json(res, 401, { error: 'Authorization Required.' }));
    const err = (await failure(client.ping())) as CloudAuthError;
    expect(err).toBeInstanceOf(CloudAuthError);
    expect(err.status).toBe(401);
    expect(err.code).toBe(401);
    expect(err.kind).toBe('other');
    expect(err.cloudMessage).toBe('Authorization Required.');
    expect(err.method).toBe('GET /ping');
  });
});

/** Bytes 0..250 repeating, made on demand in 64 KiB chunks: nothing holds the whole package. */
function generated(total: number): { stream: Readable; produced: () => number; sha256: () => string } {
  let produced = 0;
  const hash = createHash('sha256');
  const stream = new Readable({
    read() {
      if (produced >= total) return void this.push(null);
      const n = Math.min(65536, total - produced);
      const chunk = Buffer.alloc(n);
      for (let i = 0; i < n; i++) chunk[i] = (produced + i) % 251;
      produced += n;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, produced: () => produced, sha256: () => hash.copy().digest('hex') };
}

describe('CloudV2Client: importPackage', () => {
  it('streams a multi-MB package as the multipart part `file` and returns the job id', async () => {
    const total = 8 * 1024 * 1024 + 123;
    const pkg = generated(total);
    let producedAtFirstByte = -1;
    let received: { name?: string; filename?: string; sha256: string; length: number; type?: string } | undefined;
    const { client, seen } = await setup(
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => {
          if (producedAtFirstByte < 0) producedAtFirstByte = pkg.produced();
          chunks.push(c);
        });
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const boundary = /boundary=(.+)$/.exec(String(req.headers['content-type']))![1]!;
          const headEnd = body.indexOf('\r\n\r\n');
          const head = body.subarray(0, headEnd).toString('utf8');
          const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
          expect(body.subarray(body.length - tail.length).equals(tail)).toBe(true);
          const content = body.subarray(headEnd + 4, body.length - tail.length);
          received = {
            name: /name="([^"]*)"/.exec(head)?.[1],
            filename: /filename="([^"]*)"/.exec(head)?.[1],
            type: /Content-Type: (.*)/.exec(head)?.[1],
            sha256: createHash('sha256').update(content).digest('hex'),
            length: content.length,
          };
          json(res, 200, { result: 'N9LLNMD6Z1356474284-om' });
        });
      },
      {},
      { streamBody: true },
    );
    await expect(client.importPackage('course 1', pkg.stream, { filename: 'golf.zip' })).resolves.toEqual({ jobId: 'N9LLNMD6Z1356474284-om' });
    const s = only(seen);
    expect(s.method).toBe('POST');
    expect(s.path).toBe('/api/v2/courses/importJobs/upload');
    expect(s.query).toEqual({ courseId: 'course 1', mayCreateNewVersion: 'false' });
    expect(s.headers.authorization).toBe(BASIC);
    expect(String(s.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    // A stream of unknown length goes out chunked, never buffered to learn its length.
    expect(s.headers['transfer-encoding']).toBe('chunked');
    expect(received).toEqual({ name: 'file', filename: 'golf.zip', type: 'application/zip', length: total, sha256: pkg.sha256() });
    // The server saw bytes while the package was still being produced.
    expect(producedAtFirstByte).toBeGreaterThan(0);
    expect(producedAtFirstByte).toBeLessThan(total);
  });

  it('asks for a new version when told, and sends uploadedContentType for a given type', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 200, { result: 'job-2' }));
    await client.importPackage('c1', Readable.from([Buffer.from('%PDF-1.4')]), { filename: 'a.pdf', contentType: 'application/pdf', newVersion: true });
    const s = only(seen);
    expect(s.query).toEqual({ courseId: 'c1', mayCreateNewVersion: 'true' });
    expect(s.headers.uploadedcontenttype).toBe('application/pdf');
  });

  it('maps 409 to already-exists, is never retried and destroys the source', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 409, { error: 'Course [c1] already exists and mayCreateNewVersion is false' }));
    const source = Readable.from([Buffer.from('PK')]);
    const err = (await failure(client.importPackage('c1', source, { filename: 'a.zip' }))) as CloudApiError;
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err.kind).toBe('already-exists');
    expect(err.status).toBe(409);
    expect(err.cloudMessage).toBe('Course [c1] already exists and mayCreateNewVersion is false');
    expect(seen).toHaveLength(1);
    expect(source.destroyed).toBe(true);
  });

  it('is not retried on 503', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 503, { error: 'busy' }));
    await expect(client.importPackage('c1', Readable.from([Buffer.from('PK')]), { filename: 'a.zip' })).rejects.toBeInstanceOf(CloudUnavailableError);
    expect(seen).toHaveLength(1);
  });

  it('aborts mid-upload with CloudAbortedError and destroys the source', async () => {
    const controller = new AbortController();
    const source = new Readable({ read() {} });
    source.push(Buffer.alloc(1024, 1));
    const { client } = await setup(
      (req) => {
        // Never answers; the first bytes trigger the abort.
        req.once('data', () => controller.abort(new Error('admin cancelled')));
        req.resume();
      },
      {},
      { streamBody: true },
    );
    const err = await failure(client.importPackage('c1', source, { filename: 'a.zip', signal: controller.signal }));
    expect(err).toBeInstanceOf(CloudAbortedError);
    expect(source.destroyed).toBe(true);
  });

  it('times out an upload that stalls, by the idle timeout', async () => {
    const source = new Readable({ read() {} });
    source.push(Buffer.alloc(1024, 1)); // then nothing, ever
    const { client } = await setup((req) => void req.resume(), { uploadIdleTimeoutMs: 200 }, { streamBody: true });
    const started = Date.now();
    const err = (await failure(client.importPackage('c1', source, { filename: 'a.zip' }))) as CloudUnavailableError;
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err.message).toBe('POST /courses/importJobs/upload timed out: the upload made no progress for 200 ms');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(source.destroyed).toBe(true);
  });

  it('times out a Cloud that never answers after the last byte', async () => {
    const { client } = await setup((req) => void req.resume(), { uploadIdleTimeoutMs: 200 }, { streamBody: true });
    const started = Date.now();
    const err = (await failure(client.importPackage('c1', Readable.from([Buffer.from('PK')]), { filename: 'a.zip' }))) as CloudUnavailableError;
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err.message).toMatch(/^POST \/courses\/importJobs\/upload timed out \(UND_ERR_HEADERS_TIMEOUT\)$/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('lets a slow but steady upload run longer than the idle timeout', async () => {
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent === 6) return void this.push(null);
        sent++;
        setTimeout(() => this.push(Buffer.alloc(1024, sent)), 100);
      },
    });
    const { client } = await setup(
      (req, res) => {
        req.resume();
        req.on('end', () => json(res, 200, { result: 'slow-job' }));
      },
      { uploadIdleTimeoutMs: 350, timeoutMs: 350 },
      { streamBody: true },
    );
    const started = Date.now();
    await expect(client.importPackage('c1', source, { filename: 'a.zip' })).resolves.toEqual({ jobId: 'slow-job' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it('fails at once for a signal aborted before the call', async () => {
    const { client } = await setup((_req, res) => json(res, 200, { result: 'x' }));
    const source = Readable.from([Buffer.from('PK')]);
    await expect(client.importPackage('c1', source, { filename: 'a.zip', signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CloudAbortedError);
    expect(source.destroyed).toBe(true);
  });

  it('reports a failing source as a CloudError, not as the Cloud being down', async () => {
    const { client } = await setup(
      (req, res) => {
        req.resume();
        req.on('end', () => json(res, 200, { result: 'x' }));
      },
      {},
      { streamBody: true },
    );
    const source = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    const err = (await failure(client.importPackage('c1', source, { filename: 'a.zip' }))) as CloudError;
    expect(err).toBeInstanceOf(CloudError);
    expect(err).not.toBeInstanceOf(CloudUnavailableError);
    expect(err.message).toBe('Reading the course package for POST /courses/importJobs/upload failed');
  });
});

describe('CloudV2Client: import jobs and courses', () => {
  it('maps a running, a complete and a failed import job', async () => {
    const answers: Record<string, unknown> = {
      '/api/v2/courses/importJobs/j1': { jobId: 'j1', status: 'RUNNING', message: 'Unzipping' },
      '/api/v2/courses/importJobs/j2': {
        jobId: 'j2',
        status: 'COMPLETE',
        message: 'Import Successful',
        importResult: {
          webPathToCourse: '/x',
          parserWarnings: ['No manifest title'],
          courseLanguages: [],
          course: { id: 'c1', title: 'Golf Explained', version: 0, courseLearningStandard: 'SCORM20043RDEDITION' },
        },
      },
      '/api/v2/courses/importJobs/j3': { jobId: 'j3', status: 'ERROR', message: 'No imsmanifest.xml', importResult: { parserWarnings: [] } },
      '/api/v2/courses/importJobs/j%2F4': { jobId: 'j/4', status: 'COMPLETE', importResult: {} },
    };
    const { client, seen } = await setup((req, res) => {
      const a = answers[new URL(req.url!, 'http://x').pathname];
      return a ? json(res, 200, a) : json(res, 404, { message: 'Import job not found' });
    });
    await expect(client.getImportJob('j1', 'c1')).resolves.toEqual({ status: 'running', message: 'Unzipping', parserWarnings: [] });
    await expect(client.getImportJob('j2', 'c1')).resolves.toEqual({
      status: 'complete',
      message: 'Import Successful',
      parserWarnings: ['No manifest title'],
      course: { title: 'Golf Explained', version: 0, learningStandard: 'scorm2004-3rd' },
    });
    await expect(client.getImportJob('j3', 'c1')).resolves.toEqual({ status: 'error', message: 'No imsmanifest.xml', parserWarnings: [] });
    await expect(client.getImportJob('j/4', 'c1')).resolves.toEqual({ status: 'complete', parserWarnings: [] });
    const err = (await failure(client.getImportJob('nope', 'c1'))) as CloudApiError;
    expect(err.kind).toBe('not-found');
    expect(err.cloudMessage).toBe('Import job not found');
    expect(seen.map((s) => s.method)).toEqual(['GET', 'GET', 'GET', 'GET', 'GET']);
  });

  it('refuses a job with an unknown status', async () => {
    const { client } = await setup((_req, res) => json(res, 200, { jobId: 'j', status: 'COMPLETED' }));
    const err = (await failure(client.getImportJob('j', 'c'))) as CloudResponseError;
    expect(err).toBeInstanceOf(CloudResponseError);
    expect(err.message).toBe('Invalid status in SCORM Cloud response: "COMPLETED" (expected RUNNING | COMPLETE | ERROR)');
  });

  it('mints a write:course token for a direct upload', async () => {
    const { client, seen, url } = await setup((_req, res) => json(res, 200, { access_token: 'tok.abc', expires_in: 300, token_type: 'Bearer' }), {
      now: () => new Date('2026-03-01T12:00:00.000Z'),
    });
    await expect(client.directUploadTarget('c 1', { redirectUrl: 'https://lms.example/done' })).resolves.toEqual({
      transport: 'xhr',
      url: `${url}/courses/importJobs/upload?courseId=c+1&mayCreateNewVersion=false`,
      method: 'POST',
      fileField: 'file',
      headers: { Authorization: 'Bearer tok.abc' },
      expiresAt: new Date('2026-03-01T12:05:00.000Z'),
    });
    const s = only(seen);
    expect(s.method).toBe('POST');
    expect(s.path).toBe('/api/v2/oauth/authenticate/application/token');
    expect(s.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(s.headers.authorization).toBe(BASIC);
    expect(s.body).toBe('scope=write%3Acourse&expiration=300');
  });

  it('passes a custom token lifetime', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 200, { access_token: 't', expires_in: 60, token_type: 'Bearer' }), {
      now: () => new Date('2026-03-01T12:00:00.000Z'),
    });
    const target = await client.directUploadTarget('c1', { redirectUrl: 'x', expirySeconds: 60 });
    expect(target.expiresAt).toEqual(new Date('2026-03-01T12:01:00.000Z'));
    expect(only(seen).body).toBe('scope=write%3Acourse&expiration=60');
  });

  it("reads the Cloud's answer to a browser's upload: the job, a refusal in either error shape, or not an answer", async () => {
    const client = new CloudV2Client({ appId: APP, secretKey: SECRET, serviceUrl: 'http://127.0.0.1:9/api/v2' });
    expect(client.readDirectUploadAnswer({ status: 200, body: '{"result":"job-7"}' })).toEqual({ jobId: 'job-7' });
    const conflict = (() => {
      try {
        return client.readDirectUploadAnswer({ status: 409, body: '{"message":"Course c1 already exists"}' });
      } catch (error) {
        return error as CloudApiError;
      }
    })() as CloudApiError;
    expect(conflict).toBeInstanceOf(CloudApiError);
    expect({ status: conflict.status, kind: conflict.kind, cloudMessage: conflict.cloudMessage }).toEqual({
      status: 409,
      kind: 'already-exists',
      cloudMessage: 'Course c1 already exists',
    });
    expect(() => client.readDirectUploadAnswer({ status: 401, body: '{"error":"Authorization Required."}' })).toThrow(/Authorization Required\./);
    expect(() => client.readDirectUploadAnswer({ status: 200, body: '<html>a proxy</html>' })).toThrow(CloudResponseError);
    expect(() => client.readDirectUploadAnswer({ status: 200, body: '{"result":""}' })).toThrow(CloudResponseError);
  });

  it('reads a course, its existence and its versions', async () => {
    const course = {
      id: 'c/1',
      title: 'Golf',
      version: 2,
      registrationCount: 5,
      courseLearningStandard: 'SCORM12',
      created: '2024-01-31T19:45:37Z',
      updated: '2024-02-01T10:00:00.500Z',
    };
    const { client, seen } = await setup((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      if (path === '/api/v2/courses/c%2F1') return json(res, 200, course);
      if (path === '/api/v2/courses/c%2F1/versions')
        return json(res, 200, {
          courses: [
            { ...course, version: 0, updated: '2024-01-31T19:45:37.000Z' },
            { ...course, version: 1 },
          ],
        });
      return json(res, 404, { error: 'Could not find course [x]' });
    });
    await expect(client.getCourse('c/1')).resolves.toEqual({
      id: 'c/1',
      title: 'Golf',
      version: 2,
      registrationCount: 5,
      learningStandard: 'scorm12',
      createdAt: new Date('2024-01-31T19:45:37.000Z'),
      updatedAt: new Date('2024-02-01T10:00:00.500Z'),
    });
    expect(seen[0]!.query).toEqual({ includeRegistrationCount: 'true' });
    await expect(client.courseExists('c/1')).resolves.toBe(true);
    await expect(client.courseExists('other')).resolves.toBe(false);
    await expect(client.getCourseVersions('c/1')).resolves.toEqual([
      { version: 0, updatedAt: new Date('2024-01-31T19:45:37.000Z') },
      { version: 1, updatedAt: new Date('2024-02-01T10:00:00.500Z') },
    ]);
    const err = (await failure(client.getCourse('other'))) as CloudApiError;
    expect(err.kind).toBe('not-found');
    expect(err.status).toBe(404);
    expect(err.cloudMessage).toBe('Could not find course [x]');
    expect(err.method).toBe('GET /courses/{courseId}');
  });

  it("counts a version's SCOs and assets in its rootActivity, asking for the metadata", async () => {
    const leaf = (id: string, activityType: string) => ({ itemIdentifier: id, activityType, title: id, children: [] });
    const rootActivity = {
      itemIdentifier: 'org',
      activityType: 'AGGREGATION',
      children: [
        { itemIdentifier: 'module', activityType: 'AGGREGATION', children: [leaf('a', 'SCO'), leaf('b', 'SCO'), leaf('pdf', 'ASSET')] },
        leaf('c', 'SCO'),
        leaf('objective', 'OBJECTIVE'),
        leaf('odd', 'UNKNOWN'),
      ],
    };
    const { client, seen } = await setup((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      if (path === '/api/v2/courses/c%2F1/versions/3') return json(res, 200, { id: 'c/1', version: 3, rootActivity });
      if (path === '/api/v2/courses/c%2F1') return json(res, 200, { id: 'c/1', version: 4, rootActivity: leaf('only', 'SCO') });
      if (path === '/api/v2/courses/bare') return json(res, 200, { id: 'bare', version: 0 });
      return json(res, 404, { error: 'Could not find course [x]' });
    });
    await expect(client.getCourseActivities('c/1', 3)).resolves.toEqual({ scos: 3, assets: 1 });
    expect(seen[0]!.query).toEqual({ includeCourseMetadata: 'true' });
    await expect(client.getCourseActivities('c/1')).resolves.toEqual({ scos: 1, assets: 0 });
    // No tree in the answer: the Cloud did not say, which is not zero SCOs.
    await expect(client.getCourseActivities('bare')).resolves.toBeUndefined();
    expect(seen.map((s) => s.path)).toEqual(['/api/v2/courses/c%2F1/versions/3', '/api/v2/courses/c%2F1', '/api/v2/courses/bare']);
    const err = (await failure(client.getCourseActivities('other', 0))) as CloudApiError;
    expect(err.kind).toBe('not-found');
    expect(err.method).toBe('GET /courses/{courseId}/versions/{versionId}');
  });

  it('refuses a rootActivity whose children are not a list of activities', async () => {
    const { client } = await setup((_req, res) => json(res, 200, { id: 'c', rootActivity: { activityType: 'AGGREGATION', children: ['SCO'] } }));
    const err = (await failure(client.getCourseActivities('c'))) as CloudResponseError;
    expect(err).toBeInstanceOf(CloudResponseError);
    expect(err.message).toContain('rootActivity.children[0]');
  });

  it('deletes a course, accepting 204 and 200 with a body', async () => {
    const statuses = [204, 200];
    const { client, seen } = await setup((_req, res) => {
      const status = statuses.shift()!;
      return status === 204 ? json(res, 204) : json(res, 200, { ok: true });
    });
    await expect(client.deleteCourse('c1')).resolves.toBeUndefined();
    await expect(client.deleteCourse('c1')).resolves.toBeUndefined();
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['DELETE /api/v2/courses/c1', 'DELETE /api/v2/courses/c1']);
  });
});

describe('CloudV2Client: registrations', () => {
  it('creates a registration with a postback, enums upper case', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 204));
    await client.createRegistration({
      courseId: 'c1',
      registrationId: 'r1',
      learnerId: 'l1',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      postback: { url: 'https://lms.example/pb', authType: 'httpbasic', username: 'cloud', password: 'pb-pass', resultsFormat: 'full' },
    });
    const s = only(seen);
    expect(`${s.method} ${s.path}`).toBe('POST /api/v2/registrations');
    expect(s.headers['content-type']).toBe('application/json');
    expect(s.headers.authorization).toBe(BASIC);
    expect(JSON.parse(s.body)).toEqual({
      courseId: 'c1',
      registrationId: 'r1',
      learner: { id: 'l1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
      postBack: { url: 'https://lms.example/pb', authType: 'HTTPBASIC', userName: 'cloud', password: 'pb-pass', resultsFormat: 'FULL', legacy: false },
    });
  });

  it('creates a registration without a postback', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 200));
    await client.createRegistration({ courseId: 'c1', registrationId: 'r1', learnerId: 'l1', firstName: 'A', lastName: 'B' });
    expect(JSON.parse(only(seen).body)).toEqual({ courseId: 'c1', registrationId: 'r1', learner: { id: 'l1', firstName: 'A', lastName: 'B' } });
  });

  it('maps a 400 "already exists" to already-exists and a plain 400 to invalid', async () => {
    const answers = [{ error: 'Registration with id [r1] already exists' }, { message: 'learner.id is required' }];
    const { client } = await setup((_req, res) => json(res, 400, answers.shift()));
    const input = { courseId: 'c1', registrationId: 'r1', learnerId: 'l1', firstName: 'A', lastName: 'B' };
    const dup = (await failure(client.createRegistration(input))) as CloudApiError;
    expect(dup.kind).toBe('already-exists');
    expect(dup.status).toBe(400);
    expect(dup.message).toBe('SCORM Cloud error 400 in POST /registrations: Registration with id [r1] already exists');
    const bad = (await failure(client.createRegistration(input))) as CloudApiError;
    expect(bad.kind).toBe('invalid');
    expect(bad.cloudMessage).toBe('learner.id is required');
  });

  it('does not retry POST /registrations on 503', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 503, { error: 'down' }));
    const err = (await failure(
      client.createRegistration({ courseId: 'c', registrationId: 'r', learnerId: 'l', firstName: 'A', lastName: 'B' }),
    )) as CloudUnavailableError;
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('tells whether a registration exists with HEAD', async () => {
    const { client, seen } = await setup((req, res) => json(res, req.url!.endsWith('/yes') ? 200 : 404));
    await expect(client.registrationExists('yes')).resolves.toBe(true);
    await expect(client.registrationExists('no')).resolves.toBe(false);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['HEAD /api/v2/registrations/yes', 'HEAD /api/v2/registrations/no']);
  });

  it('asks for the detail of each results format and parses the registration', async () => {
    const registration = {
      id: 'r1',
      instance: 2,
      updated: '2026-01-02T03:04:05.678Z',
      registrationCompletion: 'COMPLETED',
      registrationSuccess: 'PASSED',
      score: { scaled: 87.5 },
      totalSecondsTracked: 61.6,
      activityDetails: {
        id: 'root',
        title: 'Golf',
        attempts: 1,
        activityCompletion: 'COMPLETED',
        activitySuccess: 'PASSED',
        score: { scaled: 87.5 },
        timeTracked: '0000:01:01.60',
        children: [],
      },
    };
    const { client, seen } = await setup((_req, res) => json(res, 200, registration));
    await expect(client.getRegistrationProgress('r1')).resolves.toEqual({
      format: 'course',
      registrationId: 'r1',
      instanceId: 2,
      complete: 'complete',
      success: 'passed',
      score: 87.5,
      totalTimeSeconds: 62,
      updatedAt: new Date('2026-01-02T03:04:05.678Z'),
    });
    const activity = await client.getRegistrationProgress('r1', { format: 'activity' });
    expect(activity.activity).toEqual({
      id: 'root',
      title: 'Golf',
      attempts: 1,
      complete: 'complete',
      success: 'passed',
      score: 87.5,
      timeSeconds: 62,
      children: [],
    });
    await client.getRegistrationProgress('r1', { format: 'full' });
    expect(seen.map((s) => s.query)).toEqual([
      {},
      { includeChildResults: 'true' },
      { includeChildResults: 'true', includeInteractionsAndObjectives: 'true', includeRuntime: 'true' },
    ]);
    expect(seen.every((s) => s.path === '/api/v2/registrations/r1' && s.method === 'GET')).toBe(true);
  });

  it('lists registrations across pages, sending the filters first and then only `more`', async () => {
    const pages: Record<string, unknown> = {
      first: {
        registrations: [
          {
            id: 'r1',
            instance: 0,
            createdDate: '2026-01-01T00:00:00.000Z',
            updated: '2026-01-01T01:00:00.000Z',
            course: { id: 'c1', title: 'Golf', version: 0 },
            learner: { id: 'l1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
          },
        ],
        more: 'tok-2',
      },
      'tok-2': { registrations: [{ id: 'r2', course: { id: 'c1' }, learner: { id: 'l2', firstName: 'Bo', lastName: '' } }], more: 'tok-3' },
      'tok-3': { registrations: [], more: '' },
    };
    const { client, seen } = await setup((req, res) => {
      const more = new URL(req.url!, 'http://x').searchParams.get('more');
      json(res, 200, pages[more ?? 'first']);
    });
    await expect(
      client.listRegistrations({ courseId: 'c1', learnerId: 'l1', since: new Date('2026-01-01T00:00:00Z'), until: new Date('2026-02-01T00:00:00.500Z') }),
    ).resolves.toEqual([
      {
        id: 'r1',
        courseId: 'c1',
        learnerId: 'l1',
        learnerFirstName: 'Ada',
        learnerLastName: 'Lovelace',
        email: 'ada@example.com',
        createdAt: new Date('2026-01-01T00:00:00.000Z'),
        updatedAt: new Date('2026-01-01T01:00:00.000Z'),
        instance: 0,
        courseVersion: 0,
      },
      { id: 'r2', courseId: 'c1', learnerId: 'l2', learnerFirstName: 'Bo', learnerLastName: '' },
    ]);
    expect(seen.map((s) => s.query)).toEqual([
      { courseId: 'c1', learnerId: 'l1', since: '2026-01-01T00:00:00.000Z', until: '2026-02-01T00:00:00.500Z' },
      { more: 'tok-2' },
      { more: 'tok-3' },
    ]);
  });

  it('reads no page past `limit`, and answers at most that many', async () => {
    const page = (from: number) => ({
      registrations: [0, 1, 2].map((i) => ({ id: `r${from + i}`, course: { id: 'c1' }, learner: { id: 'l' } })),
      more: `tok-${from + 3}`,
    });
    const { client, seen } = await setup((req, res) => {
      const more = new URL(req.url!, 'http://x').searchParams.get('more');
      json(res, 200, page(more ? Number(more.slice(4)) : 0));
    });
    const listed = await client.listRegistrations({ courseId: 'c1', limit: 5 });
    expect(listed.map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(seen).toHaveLength(2);
  });

  it('stops listing when `more` is absent, and refuses a repeated token', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 200, { registrations: [] }));
    await expect(client.listRegistrations()).resolves.toEqual([]);
    expect(only(seen).query).toEqual({});
    await cloud!.close();
    const loop = await setup((_req, res) => json(res, 200, { registrations: [], more: 'same' }));
    await expect(loop.client.listRegistrations()).rejects.toBeInstanceOf(CloudResponseError);
    expect(loop.seen).toHaveLength(2);
  });

  it('deletes and resets registrations, encoding path segments', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 204));
    await client.deleteRegistration('a/b c');
    await client.resetRegistration('a/b c');
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['DELETE /api/v2/registrations/a%2Fb%20c', 'DELETE /api/v2/registrations/a%2Fb%20c/progress']);
  });

  it('reads the launch history', async () => {
    const { client, seen } = await setup((_req, res) =>
      json(res, 200, {
        launchHistory: [
          {
            id: 'r1',
            instance: 0,
            score: { scaled: 40 },
            completionStatus: 'COMPLETED',
            successStatus: 'FAILED',
            totalSecondsTracked: 12.5,
            launchTime: '2026-01-01T10:00:00.000Z',
            exitTime: '2026-01-01T10:00:12.500Z',
            lastRuntimeUpdate: '2026-01-01T10:00:12.000Z',
          },
          { id: 'r1', instance: 1 },
        ],
      }),
    );
    await expect(client.getLaunchHistory('r1')).resolves.toEqual([
      {
        instance: 0,
        completion: 'complete',
        success: 'failed',
        score: 40,
        totalSecondsTracked: 12.5,
        launchedAt: new Date('2026-01-01T10:00:00.000Z'),
        exitedAt: new Date('2026-01-01T10:00:12.500Z'),
        updatedAt: new Date('2026-01-01T10:00:12.000Z'),
      },
      { instance: 1, completion: 'unknown', success: 'unknown', score: null },
    ]);
    expect(only(seen).path).toBe('/api/v2/registrations/r1/launchHistory');
  });
});

describe('CloudV2Client: launch links', () => {
  const NOW = new Date('2026-03-01T12:00:00.000Z');

  it('mints a link with the redirect and expiry, expiring expiry seconds from now', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 200, { launchLink: 'https://cloud.scorm.com/api/cloud/registration/launch/abc' }), {
      now: () => NOW,
    });
    await expect(client.launchLink('r1', { redirectUrl: 'https://lms.example/exit' })).resolves.toEqual({
      url: 'https://cloud.scorm.com/api/cloud/registration/launch/abc',
      expiresAt: new Date('2026-03-01T12:02:00.000Z'),
    });
    await client.launchLink('r1', { redirectUrl: 'closer', expirySeconds: 10 });
    await client.launchLink('r1', { redirectUrl: 'closer', expirySeconds: 300 });
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(Array(3).fill('POST /api/v2/registrations/r1/launchLink'));
    expect(seen.map((s) => JSON.parse(s.body))).toEqual([
      { redirectOnExitUrl: 'https://lms.example/exit', expiry: 120 },
      { redirectOnExitUrl: 'closer', expiry: 10 },
      { redirectOnExitUrl: 'closer', expiry: 300 },
    ]);
  });

  it('refuses an expiry outside 10–300 before any call', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 200, { launchLink: 'x' }));
    for (const expirySeconds of [9, 301, 0, 12.5]) {
      await expect(client.launchLink('r1', { redirectUrl: 'x', expirySeconds })).rejects.toBeInstanceOf(RangeError);
    }
    expect(seen).toHaveLength(0);
  });

  it('retries a failed mint once only', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 503), { retries: 5 });
    await expect(client.launchLink('r1', { redirectUrl: 'x' })).rejects.toBeInstanceOf(CloudUnavailableError);
    expect(seen).toHaveLength(2);
  });

  it('keeps the whole call, retry included, within the timeout', async () => {
    const { client } = await setup(() => undefined /* never answers */, { timeoutMs: 300, retries: 5 });
    const started = Date.now();
    const err = await failure(client.launchLink('r1', { redirectUrl: 'x' }));
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('honours the abort signal', async () => {
    const controller = new AbortController();
    const { client } = await setup(() => {
      controller.abort();
    });
    await expect(client.launchLink('r1', { redirectUrl: 'x', signal: controller.signal })).rejects.toBeInstanceOf(CloudAbortedError);
  });

  it('refuses an answer without a link', async () => {
    const { client } = await setup((_req, res) => json(res, 200, { link: 'x' }));
    const err = (await failure(client.launchLink('r1', { redirectUrl: 'x' }))) as CloudResponseError;
    expect(err).toBeInstanceOf(CloudResponseError);
    expect(err.message).toBe('Invalid launchLink in SCORM Cloud response: missing (expected a string)');
  });
});

describe('CloudV2Client: learners and postback tests', () => {
  it('updates a learner', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 204));
    await client.updateLearner({ learnerId: 'l 1', firstName: 'Ada', lastName: 'King', email: 'ada@example.com' });
    const s = only(seen);
    expect(`${s.method} ${s.path}`).toBe('POST /api/v2/learner/l%201/updateInfo');
    expect(JSON.parse(s.body)).toEqual({ id: 'l 1', firstName: 'Ada', lastName: 'King', email: 'ada@example.com' });
  });

  it('asks for a test postback with a PostBackSchema', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 204));
    await client.testPostback({ url: 'https://lms.example/pb', authType: 'form', username: 'cloud', password: 'pw', resultsFormat: 'course' });
    const s = only(seen);
    expect(`${s.method} ${s.path}`).toBe('POST /api/v2/registrations/postBackTest');
    expect(JSON.parse(s.body)).toEqual({
      url: 'https://lms.example/pb',
      authType: 'FORM',
      userName: 'cloud',
      password: 'pw',
      resultsFormat: 'COURSE',
      legacy: false,
    });
  });
});

describe('CloudV2Client: error mapping', () => {
  const cases: Array<[number, unknown, string, string, string | undefined]> = [
    [403, { message: 'Forbidden for this app' }, 'CloudAuthError', 'Forbidden for this app', 'other'],
    [404, { message: 'Could not find registration [r1]' }, 'CloudApiError', 'Could not find registration [r1]', 'not-found'],
    [404, { error: 'from error', message: 'from message' }, 'CloudApiError', 'from error', 'not-found'],
    [409, { error: 'Conflict' }, 'CloudApiError', 'Conflict', 'already-exists'],
    [400, { error: 'Course [c] Already Exists' }, 'CloudApiError', 'Course [c] Already Exists', 'already-exists'],
    [400, { error: 'expiry is out of range' }, 'CloudApiError', 'expiry is out of range', 'invalid'],
    [422, { error: 'nope' }, 'CloudApiError', 'nope', 'other'],
    [418, 'I am a teapot', 'CloudApiError', 'I am a teapot', 'other'],
    [400, '<html><body>Bad</body></html>', 'CloudApiError', 'HTTP 400', 'invalid'],
    [404, undefined, 'CloudApiError', 'HTTP 404', 'not-found'],
    [400, { error: 42 }, 'CloudApiError', 'HTTP 400', 'invalid'],
  ];
  it.each(cases)('HTTP %i %j → %s(%s, %s)', async (status, body, name, message, kind) => {
    const { client } = await setup((_req, res) => {
      if (typeof body === 'string') {
        res.writeHead(status, { 'content-type': 'text/plain' });
        return res.end(body);
      }
      return json(res, status, body);
    });
    const err = (await failure(client.getCourse('c'))) as CloudApiError;
    expect(err.constructor.name).toBe(name);
    expect(err.cloudMessage).toBe(message);
    expect(err.kind).toBe(kind);
    expect(err.status).toBe(status);
    expect(err.code).toBe(status);
  });

  it('maps 5xx to CloudUnavailableError with the status', async () => {
    const { client } = await setup((_req, res) => json(res, 502, { error: 'bad gateway' }), { retries: 0 });
    const err = (await failure(client.getCourse('c'))) as CloudUnavailableError;
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err.status).toBe(502);
    expect(err.message).toBe('SCORM Cloud answered HTTP 502 to GET /courses/{courseId}');
  });

  it('refuses a 2xx body that is not JSON, or not an object', async () => {
    const bodies = ['<html>proxy</html>', '[1,2]'];
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(bodies.shift());
    });
    const err = (await failure(client.getCourse('c'))) as CloudResponseError;
    expect(err).toBeInstanceOf(CloudResponseError);
    expect(err.message).toBe('SCORM Cloud answered HTTP 200 to GET /courses/{courseId} with a body that is not JSON');
    await expect(client.getCourse('c')).rejects.toBeInstanceOf(CloudResponseError);
  });

  it('refuses an oversized body without reading it all', async () => {
    const { client } = await setup((_req, res) => json(res, 200, { id: 'c', title: 'x'.repeat(5000) }), { maxResponseBytes: 1000 });
    const err = (await failure(client.getCourse('c'))) as CloudResponseError;
    expect(err).toBeInstanceOf(CloudResponseError);
    expect(err.message).toBe('Response to GET /courses/{courseId} exceeds 1000 bytes');
  });

  it('times out a silent server with CloudUnavailableError', async () => {
    const { client } = await setup(() => undefined, { timeoutMs: 150, retries: 0 });
    const err = (await failure(client.getCourse('c'))) as CloudUnavailableError;
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err.message).toBe('GET /courses/{courseId} timed out after 150 ms');
  });

  it('maps a refused connection to CloudUnavailableError', async () => {
    const { url } = await setup(() => undefined);
    await cloud!.close();
    const client = new CloudV2Client({ serviceUrl: url, appId: APP, secretKey: SECRET, retries: 0 });
    const err = (await failure(client.ping())) as CloudUnavailableError;
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err.message).toBe('GET /ping failed (ECONNREFUSED)');
  });
});

describe('CloudV2Client: retries', () => {
  it('retries a GET on 503 and succeeds', async () => {
    const statuses = [503, 503, 200];
    const delays: number[] = [];
    const { client, seen } = await setup((_req, res) => json(res, statuses.shift()!, { apiMessage: 'pong', currentTime: '' }), {
      retryDelayMs: (attempt) => {
        delays.push(attempt);
        return 1;
      },
    });
    await expect(client.ping()).resolves.toEqual({});
    expect(seen).toHaveLength(3);
    expect(delays).toEqual([0, 1]);
  });

  it('gives up on a GET after the configured retries', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 503), { retries: 2 });
    await expect(client.getCourse('c')).rejects.toBeInstanceOf(CloudUnavailableError);
    expect(seen).toHaveLength(3);
  });

  it('does not retry a 4xx', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 404, { error: 'x' }));
    await expect(client.getCourse('c')).rejects.toBeInstanceOf(CloudApiError);
    expect(seen).toHaveLength(1);
  });

  it('does not retry deletes or postback tests on 503, and does retry a reset and a learner update', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 503), { retries: 1 });
    await expect(client.deleteRegistration('r')).rejects.toBeInstanceOf(CloudUnavailableError);
    await expect(client.deleteCourse('c')).rejects.toBeInstanceOf(CloudUnavailableError);
    await expect(client.testPostback({ url: 'u', authType: 'form' })).rejects.toBeInstanceOf(CloudUnavailableError);
    expect(seen).toHaveLength(3);
    await expect(client.resetRegistration('r')).rejects.toBeInstanceOf(CloudUnavailableError);
    await expect(client.updateLearner({ learnerId: 'l', firstName: 'a', lastName: 'b' })).rejects.toBeInstanceOf(CloudUnavailableError);
    expect(seen).toHaveLength(7);
  });

  it('waits out a Retry-After in seconds, even for POST /registrations', async () => {
    const statuses = [429, 204];
    const { client, seen } = await setup((_req, res) => json(res, statuses.shift()!, undefined, { 'retry-after': '1' }));
    const started = Date.now();
    await client.createRegistration({ courseId: 'c', registrationId: 'r', learnerId: 'l', firstName: 'A', lastName: 'B' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(seen).toHaveLength(2);
  });

  it('waits out a Retry-After HTTP date, measured on the injected clock', async () => {
    const statuses = [429, 200];
    const { client, seen } = await setup(
      (_req, res) => json(res, statuses.shift()!, { apiMessage: 'pong', currentTime: '' }, { 'retry-after': 'Sun, 01 Mar 2026 12:00:10 GMT' }),
      { now: () => new Date('2026-03-01T12:00:09.800Z'), retryDelayMs: 5000 },
    );
    const started = Date.now();
    await client.ping();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(elapsed).toBeLessThan(2000);
    expect(seen).toHaveLength(2);
  });

  it('uses its own backoff for a 429 without Retry-After, then throws CloudRateLimitError', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 429, { error: 'slow down' }), { retries: 2 });
    const err = (await failure(client.ping())) as CloudRateLimitError;
    expect(err).toBeInstanceOf(CloudRateLimitError);
    expect(err.status).toBe(429);
    expect(err.retryAfterSeconds).toBeUndefined();
    expect(seen).toHaveLength(3);
  });

  it('throws at once, with the figure, when Retry-After exceeds the cap', async () => {
    const { client, seen } = await setup((_req, res) => json(res, 429, undefined, { 'retry-after': '120' }));
    const err = (await failure(client.ping())) as CloudRateLimitError;
    expect(err).toBeInstanceOf(CloudRateLimitError);
    expect(err.retryAfterSeconds).toBe(120);
    expect(err.message).toBe('SCORM Cloud rate-limited GET /ping (Retry-After 120 s)');
    expect(seen).toHaveLength(1);
  });
});

describe('CloudV2Client: no secret in errors or events', () => {
  it('never reports the secret or the Authorization header', async () => {
    const requests: CloudV2RequestEvent[] = [];
    const responses: CloudV2ResponseEvent[] = [];
    const statuses = [401, 400, 503, 503, 503, 429];
    const { client } = await setup(
      (_req, res) => {
        const status = statuses.shift() ?? 500;
        // A misbehaving server that echoes the credentials back.
        json(res, status, { error: `bad ${SECRET} ${BASIC}` });
      },
      { retries: 2, onRequest: (e) => requests.push(e), onResponse: (e) => responses.push(e) },
    );
    const errors: unknown[] = [];
    errors.push(await failure(client.ping()));
    errors.push(
      await failure(
        client.createRegistration({
          courseId: 'c',
          registrationId: 'r',
          learnerId: 'l',
          firstName: 'A',
          lastName: 'B',
          postback: { url: 'u', authType: 'form', username: 'u', password: 'pb-secret' },
        }),
      ),
    );
    errors.push(await failure(client.getCourse('c')));
    errors.push(await failure(client.testPostback({ url: 'u', authType: 'httpbasic', username: 'u', password: 'pb-secret' })));
    const text =
      JSON.stringify({ requests, responses }) +
      errors.map((e) => `${(e as Error).message} ${(e as CloudApiError).cloudMessage ?? ''} ${inspect(e)}`).join('\n');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(BASIC_B64);
    expect(text).not.toContain('pb-secret');
    expect((errors[0] as CloudAuthError).cloudMessage).toBe('bad [redacted] Basic [redacted]');
    expect(requests[0]).toEqual({ method: 'GET /ping', attempt: 0, httpMethod: 'GET', path: '/ping', query: {} });
    expect(responses[0]).toMatchObject({ method: 'GET /ping', attempt: 0, status: 401 });
    expect(requests.map((r) => r.method)).toEqual([
      'GET /ping',
      'POST /registrations',
      'GET /courses/{courseId}',
      'GET /courses/{courseId}',
      'GET /courses/{courseId}',
      // The 429 is retried even for a call that is not safe to repeat: the Cloud did nothing with it.
      'POST /registrations/postBackTest',
      'POST /registrations/postBackTest',
    ]);
  });
});
