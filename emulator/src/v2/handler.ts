import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultBook } from '../faults';
import { EmulatorApiError } from '../errors';
import { authenticateV2, basicApp, requireScope } from './auth';
import type { Route, V2Context } from './context';
import { courseRoutes } from './courses';
import { corsHeaders, sendError, sendPreflight, V2Error } from './http';
import { launchLinkRoutes } from './launch-links';
import { registrationRoutes } from './registrations';
import { serviceRoutes } from './service';

export const V2_PREFIX = '/api/v2';

const ROUTES: Route[] = [...serviceRoutes, ...courseRoutes, ...registrationRoutes, ...launchLinkRoutes];

const split = (path: string) => path.split('/').filter(Boolean);

function match(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = split(template);
  if (parts.length !== segments.length) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const m = /^\{(\w+)\}$/.exec(parts[i]);
    if (m) out[m[1]] = segments[i];
    else if (parts[i] !== segments[i]) return undefined;
  }
  return out;
}

function find(method: string, segments: string[]) {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const path = match(route.template, segments);
    if (path) return { route, path };
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Queues what is written to `res` until `until` settles, then sends it as written. */
function holdAnswer(res: ServerResponse, until: Promise<unknown>): void {
  const queued: (() => void)[] = [];
  let held = true;
  const hold = <K extends 'writeHead' | 'write' | 'end'>(name: K) => {
    const original = res[name].bind(res) as (...args: unknown[]) => unknown;
    (res as unknown as Record<K, (...args: unknown[]) => unknown>)[name] = (...args: unknown[]) => {
      if (!held) return original(...args);
      queued.push(() => void original(...args));
      return name === 'write' ? true : res;
    };
  };
  hold('writeHead');
  hold('write');
  hold('end');
  void until.then(() => {
    held = false;
    for (const send of queued.splice(0)) send();
  });
}

/** Everything under `/api/v2/`: faults, CORS, auth and scopes, then the route. */
export function createV2Handler(ctx: V2Context, faults: FaultBook) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    let segments: string[];
    try {
      segments = split(url.pathname.slice(V2_PREFIX.length)).map((s) => decodeURIComponent(s));
    } catch {
      return sendError(res, new V2Error(400, 'The request path is not valid.'));
    }
    const cors = corsHeaders(req);
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    if (method === 'OPTIONS') {
      const methods = ROUTES.filter((r) => r.cors && match(r.template, segments)).map((r) => r.method);
      if (methods.length) return sendPreflight(req, res, [...methods, 'OPTIONS'].join(', '));
      return sendError(res, new V2Error(404, `No V2 resource answers OPTIONS ${url.pathname}.`));
    }

    const found = find(method, segments);
    const concrete = `v2:${method} /${segments.join('/')}`;
    const key = found ? `v2:${method} ${found.route.template}` : concrete;
    const p = found?.path ?? {};
    const subject = Object.fromEntries(
      [
        ['courseid', p.courseId ?? url.searchParams.get('courseId') ?? undefined],
        ['regid', p.registrationId],
        ['token', p.importJobId],
      ].filter(([, v]) => v),
    );
    faults.countCall(key, subject);
    const fault = faults.take(key, concrete);
    if (fault?.type === 'drop') {
      req.socket.destroy();
      return;
    }
    // Slow: the Cloud does the work but answers late (as V1's handler, which has read the call by then),
    // so a client that gave up may find that the call took effect.
    if (fault?.type === 'slow') holdAnswer(res, sleep(fault.delayMs ?? 5000));
    if (fault?.type === 'http5xx') {
      const body = `<html><body><h1>${fault.status ?? 503} Service Unavailable</h1></body></html>`;
      req.resume();
      res.writeHead(fault.status ?? 503, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (fault?.type === 'malformed' || fault?.type === 'malformedXml') {
      req.resume();
      const body = '{"result": "truncated';
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }

    try {
      // "There are no calls in the v2 api which are unauthenticated": an unknown path is 401 before it is 404.
      const basicOnly = found?.route.scope === 'basicOnly';
      const caller = basicOnly ? { app: basicApp(req, ctx.apps) } : authenticateV2(req, ctx.apps, ctx.tokens, ctx.core.now());
      if (!found) throw new V2Error(404, `No V2 resource ${method} ${url.pathname}.`);
      if (!basicOnly) requireScope(caller, found.route.scope);
      await found.route.run({ ctx, req, res, url, path: found.path, caller });
    } catch (err) {
      req.resume();
      if (res.headersSent) {
        res.end();
        return;
      }
      if (err instanceof V2Error) return sendError(res, err);
      if (err instanceof EmulatorApiError) return sendError(res, new V2Error(400, err.message));
      ctx.log(`internal error in ${key}: ${(err as Error).stack ?? err}`);
      return sendError(res, new V2Error(500, `Internal emulator error (${(err as Error).message}).`));
    }
  };
}
