import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from './core';
import { ControlError } from './errors';
import { FAULT_TYPES, type FaultBook, type FaultType } from './faults';
import type { DeliveryMode } from './postbacks';
import type { RuntimeInput } from './runtime';
import type { PostbackRecord } from './store';

export interface ControlContext {
  core: EmulatorCore;
  faults: FaultBook;
  appIds: string[];
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 10 * 1024 * 1024) throw new ControlError('JSON body too large', 413);
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new ControlError(`The body must be a JSON object (${(err as Error).message}).`);
  }
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

const postbackView = (p: PostbackRecord) => ({
  id: p.id,
  seq: p.seq,
  appId: p.appId,
  regId: p.regId,
  url: p.url,
  authType: p.authType,
  resultsFormat: p.resultsFormat,
  wire: p.wire ?? 'xml',
  status: p.status,
  attempts: p.attempts,
  deliveries: p.deliveries,
  lastStatus: p.lastStatus,
  lastError: p.lastError,
  createdAt: new Date(p.createdAt).toISOString(),
  deliveredAt: p.deliveredAt === undefined ? undefined : new Date(p.deliveredAt).toISOString(),
  nextAttemptAt: p.status === 'pending' ? new Date(p.nextAttemptAt).toISOString() : undefined,
  body: p.body,
});

function appOf(ctx: ControlContext, body: Record<string, unknown>, url: URL): string {
  const appId = (body.appId as string | undefined) ?? url.searchParams.get('appId') ?? undefined;
  if (appId) {
    if (!ctx.appIds.includes(appId)) throw new ControlError(`Unknown appId [${appId}].`, 404);
    return appId;
  }
  return ctx.appIds[0];
}

/** `/_emulator/*`: JSON in, JSON out, no signature (documented in README.md). */
export async function handleControl(ctx: ControlContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    const path = url.pathname.replace(/^\/_emulator\/?/, '').replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const body = method === 'POST' || method === 'PUT' ? await readJson(req) : {};
    const { core, faults } = ctx;
    const segments = path.split('/').map((s) => decodeURIComponent(s));

    if (path === '' && method === 'GET') {
      return send(res, 200, {
        name: 'scorm-cloud-emulator',
        apps: ctx.appIds,
        clockOffsetSeconds: core.clockOffsetMs / 1000,
        time: new Date(core.now()).toISOString(),
      });
    }
    if (path === 'reset' && method === 'POST') {
      await core.reset();
      faults.clear();
      faults.clearCalls();
      return send(res, 200, { ok: true });
    }
    if (path === 'calls') {
      if (method === 'DELETE') {
        faults.clearCalls();
        return send(res, 200, { ok: true });
      }
      const m = url.searchParams.get('method');
      const log = url.searchParams.get('log') === 'true' ? { log: faults.loggedCalls(m ?? '*') } : {};
      return send(res, 200, m ? { method: m, count: faults.callCount(m), ...log } : { counts: Object.fromEntries(faults.calls), ...log });
    }
    if (path === 'faults') {
      if (method === 'GET') return send(res, 200, { faults: faults.list() });
      if (method === 'DELETE') {
        faults.clear();
        return send(res, 200, { ok: true });
      }
      const type = body.type as FaultType;
      if (!FAULT_TYPES.includes(type)) throw new ControlError(`type must be one of ${FAULT_TYPES.join(', ')}`);
      const count = body.count === undefined ? 1 : body.count === null || body.count === 'all' ? undefined : Number(body.count);
      if (count !== undefined && (!Number.isInteger(count) || count < 1)) throw new ControlError('count must be a positive integer, "all" or null');
      const status = body.status === undefined ? undefined : Number(body.status);
      if (status !== undefined && (status < 500 || status > 599)) throw new ControlError('status must be a 5xx code');
      const fault = faults.add({
        method: String(body.method ?? '*'),
        type,
        remaining: count,
        status,
        delayMs: body.delayMs === undefined ? undefined : Number(body.delayMs),
      });
      return send(res, 200, { fault });
    }
    if (path === 'clock') {
      if (method === 'POST') {
        const offset = Number(body.offsetSeconds ?? 0);
        if (!Number.isFinite(offset)) throw new ControlError('offsetSeconds must be a number');
        core.clockOffsetMs = offset * 1000;
      }
      return send(res, 200, { offsetSeconds: core.clockOffsetMs / 1000, time: new Date(core.now()).toISOString() });
    }
    if (path === 'imports/next-unsuccessful' && method === 'POST') {
      core.nextImportUnsuccessful = true;
      return send(res, 200, { ok: true });
    }
    if (segments[0] === 'postbacks') {
      if (segments.length === 1 && method === 'GET') {
        const all = core.store.state.postbacks.map(postbackView);
        const regId = url.searchParams.get('regId');
        const mine = regId ? all.filter((p) => p.regId === regId) : all;
        return send(res, 200, {
          mode: core.postbacks.mode,
          delivered: mine.filter((p) => p.status === 'delivered'),
          pending: mine.filter((p) => p.status === 'pending' || p.status === 'held'),
          failed: mine.filter((p) => p.status === 'failed'),
        });
      }
      if (segments[1] === 'mode' && method === 'POST') {
        const mode = String(body.mode ?? 'normal') as DeliveryMode['mode'];
        if (!['normal', 'duplicate', 'late', 'outOfOrder'].includes(mode)) throw new ControlError('mode must be normal, duplicate, late or outOfOrder');
        core.postbacks.mode = {
          mode,
          delayMs: body.delayMs === undefined ? undefined : Number(body.delayMs),
          copies: body.copies === undefined ? undefined : Number(body.copies),
        };
        return send(res, 200, { mode: core.postbacks.mode });
      }
      if (segments[1] === 'release' && method === 'POST') return send(res, 200, { released: core.postbacks.release() });
      if (segments[1] === 'flush' && method === 'POST') {
        core.postbacks.flush();
        if (body.wait !== false) await core.postbacks.whenIdle();
        return send(res, 200, { ok: true });
      }
    }
    if (segments[0] === 'registrations' && segments.length >= 2) {
      const appId = appOf(ctx, body, url);
      const regId = segments[1];
      if (segments.length === 2 && method === 'GET') {
        const reg = core.registration(appId, regId);
        if (!reg) throw new ControlError(`Unknown registration [${regId}] for appId [${appId}].`, 404);
        const s = core.summary(reg);
        return send(res, 200, {
          registration: reg,
          summary: { complete: s.complete, success: s.success, score: s.score ?? null, totalSeconds: s.totalSeconds },
        });
      }
      if (segments[2] === 'runtime' && method === 'POST') {
        if (!core.registration(appId, regId)) throw new ControlError(`Unknown registration [${regId}] for appId [${appId}].`, 404);
        const input = body as RuntimeInput & { activityId?: string };
        if (input.score !== undefined && (typeof input.score !== 'number' || input.score < 0 || input.score > 100))
          throw new ControlError('score must be a number from 0 to 100');
        const reg = core.setRuntime(appId, regId, input);
        const s = core.summary(reg);
        return send(res, 200, { complete: s.complete, success: s.success, score: s.score ?? null, totalSeconds: s.totalSeconds });
      }
    }
    throw new ControlError(`No control ${method} /_emulator/${path}`, 404);
  } catch (err) {
    if (err instanceof ControlError) return send(res, err.status, { error: err.message });
    return send(res, 500, { error: (err as Error).message });
  }
}
