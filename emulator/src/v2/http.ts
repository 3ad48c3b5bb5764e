import type { IncomingMessage, ServerResponse } from 'node:http';

/** A V2 failure: an HTTP status and the text SCORM Cloud answers with, as `{ "message": … }` (401 says `{ "error": … }`). */
export class V2Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'V2Error';
  }
}

export const AUTH_REQUIRED = 'Authorization Required.';

export const notFoundCourse = (id: string) => new V2Error(404, `Could not find course [${id}]`);
export const notFoundRegistration = (id: string) => new V2Error(404, `Could not find registration [${id}]`);

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-length': 0, 'cache-control': 'no-store', ...headers });
  res.end();
}

/**
 * The docs' 401 example carries `error` only; the spec's MessageSchema has `message`, and clients read
 * `error ?? message`, so other errors carry both.
 */
export function sendError(res: ServerResponse, err: V2Error): void {
  if (err.status === 401) return sendJson(res, 401, { error: err.message });
  sendJson(res, err.status, { error: err.message, message: err.message });
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw new V2Error(413, `The request body exceeds the ${limit}-byte limit.`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** A JSON body as an object; an empty body is `{}` (void-bodied POSTs from the generated client send none). */
export async function readJson(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Record<string, unknown>> {
  const text = (await readBody(req, limit)).toString('utf8').trim();
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new V2Error(400, `The request body is not valid JSON (${(err as Error).message}).`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new V2Error(400, 'The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** Query booleans are `true`/`false` on the wire; anything else counts as false, as an unparsed flag would. */
export const flag = (q: URLSearchParams, name: string): boolean => q.get(name)?.toLowerCase() === 'true';

/** Request dates: ISO 8601 with or without ms/offset, UTC when no offset is given, as the Cloud reads them. */
export function dateQuery(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(raw) || !raw.includes('T') ? raw : `${raw}Z`;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new V2Error(400, `The value [${raw}] of parameter [${name}] is not an ISO 8601 timestamp.`);
  return ms;
}

export function str(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new V2Error(400, `The field [${name}] must be a string.`);
  return v;
}

/** CORS for browsers: the origin is echoed (credentials are a header, never a cookie, so any origin may call). */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': 'X-Total-Count, Content-Length' };
}

export function sendPreflight(req: IncomingMessage, res: ServerResponse, methods: string): void {
  const asked = req.headers['access-control-request-headers'];
  sendEmpty(res, 204, {
    ...corsHeaders(req),
    'access-control-allow-methods': methods,
    'access-control-allow-headers': ['Authorization', 'Content-Type', 'uploadedContentType', ...(typeof asked === 'string' && asked ? [asked] : [])].join(', '),
    'access-control-max-age': '600',
  });
}
