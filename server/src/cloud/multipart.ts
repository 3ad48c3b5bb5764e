import { randomBytes } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';

export interface MultipartFile {
  /** Part name; `filedata` is what the official PHP and Java libraries send. */
  fieldName?: string;
  filename: string;
  contentType?: string;
}

/** `"`, CR and LF cannot appear raw in a quoted header parameter; escape them as the HTML spec does. */
const quoteParam = (s: string): string => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/**
 * A `multipart/form-data` body with one file part, framed around `source` as it streams, so that a package
 * of any size is never held in memory. It is a Transform rather than an async generator: undici then
 * writes it with stream backpressure, without a promise per chunk (which Strapi's async hooks make dear).
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
  const body = new Transform({
    // Larger than one socket read, so the stage before is not paused for every chunk.
    highWaterMark: 1024 * 1024,
    transform: (chunk: Buffer | string, _encoding, callback) => callback(null, typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
    flush: (callback) => callback(null, tail),
  });
  body.push(head);
  pipeline(source, body, () => undefined);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}
