import type { IncomingMessage } from 'node:http';

export interface RawBody {
  /** null when the body exceeded the limit; it has been drained anyway. */
  body: Buffer | null;
  bytes: number;
}

/** The body stopped arriving for longer than the idle timeout. */
export class BodyTimeoutError extends Error {}

/**
 * Reads a request body that `strapi::body` was told to skip, keeping at most `maxBytes`. A body that
 * grows past the limit without having announced it is still read to its end (bounded by the limit's
 * reason: the caller refuses a `Content-Length` above it before calling) and thrown away, so the client
 * receives our answer instead of a reset connection. A body that stalls for `idleTimeoutMs` rejects
 * with BodyTimeoutError: the route is unauthenticated, so nobody may hold it open for minutes.
 */
export function readRawBody(req: IncomingMessage, maxBytes: number, idleTimeoutMs = 10_000): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let over = Number(req.headers['content-length'] ?? 0) > maxBytes;
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    const arm = () => {
      done();
      timer = setTimeout(() => {
        req.removeAllListeners('data');
        reject(new BodyTimeoutError(`no postback body data for ${idleTimeoutMs} ms`));
      }, idleTimeoutMs);
    };
    arm();
    req.on('data', (chunk: Buffer) => {
      arm();
      bytes += chunk.length;
      if (bytes > maxBytes) over = true;
      if (over) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.once('end', () => {
      done();
      resolve({ body: over ? null : Buffer.concat(chunks), bytes });
    });
    req.once('error', (error) => {
      done();
      reject(error);
    });
    req.once('aborted', () => {
      done();
      reject(new Error('client aborted the request'));
    });
  });
}
