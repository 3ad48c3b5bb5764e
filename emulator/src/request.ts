import type { IncomingMessage } from 'node:http';
import Busboy from 'busboy';

/** Decoded request parameters; a name may repeat (multi-valued parameters are signed as a list). */
export type Params = Record<string, string | string[]>;

export interface ParsedRequest {
  params: Params;
  /** The uploaded file of a multipart request, whatever its part name. */
  file?: { fieldName: string; fileName: string; data: Buffer };
}

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`The request body exceeds the ${limit}-byte limit.`);
    this.name = 'BodyTooLargeError';
  }
}

const add = (params: Params, name: string, value: string) => {
  const prev = params[name];
  params[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
};

export function first(params: Params, name: string): string | undefined {
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `URLSearchParams` decodes with form rules (`+` is a space), as the V1 libraries encode. */
function addSearch(params: Params, search: string) {
  for (const [k, v] of new URLSearchParams(search)) add(params, k, v);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Query string, then an urlencoded or multipart body, merged into one parameter set. */
export interface ParseOptions {
  discardFiles?: boolean;
  /**
   * Parts taken as the uploaded file even when they carry no filename: the generated V2 client sends a Node
   * Buffer that way (form-data gives it no filename, so busboy would see a text field).
   */
  binaryFields?: string[];
}

export async function parseRequest(req: IncomingMessage, url: URL, maxBodyBytes: number, options: ParseOptions = {}): Promise<ParsedRequest> {
  const params: Params = {};
  addSearch(params, url.search);
  if (req.method !== 'POST' && req.method !== 'PUT') return { params };
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  // A client that always posts multipart (with or without fields) sends non-upload calls that way too; an
  // empty one (`content-length: 0`) has no closing boundary, which busboy calls "Unexpected end of form".
  if (type.startsWith('multipart/form-data') && req.headers['content-length'] !== '0') {
    return parseMultipart(req, params, maxBodyBytes, options.discardFiles ?? false, options.binaryFields ?? []);
  }
  const body = await readBody(req, maxBodyBytes);
  if (type.startsWith('application/x-www-form-urlencoded')) addSearch(params, body.toString('utf8'));
  return { params };
}

function parseMultipart(req: IncomingMessage, params: Params, limit: number, discard: boolean, binaryFields: string[]): Promise<ParsedRequest> {
  return new Promise((resolve, reject) => {
    let file: ParsedRequest['file'];
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      req.resume();
      reject(err);
    };
    let bb: Busboy.Busboy;
    try {
      // 1 MiB buffers, as on the plugin's upload route: busboy's 16 KiB default pauses the socket on every read.
      // With binary fields, text is read as latin1 (byte for byte) and re-decoded below, so a binary part survives.
      const binary = binaryFields.length > 0;
      bb = Busboy({
        headers: req.headers,
        highWaterMark: 1024 * 1024,
        fileHwm: 1024 * 1024,
        limits: { fileSize: limit, files: 5, ...(binary ? { fieldSize: limit } : {}) },
        defParamCharset: 'utf8',
        ...(binary ? { defCharset: 'latin1' } : {}),
      });
    } catch (err) {
      reject(err as Error);
      return;
    }
    bb.on('field', (name, value, info) => {
      if (binaryFields.length === 0) return add(params, name, value);
      if (info.valueTruncated) return fail(new BodyTooLargeError(limit));
      const bytes = Buffer.from(value, 'latin1');
      if (binaryFields.includes(name) && !file) file = { fieldName: name, fileName: '', data: discard ? Buffer.alloc(0) : bytes };
      else add(params, name, bytes.toString('utf8'));
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      // `discardPackages` (benchmarks): bytes are read at full speed and dropped; the import then fails as an empty zip.
      stream.on('data', (c: Buffer) => {
        if (!discard) chunks.push(c);
      });
      stream.on('limit', () => fail(new BodyTooLargeError(limit)));
      stream.on('end', () => {
        // The first file part wins: clients name it `filedata` or `file`, browsers whatever the form says.
        if (!file) file = { fieldName: name, fileName: info.filename ?? '', data: Buffer.concat(chunks) };
      });
    });
    // A chunked body that turns out empty is the same empty form as `content-length: 0`.
    let received = 0;
    req.on('data', (c: Buffer) => {
      received += c.length;
    });
    bb.on('error', (err) => {
      if (received === 0 && /unexpected end of form/i.test((err as Error).message)) {
        if (!failed) {
          failed = true;
          resolve({ params });
        }
        return;
      }
      fail(err as Error);
    });
    bb.on('close', () => {
      if (!failed) resolve({ params, file });
    });
    req.pipe(bb);
  });
}
