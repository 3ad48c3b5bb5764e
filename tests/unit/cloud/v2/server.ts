import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenV2 {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** The raw request body (only the length is kept for bodies over 1 MB, see `bytes`). */
  body: string;
  bytes: number;
}

export type HandlerV2 = (req: IncomingMessage, res: ServerResponse, seen: SeenV2) => unknown;

/** A real HTTP server on 127.0.0.1 standing in for SCORM Cloud V2; it reads each body before calling the handler. */
export async function startV2(
  handler: HandlerV2,
  options: { streamBody?: boolean } = {},
): Promise<{ url: string; seen: SeenV2[]; close: () => Promise<void>; server: Server }> {
  const seen: SeenV2[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const s: SeenV2 = { method: req.method ?? '', path: url.pathname, query, headers: req.headers, body: '', bytes: 0 };
    seen.push(s);
    const run = (): void => {
      Promise.resolve(handler(req, res, s)).catch((err) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    };
    if (options.streamBody) return run();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      s.bytes += c.length;
      if (s.bytes <= 1024 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      s.body = Buffer.concat(chunks).toString('utf8');
      run();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v2`,
    seen,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void => {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
