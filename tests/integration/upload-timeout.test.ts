/**
 * Node's server-wide requestTimeout (300 s by default) would cut a 1 GiB upload over a slow link. The
 * upload route lifts it for its own request only; every other route keeps it. Shortened here: the
 * server's limit is 1.5 s, checked every 100 ms, and the slow clients take about 3.5 s.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { bootStack, type Stack } from '../helpers/stack';
import { scorm12Single } from '../helpers/packages';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  status?: number;
  body?: string;
  error?: string;
  ms: number;
}

/** Sends `head`, then `chunks` one every `gapMs`, then `tail`, and reports how the server answered. */
function slowRequest(
  port: number,
  options: { method: string; path: string; headers: Record<string, string>; head: Buffer; chunks: Buffer[]; tail: Buffer; gapMs: number },
): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers });
    let done = false;
    const finish = (o: Omit<Outcome, 'ms'>) => {
      if (done) return;
      done = true;
      resolve({ ...o, ms: Date.now() - started });
    };
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => finish({ status: res.statusCode, body }));
      res.on('error', (e) => finish({ status: res.statusCode, error: e.message }));
    });
    req.on('error', (e) => finish({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    void (async () => {
      req.write(options.head);
      for (const chunk of options.chunks) {
        await sleep(options.gapMs);
        if (done || req.destroyed) return;
        req.write(chunk);
      }
      req.end(options.tail);
    })();
  });
}

describe('request timeout on the upload route', () => {
  let stack: Stack;
  let token: string;
  let port: number;

  beforeAll(async () => {
    stack = await bootStack();
    token = await stack.app.superAdminToken();
    const server = stack.app.strapi.server.httpServer;
    server.requestTimeout = 1500;
    server.headersTimeout = 1000;
    // Read when the server starts listening (lib/_http_server.js setupConnectionsTracking).
    (server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval = 100;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('lets a slow upload run past the server requestTimeout and succeed', async () => {
    const zip = await scorm12Single('Slow Upload');
    const boundary = `----slow${randomBytes(6).toString('hex')}`;
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.zip"\r\nContent-Type: application/zip\r\n\r\n`);
    const pieces = 14;
    const size = Math.ceil(zip.length / pieces);
    const chunks = Array.from({ length: pieces }, (_, i) => zip.subarray(i * size, (i + 1) * size));
    const outcome = await slowRequest(port, {
      method: 'POST',
      path: '/scorm-cloud/courses',
      headers: { Authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
      head,
      chunks,
      tail: Buffer.from(`\r\n--${boundary}--\r\n`),
      gapMs: 250,
    });
    expect(outcome.ms).toBeGreaterThan(3000);
    expect(outcome).toMatchObject({ status: 202 });
    expect(JSON.parse(outcome.body!).data).toMatchObject({ status: 'importing', packageName: 'slow.zip', packageBytes: zip.length });
  });

  it('still cuts an equally slow request to any other route', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'x'.repeat(60) }));
    const pieces = 14;
    const size = Math.ceil(body.length / pieces);
    const chunks = Array.from({ length: pieces - 1 }, (_, i) => body.subarray(i * size, (i + 1) * size));
    const outcome = await slowRequest(port, {
      method: 'PUT',
      path: '/scorm-cloud/courses/c-unknown',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(body.length) },
      head: Buffer.alloc(0),
      chunks,
      tail: body.subarray((pieces - 1) * size),
      gapMs: 250,
    });
    // Node answers 408 and closes, or the socket is reset mid-write.
    expect(outcome.status === 408 || outcome.error !== undefined).toBe(true);
    expect(outcome.ms).toBeLessThan(3000);
  });
});
