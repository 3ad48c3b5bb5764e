import { eventually } from '../../tests/helpers/eventually';
import { XMLParser } from 'fast-xml-parser';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from '../../server/src/cloud/sign';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src';

export const APP = { appId: 'TESTAPP', secretKey: 'test-secret-KEY' };

export function start(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({
    port: 0,
    apps: [APP],
    importDelayMs: 60,
    postbackRetry: { initialDelayMs: 30, maxDelayMs: 200, jitter: 0.2, timeoutMs: 2000 },
    ...options,
  });
}

export const stamp = (ms = Date.now()): string => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);

export type Params = Record<string, string>;

/** The signed query a V1 library would send. */
export function signedQuery(method: string, params: Params = {}, app = APP, ts = stamp()): URLSearchParams {
  const all: Params = { method, appid: app.appId, ts, ...params };
  return new URLSearchParams({ ...all, sig: sign(app.secretKey, all) });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (n) => ['importresult', 'warning', 'course', 'registration', 'launch', 'activity', 'version', 'instance', 'tag'].includes(n),
});

export interface XmlReply {
  status: number;
  text: string;
  location?: string;
  rsp: any;
}

export async function callRaw(emu: RunningEmulator, query: URLSearchParams, init?: RequestInit, path = '/api'): Promise<XmlReply> {
  const res = await fetch(`${emu.url}${path}?${query}`, { redirect: 'manual', ...init });
  const text = await res.text();
  const doc = text.startsWith('<?xml') ? (parser.parse(text) as any) : undefined;
  return { status: res.status, text, rsp: doc?.rsp, location: res.headers.get('location') ?? undefined };
}

export function call(emu: RunningEmulator, method: string, params: Params = {}, app = APP): Promise<XmlReply> {
  return callRaw(emu, signedQuery(method, params, app));
}

/** A multipart import the way the PHP library sends it: API params in the query, the zip in a part. */
export function upload(emu: RunningEmulator, method: string, params: Params, zip: Buffer, partName = 'filedata'): Promise<XmlReply> {
  const form = new FormData();
  form.append(partName, new Blob([zip], { type: 'application/zip' }), 'course.zip');
  return callRaw(emu, signedQuery(method, params), { method: 'POST', body: form });
}

export function expectOk(reply: XmlReply) {
  if (reply.rsp?.['@stat'] !== 'ok') throw new Error(`expected stat=ok, got: ${reply.text}`);
  return reply.rsp;
}

export function errCode(reply: XmlReply): string | undefined {
  return reply.rsp?.err?.['@code'];
}

export async function control<T = any>(emu: RunningEmulator, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const res = await fetch(`${emu.url}/_emulator/${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`control ${path} answered ${res.status}: ${json.error}`);
  return json;
}

export async function importAndWait(emu: RunningEmulator, courseId: string, zip: Buffer) {
  const token = expectOk(await upload(emu, 'rustici.course.importCourseAsync', { courseid: courseId }, zip)).token.id as string;
  const rsp = await eventually(
    `the import of ${courseId} to end`,
    async () => {
      const r = expectOk(await call(emu, 'rustici.course.getAsyncImportResult', { token }));
      return r.status === 'finished' || r.status === 'error' ? r : undefined;
    },
    { intervalMs: 20 },
  );
  return { token, rsp };
}

export async function createReg(emu: RunningEmulator, courseId: string, regId: string, extra: Params = {}) {
  expectOk(
    await call(emu, 'rustici.registration.createRegistration', {
      courseid: courseId,
      regid: regId,
      fname: 'Ada',
      lname: 'Lovelace',
      learnerid: 'ada',
      ...extra,
    }),
  );
}

// ---- packages: built in tests/helpers/packages.ts, shared with the integration and browser tests ------

/** Launches a registration in the player (V1 `launch`) and answers the player's launch ID. */
export async function launchInPlayer(emu: RunningEmulator, regid: string): Promise<string> {
  const res = await fetch(`${emu.serviceUrl}?${signedQuery('rustici.registration.launch', { regid, redirecturl: 'http://127.0.0.1:9/back' })}`, {
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return /\/_player\/([^/]+)\/$/.exec(new URL(res.headers.get('location')!).pathname)![1];
}

/** A request to one launch's player routes, redirects not followed. */
export const playerFetch = (emu: RunningEmulator, launchId: string, path: string, init?: RequestInit) =>
  fetch(`${emu.url}/_player/${launchId}/${path}`, { redirect: 'manual', ...init });

export { buildZip, scorm12Manifest, scorm12Multi, scorm12Single, scorm2004 } from '../../tests/helpers/packages';

// ---- a postback receiver -------------------------------------------------------------------------

export interface Received {
  contentType: string;
  authorization?: string;
  body: string;
  form?: URLSearchParams;
}

export async function receiver(respond: (n: number, req: IncomingMessage) => number = () => 200) {
  const received: Received[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const contentType = req.headers['content-type'] ?? '';
      const status = respond(n++, req);
      if (status < 400) {
        received.push({
          contentType,
          authorization: req.headers.authorization,
          body,
          form: contentType.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body) : undefined,
        });
      }
      res.writeHead(status, status >= 300 && status < 400 ? { location: 'http://127.0.0.1:1/elsewhere' } : {});
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/postback`;
  return {
    url,
    received,
    attempts: () => n,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
