import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, type AppCredentials } from './auth';
import { METHODS, type ApiResult } from './api';
import { handleControl } from './controls';
import { EmulatorCore } from './core';
import { EmulatorApiError } from './errors';
import { FaultBook } from './faults';
import { createPlayerHandler } from './player';
import type { PlayerHost } from './player/contract';
import { DEFAULT_POSTBACK_RETRY, type PostbackRetryOptions } from './postbacks';
import { BodyTooLargeError, first, parseRequest, type Params } from './request';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip';
import { timestampOf } from './signature';
import { failEnvelope, okEnvelope, textEl, XML_DECLARATION } from './xml';
import { TokenBook } from './v2/auth';
import { DEFAULT_V2_OPTIONS, type V2Options } from './v2/context';
import { createV2Handler, V2_PREFIX } from './v2/handler';
import { corsHeaders, sendPreflight } from './v2/http';
import { handleLaunchLink, LAUNCH_LINK_PREFIX } from './v2/launch-links';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The applications (app ID + secret key) the emulator accepts; at least one. */
  apps: Array<{ appId: string; secretKey: string }>;
  /** Folder for state and packages; without it, everything stays in memory. */
  dataDir?: string;
  /** How long an async import takes from `created` to `finished`/`error` (default 2000 ms). */
  importDelayMs?: number;
  postbackRetry?: Partial<PostbackRetryOptions>;
  zipLimits?: Partial<ZipLimits>;
  /** Largest accepted request body (uploads included); default 512 MiB. */
  maxBodyBytes?: number;
  /** Read uploaded files and drop them instead of storing them (upload benchmarks); their imports fail. */
  discardPackages?: boolean;
  /** The emulator's clock (tests pin it); `clock.now()` and `now()` are alternatives. */
  now?: () => number;
  clock?: { now(): number };
  /** API V2 under `/api/v2/` (same state as V1). */
  v2?: Partial<V2Options>;
  /**
   * Whether V1's import methods answer browsers with CORS headers (and their preflight), as SCORM Cloud's
   * `importCourseAsync` does. Default true; false plays a Cloud (or proxy) that refuses the preflight.
   */
  v1ImportCors?: boolean;
  /** Progress lines; default silent. */
  log?: (msg: string) => void;
}

export interface RunningEmulator {
  /** `http://host:port` */
  url: string;
  /** `url + '/api'`, the service URL a client is configured with. */
  serviceUrl: string;
  /** `url + '/api/v2'`, the base path of a V2 client. */
  v2Url: string;
  port: number;
  host: string;
  appIds: string[];
  core: EmulatorCore;
  /** The PlayerHost the player module is mounted with. */
  playerHost: PlayerHost;
  /** Whether the player module was found and mounted under `/_player/`. */
  playerMounted: boolean;
  close(): Promise<void>;
}

const API_PATHS = new Set(['/api', '/api/', '/EngineWebServices/api', '/EngineWebServices/api/']);
/** Methods answered without authentication (they ignore `ts`/`sig` when present). */
const UNAUTHENTICATED = new Set(['rustici.debug.ping', 'rustici.debug.getTime']);
/** Import methods whose `redirecturl` makes a browser form post end in a redirect. */
const FORM_IMPORTS = new Set(['rustici.course.importCourseAsync', 'rustici.course.importCourse']);

const sendXml = (res: ServerResponse, xml: string) => {
  res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(xml), 'cache-control': 'no-store' });
  res.end(xml);
};

