import Busboy from 'busboy';
import { Readable } from 'node:stream';
import { CloudClient } from '../../../server/src/cloud';
import * as fx from './fixtures/responses';
import { startCloud, xml } from './fixtures/server';

const TOTAL = 256 * 1024 * 1024; // 256 MB, generated on the fly
const CHUNK = 64 * 1024;
const MB = 1024 * 1024;

/** Yields TOTAL bytes of a repeating pattern without ever holding more than one chunk. */
function generated(total: number): Readable {
  const pattern = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i++) pattern[i] = i % 253;
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(CHUNK, total - sent);
      sent += n;
      // A fresh copy per chunk, so that nothing is shared and retained memory shows up in RSS.
      this.push(Buffer.from(pattern.subarray(0, n)));
    },
  });
}

jest.setTimeout(60_000);

it('streams a 256 MB package through importCourseAsync with flat memory', async () => {
  let received = 0;
  // Byte at stream offset p must be (p mod CHUNK) mod 253; checking both ends of every received chunk
  // catches lost, duplicated or reordered data without a per-byte loop over 256 MB.
  let mismatches = 0;
  const expectedAt = (p: number): number => (p % CHUNK) % 253;
  let filename = '';
  const cloud = await startCloud((req, res) => {
    const bb = Busboy({ headers: req.headers });
    bb.on('file', (_name, stream, info) => {
      filename = info.filename ?? '';
      stream.on('data', (c: Buffer) => {
        if (c[0] !== expectedAt(received) || c[c.length - 1] !== expectedAt(received + c.length - 1)) mismatches++;
        received += c.length;
      });
    });
    bb.on('close', () => xml(res, fx.IMPORT_TOKEN));
    req.pipe(bb);
  });

  const client = new CloudClient({ serviceUrl: cloud.url, appId: 'A', secretKey: 'S' });
  global.gc?.();
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = process.hrtime.bigint();
  try {
    const result = await client.importCourseAsync('big-course', generated(TOTAL), { filename: 'big.zip' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const growth = (peakRss - startRss) / MB;
    console.log(
      `import-stream: ${TOTAL / MB} MB in ${seconds.toFixed(2)} s = ${(TOTAL / MB / seconds).toFixed(0)} MB/s; ` +
        `RSS start ${(startRss / MB).toFixed(0)} MB, peak ${(peakRss / MB).toFixed(0)} MB (+${growth.toFixed(1)} MB)`,
    );
    expect(result).toEqual({ token: '4e3b6a1c-token' });
    expect(filename).toBe('big.zip');
    expect(received).toBe(TOTAL);
    expect(mismatches).toBe(0);
    expect(growth).toBeLessThan(100);
  } finally {
    clearInterval(sampler);
    await cloud.close();
  }
});

it('gives up an upload whose source stops sending, after the idle timeout, and destroys the source', async () => {
  const cloud = await startCloud((req) => void req.resume());
  try {
    const source = new Readable({ read() {} });
    source.push(Buffer.alloc(1024, 1)); // then nothing, ever
    const client = new CloudClient({ serviceUrl: cloud.url, appId: 'APP', secretKey: 'SECRET', uploadIdleTimeoutMs: 200 });
    const error = await client.importCourseAsync('c1', source, { filename: 'stalled.zip' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('CloudUnavailableError');
    expect(error?.message).toBe('rustici.course.importCourseAsync timed out: the upload made no progress for 200 ms');
    expect(source.destroyed).toBe(true);
  } finally {
    await cloud.close();
  }
});
