import Busboy from 'busboy';
import { PassThrough, Readable } from 'node:stream';
import { multipartFileBody } from '../../../server/src/cloud';
import { WRITE_BYTES, WRITE_LINGER_MS } from '../../../server/src/cloud/multipart';

const KiB = 1024;

/** Distinct bytes per chunk, so a reordered or repeated chunk shows in the comparison. */
const chunks = (count: number, size: number): Buffer[] => Array.from({ length: count }, (_, i) => Buffer.alloc(size, i % 251));

/** What busboy makes of a body: the file part's name, filename and bytes. */
function parse(contentType: string, body: Buffer): Promise<{ field: string; filename: string; data: Buffer }> {
  return new Promise((resolve, reject) => {
    const bb = Busboy({ headers: { 'content-type': contentType } });
    bb.on('file', (field, stream, info) => {
      const parts: Buffer[] = [];
      stream.on('data', (c: Buffer) => parts.push(c));
      stream.on('end', () => resolve({ field, filename: info.filename ?? '', data: Buffer.concat(parts) }));
    });
    bb.on('error', reject);
    bb.end(body);
  });
}

describe('multipartFileBody', () => {
  it('gathers 64 KiB source chunks into writes of at least WRITE_BYTES, bytes unchanged', async () => {
    const source = chunks(40, 64 * KiB); // 2.5 MiB
    const { contentType, body } = multipartFileBody(Readable.from(source), { filename: 'course.zip' });
    // 'data' events, as undici reads it (an async iterator would merge buffered chunks in read()).
    const writes: Buffer[] = [];
    body.on('data', (w: Buffer) => writes.push(w));
    await new Promise((r) => body.once('end', r));

    // The part head comes first on its own (the request starts at once), then gathered writes, then the rest with the tail.
    expect(writes[0].toString('latin1')).toMatch(/^--.+\r\nContent-Disposition: form-data; name="filedata"; filename="course.zip"\r\n/);
    const middle = writes.slice(1, -1);
    expect(middle.length).toBe(Math.floor((40 * 64 * KiB) / WRITE_BYTES));
    for (const w of middle) expect(w.length).toBeGreaterThanOrEqual(WRITE_BYTES);

    const parsed = await parse(contentType, Buffer.concat(writes));
    expect(parsed.field).toBe('filedata');
    expect(parsed.filename).toBe('course.zip');
    expect(parsed.data.equals(Buffer.concat(source))).toBe(true);
  });

  it('lets gathered bytes of a slow source out after WRITE_LINGER_MS, before more arrive', async () => {
    const source = new PassThrough();
    const { body } = multipartFileBody(source, { filename: 'slow.zip' });
    const seen: number[] = [];
    body.on('data', (w: Buffer) => seen.push(w.length));
    const head = await new Promise<number>((resolve) => body.once('data', (w: Buffer) => resolve(w.length)));

    source.write(Buffer.alloc(10 * KiB, 1));
    await new Promise((r) => setTimeout(r, WRITE_LINGER_MS * 3));
    // Far below WRITE_BYTES, and still written: a trickling upload keeps moving.
    expect(seen).toEqual([head, 10 * KiB]);

    source.end(Buffer.alloc(5 * KiB, 2));
    await new Promise((r) => body.once('end', r));
    expect(seen.slice(0, 2)).toEqual([head, 10 * KiB]);
    expect(seen[2]).toBeGreaterThan(5 * KiB); // the last bytes with the closing boundary
    expect(seen).toHaveLength(3);
  });

  it('destroys the source when the body is destroyed, and no gathered write follows', async () => {
    const source = new PassThrough();
    const { body } = multipartFileBody(source, { filename: 'x.zip' });
    const seen: number[] = [];
    body.on('data', (w: Buffer) => seen.push(w.length));
    body.on('error', () => undefined);
    await new Promise((r) => setImmediate(r));
    source.write(Buffer.alloc(KiB));
    body.destroy();
    await new Promise((r) => setTimeout(r, WRITE_LINGER_MS * 2));
    expect(source.destroyed).toBe(true);
    expect(seen).toHaveLength(1); // the head only
  });
});
