import { ZipFile } from 'yazl';
import { XMLParser } from 'fast-xml-parser';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from '../../server/src/cloud/sign';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../server/src/emulator';

export const APP = { appId: 'TESTAPP', secretKey: 'test-secret-KEY' };

export function start(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, apps: [APP], importDelayMs: 60, postbackRetry: { initialDelayMs: 30, maxDelayMs: 200, jitter: 0.2, timeoutMs: 2000 }, ...options });
}

export const stamp = (ms = Date.now()): string => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);

export type Params = Record<string, string>;

/** The signed query a V1 library would send. */
export function signedQuery(method: string, params: Params = {}, app = APP, ts = stamp()): URLSearchParams {
  const all: Params = { method, appid: app.appId, ts, ...params };
  return new URLSearchParams({ ...all, sig: sign(app.secretKey, all) });
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (n) => ['importresult', 'warning', 'course', 'registration', 'launch', 'activity', 'version', 'instance', 'tag'].includes(n) });

export interface XmlReply {
  status: number;
  text: string;
  location?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  rsp: any;
}

export async function callRaw(emu: RunningEmulator, query: URLSearchParams, init?: RequestInit, path = '/api'): Promise<XmlReply> {
  const res = await fetch(`${emu.url}${path}?${query}`, { redirect: 'manual', ...init });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
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
  for (let i = 0; i < 200; i++) {
    const rsp = expectOk(await call(emu, 'rustici.course.getAsyncImportResult', { token }));
    if (rsp.status === 'finished' || rsp.status === 'error') return { token, rsp };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('import did not finish');
}

export async function createReg(emu: RunningEmulator, courseId: string, regId: string, extra: Params = {}) {
  expectOk(await call(emu, 'rustici.registration.createRegistration', { courseid: courseId, regid: regId, fname: 'Ada', lname: 'Lovelace', learnerid: 'ada', ...extra }));
}

// ---- packages ------------------------------------------------------------------------------------

export function buildZip(files: Record<string, string | Buffer>, options: { compress?: boolean } = {}): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, name, { compress: options.compress ?? true });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

const page = (title: string) => `<!doctype html><html><head><title>${title}</title></head><body>${title}</body></html>`;

export function scorm12Manifest(opts: { title: string; scos: Array<{ id: string; title: string; href: string }>; defaultOrg?: string; schemaVersion?: string | null; extraFiles?: string[] }) {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const items = opts.scos.map((s) => `<item identifier="item_${s.id}" identifierref="res_${s.id}"><title>${esc(s.title)}</title></item>`).join('');
  const resources = opts.scos
    .map((s) => `<resource identifier="res_${s.id}" type="webcontent" adlcp:scormtype="sco" href="${s.href}"><file href="${s.href}"/>${(opts.extraFiles ?? []).map((f) => `<file href="${f}"/>`).join('')}</resource>`)
    .join('');
  const schema = opts.schemaVersion === null ? '' : `<schemaversion>${opts.schemaVersion ?? '1.2'}</schemaversion>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.test12" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema>${schema}</metadata>
  <organizations default="${opts.defaultOrg ?? 'org_1'}">
    <organization identifier="org_1"><title>${esc(opts.title)}</title>${items}</organization>
  </organizations>
  <resources>${resources}</resources>
</manifest>`;
}

export function scorm12Single(title = 'Single SCO Course'): Promise<Buffer> {
  return buildZip({ 'imsmanifest.xml': scorm12Manifest({ title, scos: [{ id: '1', title: 'Lesson', href: 'index.html' }] }), 'index.html': page(title) });
}

export function scorm12Multi(title = 'Multi SCO Course'): Promise<Buffer> {
  return buildZip({
    'imsmanifest.xml': scorm12Manifest({
      title,
      scos: [
        { id: 'a', title: 'Part A', href: 'a/index.html' },
        { id: 'b', title: 'Part B', href: 'b/index.html' },
      ],
    }),
    'a/index.html': page('A'),
    'b/index.html': page('B'),
  });
}

export function scorm2004(edition: '2004 3rd Edition' | '2004 4th Edition', title = `Sequenced ${edition}`): Promise<Buffer> {
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.seq" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>${edition}</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG" adlseq:objectivesGlobalToSystem="false">
      <title>${title.replace(/&/g, '&amp;')}</title>
      <item identifier="MOD1"><title>Module 1</title>
        <item identifier="SCO1" identifierref="R1"><title>Intro</title>
          <imsss:sequencing><imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/></imsss:sequencing>
        </item>
        <item identifier="SCO2" identifierref="R2" parameters="?page=2"><title>Quiz</title></item>
        <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
      </item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/>
        <imsss:rollupRules objectiveMeasureWeight="1"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="intro.html"><file href="intro.html"/><dependency identifierref="COMMON"/></resource>
    <resource identifier="R2" type="webcontent" adlcp:scormType="sco" href="quiz.html"><file href="quiz.html"/></resource>
    <resource identifier="COMMON" type="webcontent" adlcp:scormType="asset"><file href="shared/app.js"/></resource>
  </resources>
  <imsss:sequencingCollection><imsss:sequencing ID="common"><imsss:controlMode flow="true"/></imsss:sequencing></imsss:sequencingCollection>
</manifest>`;
  return buildZip({ 'imsmanifest.xml': manifest, 'intro.html': page('Intro'), 'quiz.html': page('Quiz'), 'shared/app.js': '// app' });
}

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
        received.push({ contentType, authorization: req.headers.authorization, body, form: contentType.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body) : undefined });
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
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error('condition not met in time');
}
