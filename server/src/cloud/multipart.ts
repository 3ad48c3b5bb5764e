import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface MultipartFile {
  /** Part name; `filedata` is what the official PHP and Java libraries send. */
  fieldName?: string;
  filename: string;
  contentType?: string;
}

/** `"`, CR and LF cannot appear raw in a quoted header parameter; escape them as the HTML spec does. */
const quoteParam = (s: string): string => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/**
 * A `multipart/form-data` body with one file part, produced lazily from `source` so that a package of any
 * size is never held in memory. The async iterator pulls from the Readable only when undici has written
 * the previous chunk, which is the backpressure. The boundary is 24 random bytes: it cannot collide with
 * file content in practice, which is why the bytes need no scanning.
 */
export function multipartFileBody(source: Readable, file: MultipartFile): { contentType: string; body: AsyncIterable<Buffer> } {
  const boundary = `----scormcloud${randomBytes(24).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${quoteParam(file.fieldName ?? 'filedata')}"; filename="${quoteParam(file.filename)}"\r\n` +
      `Content-Type: ${(file.contentType ?? 'application/zip').replace(/[\r\n]/g, '')}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');

  async function* body(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of source) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    }
    yield tail;
  }

  return { contentType: `multipart/form-data; boundary=${boundary}`, body: body() };
}