const redirect = (res: ServerResponse, location: string) => {
  res.writeHead(302, { location, 'content-length': 0, 'cache-control': 'no-store' });
  res.end();
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withQuery(target: string, values: Record<string, string>): string {
  const u = new URL(target);
  for (const [k, v] of Object.entries(values)) u.searchParams.set(k, v);
  return u.toString();
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  if (!options.apps || options.apps.length === 0) throw new TypeError('startEmulator needs at least one { appId, secretKey } in apps');
  const log = options.log ?? (() => undefined);
  const apps = new Map<string, AppCredentials>(options.apps.map((a) => [a.appId, { appId: a.appId, secretKey: a.secretKey }]));
  const baseNow = options.now ?? (options.clock ? () => options.clock!.now() : Date.now);
  const core = new EmulatorCore({
    dataDir: options.dataDir,
    importDelayMs: options.importDelayMs ?? 2000,
    zipLimits: { ...DEFAULT_ZIP_LIMITS, ...options.zipLimits },
    postbackRetry: { ...DEFAULT_POSTBACK_RETRY, ...options.postbackRetry },
    now: baseNow,
    log,
  });
  const faults = new FaultBook();
  const maxBody = options.maxBodyBytes ?? 512 * 1024 * 1024;
  const player = createPlayerHandler(core);
  const host = options.host ?? '127.0.0.1';
  const importCors = options.v1ImportCors !== false;
  if (!/^(localhost|127(\.\d{1,3}){3}|::1)$/i.test(host)) {
    // Said whatever `log` is: the controls are how a test reads postback passwords and breaks calls.
    console.warn(
      `[scorm-cloud-emulator] WARNING: listening on ${host}, beyond this machine. Its /_emulator/ controls have no authentication and answer postback passwords; keep it on 127.0.0.1 unless the network is yours alone.`,
    );
  }
  let baseUrl = '';
  const v2 = createV2Handler(
    {
      core,
      apps,
      tokens: new TokenBook(),
      options: { ...DEFAULT_V2_OPTIONS, ...options.v2 },
      maxBodyBytes: maxBody,
      discardPackages: options.discardPackages,
      baseUrl: () => baseUrl,
      log,
    },
    faults,
  );

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let params: Params = {};
    let parsed;
    try {
      parsed = await parseRequest(req, url, maxBody, { discardFiles: options.discardPackages });
      params = parsed.params;
    } catch (err) {
      const msg = err instanceof BodyTooLargeError ? err.message : `The request could not be read: ${(err as Error).message}`;
      return sendXml(res, failEnvelope(205, msg));
    }
    const method = first(params, 'method') ?? '';
    // A browser's direct upload (a form or fetch to a signed URL) may read the answer's token.
    if (importCors && FORM_IMPORTS.has(method)) for (const [k, v] of Object.entries(corsHeaders(req))) res.setHeader(k, v);
    const subject = Object.fromEntries((['origin', 'courseid', 'token', 'regid'] as const).map((k) => [k, first(params, k)]).filter(([, v]) => v));
    faults.countCall(method || '(none)', subject);
    const fault = faults.take(method || '(none)');
    if (fault?.type === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'slow') await sleep(fault.delayMs ?? 5000);
    if (fault?.type === 'http5xx') {
      const body = `<html><body><h1>${fault.status ?? 503} Service Unavailable</h1></body></html>`;
      res.writeHead(fault.status ?? 503, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (fault?.type === 'malformedXml' || fault?.type === 'malformed') return sendXml(res, `${XML_DECLARATION}<rsp stat="ok"><unclosed>`);
    // What SCORM Cloud answers every V1 call of an account created since about 2021.
    if (fault?.type === 'v1Refused') {
      return sendXml(
        res,
        failEnvelope(300, 'Account is not authorized to use the v1 API. We block v1 API requests on new accounts because the v1 API is being deprecated'),
      );
    }

    const redirectUrl = FORM_IMPORTS.has(method) ? first(params, 'redirecturl') : undefined;
    const fail = (code: number, msg: string) => {
      if (redirectUrl && /^https?:\/\//i.test(redirectUrl)) return redirect(res, withQuery(redirectUrl, { success: 'false', errcode: String(code), msg }));
      return sendXml(res, failEnvelope(code, msg));
    };
    try {
      if (method === 'rustici.debug.ping') return sendXml(res, okEnvelope('<pong/>'));
      if (method === 'rustici.debug.getTime') return sendXml(res, okEnvelope(textEl('currenttime', timestampOf(new Date(core.now())), { tz: 'UTC' })));
      const app = authenticate(params, apps, core.now());
      if (!method) throw new EmulatorApiError(200, 'Invalid service call: the method parameter is missing.');
      const spec = METHODS[method];
      if (!spec || UNAUTHENTICATED.has(method)) throw new EmulatorApiError(202, `The method [${method}] does not exist.`);
      const missing = spec.required.find((name) => !first(params, name));
      if (missing) throw new EmulatorApiError(203, `The required parameter [${missing}] is missing.`);
      const format = first(params, 'format');
      if (format && !['xml', 'json'].includes(format.toLowerCase())) throw new EmulatorApiError(204, `The format [${format}] is not supported.`);
      const result: ApiResult = await spec.run({ core, app, params, file: parsed.file, baseUrl });
      if ('redirect' in result) return redirect(res, result.redirect);
      if ('body' in result) {
        res.writeHead(200, { 'content-type': result.contentType, 'content-length': Buffer.byteLength(result.body) });
        res.end(result.body);
        return;
      }
      if (redirectUrl && /^https?:\/\//i.test(redirectUrl)) {
        const token = /<id>([^<]*)<\/id>/.exec(result.xml)?.[1];
        const values: Record<string, string> = { success: 'true', courseid: first(params, 'courseid') ?? '', appid: app.appId };
        if (token) values.tokenid = token;
        return redirect(res, withQuery(redirectUrl, values));
      }
      return sendXml(res, okEnvelope(result.xml));
    } catch (err) {
      if (err instanceof EmulatorApiError) return fail(err.code, err.message);
      log(`internal error in ${method}: ${(err as Error).stack ?? err}`);
      return fail(201, `Service unavailable: internal emulator error (${(err as Error).message}).`);
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const route = async () => {
      if (API_PATHS.has(url.pathname)) {
        if (req.method === 'OPTIONS') {
          if (importCors) return sendPreflight(req, res, 'GET, POST, OPTIONS');
          res.writeHead(204, { 'content-length': 0 });
          res.end();
          return;
        }
        return handleApi(req, res, url);
      }
      if (url.pathname === V2_PREFIX || url.pathname.startsWith(`${V2_PREFIX}/`)) return v2(req, res, url);
      if (url.pathname.startsWith(LAUNCH_LINK_PREFIX)) return handleLaunchLink(core, baseUrl, req, res, url);
      if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/'))
        return handleControl({ core, faults, appIds: [...apps.keys()] }, req, res, url);
      if (url.pathname.startsWith('/_player/')) {
        if (await player(req, res)) return;
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found');
        return;
      }
      if (url.pathname === '/') {
        const body = `SCORM Cloud emulator. V1 service URL: ${baseUrl}/api. V2 base path: ${baseUrl}${V2_PREFIX}. Apps: ${[...apps.keys()].join(', ')}. Test controls: ${baseUrl}/_emulator/\n`;
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(body);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    };
    route().catch((err: Error) => {
      log(`request failed: ${err.stack ?? err.message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  baseUrl = `http://${urlHost}:${port}`;
  core.start();
  log(`SCORM Cloud emulator listening on ${baseUrl}`);

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    serviceUrl: `${baseUrl}/api`,
    v2Url: `${baseUrl}${V2_PREFIX}`,
    port,
    host,
    appIds: [...apps.keys()],
    core,
    playerHost: core,
    playerMounted: true,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await core.close();
      })();
      return closing;
    },
  };
}
