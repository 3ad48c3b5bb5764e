import { randomBytes } from 'node:crypto';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';

export interface MultipartFile {
  /** Part name; `filedata` is what the official PHP and Java libraries send. */
  fieldName?: string;
  filename: string;
  contentType?: string;
}

/**
 * Size of each write to the Cloud's socket. A pass-through reads the browser's socket 64 KiB at a time,
 * and undici writes every chunk it is given as a chunk header plus a syscall that, on loopback, also runs
 * the receiver's TCP work. Gathering 1 MiB per write costs one more copy of the bytes; in an A/B of
 * `BENCH_RUNS=5 npm run bench` it moved the Strapi route from 1125 to 1184 MiB/s.
 */
export const WRITE_BYTES = 1024 * 1024;

/**
 * Gathered bytes wait at most this long, so a slow upload still reaches the Cloud in steady steps (and
 * keeps its idle timer fed) rather than a megabyte at a time.
 */
export const WRITE_LINGER_MS = 200;

/** `"`, CR and LF cannot appear raw in a quoted header parameter; escape them as the HTML spec does. */
const quoteParam = (s: string): string => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/**
 * Frames a file as one multipart part and gathers its chunks into writes of about WRITE_BYTES. It is a
 * Transform rather than an async generator: undici then writes it with stream backpressure, without a
 * promise per chunk (which Strapi's async hooks make dear).
 */
class MultipartFraming extends Transform {
  private parts: Buffer[] = [];
  private gathered = 0;
  private linger: NodeJS.Timeout | undefined;

  constructor(
    head: Buffer,
    private readonly tail: Buffer,
  ) {
    super({ highWaterMark: WRITE_BYTES });
    // At once, so the request starts before the first byte of the file arrives.
    this.push(head);
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.parts.push(bytes);
    this.gathered += bytes.length;
    if (this.gathered >= WRITE_BYTES) this.push(this.takeGathered());
    // One timer per write, not per chunk.
    else this.linger ??= setTimeout(() => this.gathered > 0 && this.push(this.takeGathered()), WRITE_LINGER_MS).unref();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.parts.push(this.tail);
    this.gathered += this.tail.length;
    callback(null, this.takeGathered());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.linger);
    this.parts = [];
    callback(error);
  }

  private takeGathered(): Buffer {
    clearTimeout(this.linger);
    this.linger = undefined;
    const out = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.gathered);
    this.parts = [];
    this.gathered = 0;
    return out;
  }
}

/**
 * A `multipart/form-data` body with one file part, framed around `source` as it streams, so that a package
 * of any size is never held in memory (at most about WRITE_BYTES more than the stream buffers).
 * The boundary is 24 random bytes: it cannot collide with file content in practice, which is why the
 * bytes need no scanning. Errors of `source` destroy the body, and a destroyed body destroys `source`.
 */
export function multipartFileBody(source: Readable, file: MultipartFile): { contentType: string; body: Readable } {
  const boundary = `----scormcloud${randomBytes(24).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${quoteParam(file.fieldName ?? 'filedata')}"; filename="${quoteParam(file.filename)}"\r\n` +
      `Content-Type: ${(file.contentType ?? 'application/zip').replace(/[\r\n]/g, '')}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const body = new MultipartFraming(head, tail);
  pipeline(source, body, () => undefined);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}
