import type { IncomingMessage } from 'node:http';

export interface RawBody {
  /** null when the body exceeded the limit; it has been drained anyway. */
  body: Buffer | null;
  bytes: number;
}

/**
 * Reads a request body that `strapi::body` was told to skip, keeping at most `maxBytes`. An oversized
 * body is still read to its end and thrown away, so the client receives our answer instead of a reset
 * connection (it is bounded by the server's request timeout).
 */
export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let over = Number(req.headers['content-length'] ?? 0) > maxBytes;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) over = true;
      if (over) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.once('end', () => resolve({ body: over ? null : Buffer.concat(chunks), bytes }));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('client aborted the request')));
  });
}
