/**
 * The emulator's player: the page a signed launch URL redirects into. It serves the package's files,
 * the SCORM runtime script, and takes the runtime's commits and final save on to the core (PlayerHost).
 *
 *   GET  /_player/<launchId>/                player page (header + iframe with the SCO); AICC and cmi5: a page saying they are not played
 *   GET  /_player/<launchId>/content/<path>  a package file (HEAD too)
 *   GET  /_player/<launchId>/runtime.js      the glue that configures scorm-again for this launch
 *   GET  /_player/<launchId>/scorm-again.js  the scorm-again bundle (SCORM 1.2 `API` and 2004 `API_1484_11`)
 *   POST /_player/<launchId>/commit          flat CMI map as JSON → host.commit (`?finish=true`: host.finish)
 *   POST /_player/<launchId>/finish          flat CMI map as JSON → host.finish
 *   GET  /_player/<launchId>/exit            after finish: 302 to redirectUrl, or the closer/blank/message page
 *
 * A launch that lists its activities (the core's) is played SCO by SCO, each with its own runtime:
 *   GET  /_player/<launchId>/activities/<id>/data    opens the activity → {resumeData} (its stored CMI);
 *                                                    `?request=choice|flow`: 403 when a sequencing rule refuses it
 *   POST /_player/<launchId>/activities/<id>/commit  its commits (`?finish=true`: its session ends;
 *                                                    `&close=true`: the page is closing, the launch ends too)
 *   POST /_player/<launchId>/activities/<id>/ended   the SCO ended on its own → {after}: what the exit and
 *                                                    post-condition rules decide (host.endAttempt)
 * and `exit` then closes the launch without CMI of its own (each SCO saved through its activity).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { CmiData, DeliveryRequest, PlayerHandler, PlayerHost, PlayerLaunch } from './contract';
import { contentTypeFor } from './mime';
import { blankPage, closerPage, messagePage, notFoundPage, playable, playerPage, unsupportedStandardPage } from './pages';
import { SCORM_AGAIN_GLUE_JS, scormAgainBundle } from './scorm-again';

export type { CmiData, PlayerHandler, PlayerHost, PlayerLaunch } from './contract';

export interface PlayerOptions {
  /** Largest accepted commit/finish body in bytes (2004 suspend data alone may be 64 000 characters). */
  maxBodyBytes?: number;
  /** How many finished launches keep their exit target in memory, so `exit` still works after `finish`. */
  maxRememberedExits?: number;
}

export const PLAYER_PREFIX = '/_player/';
const LAUNCH_ID = /^[A-Za-z0-9._~-]{1,200}$/;
const MAX_CMI_KEYS = 20_000;
const MAX_CMI_KEY_LENGTH = 512;

interface ExitTarget {
  redirectUrl: string;
  courseTitle: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function createPlayerHandler(host: PlayerHost, options: PlayerOptions = {}): PlayerHandler {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxRemembered = options.maxRememberedExits ?? 5000;
  const scormAgain = scormAgainBundle();
  // The core forgets a launch once it is finished, but the browser asks for `exit` right after finishing.
  const exits = new Map<string, ExitTarget>();
  // The last data the runtime sent, used when the learner reaches `exit` without the SCO having finished.
  const lastCmi = new Map<string, CmiData>();

  function rememberExit(launch: PlayerLaunch): void {
    exits.delete(launch.launchId);
    exits.set(launch.launchId, { redirectUrl: launch.redirectUrl, courseTitle: launch.courseTitle });
    while (exits.size > maxRemembered) exits.delete(exits.keys().next().value as string);
    lastCmi.delete(launch.launchId);
  }

  async function finishLaunch(launch: PlayerLaunch, cmi: CmiData): Promise<void> {
    if (perActivity(launch)) await host.closeLaunch!(launch.launchId);
    else await host.finish(launch.launchId, cmi);
    rememberExit(launch);
  }

  function perActivity(launch: PlayerLaunch): boolean {
    return !!launch.activities && !!host.openActivity && !!host.commitActivity && !!host.closeLaunch;
  }

  return async function handlePlayer(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    // The raw path, not a normalised URL: `..` segments must reach the traversal check, not be resolved away.
    const raw = req.url ?? '/';
    const cut = raw.search(/[?#]/);
    const pathname = cut < 0 ? raw : raw.slice(0, cut);
    if (!pathname.startsWith(PLAYER_PREFIX)) return false;
    try {
      await route(req, res, pathname, cut < 0 ? '' : raw.slice(cut).replace(/#.*$/, ''));
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof HttpError ? err.message : 'player error';
      if (!res.headersSent) {
        if (status === 404 && acceptsHtml(req)) sendHtml(res, 404, notFoundPage(), req.method === 'HEAD');
        else sendJson(res, status, { error: message });
      } else {
        res.destroy();
      }
    }
    return true;
  };

  async function route(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): Promise<void> {
    const rest = pathname.slice(PLAYER_PREFIX.length);
    const slash = rest.indexOf('/');
    const rawId = slash < 0 ? rest : rest.slice(0, slash);
    const launchId = safeDecode(rawId);
    if (launchId === undefined || !LAUNCH_ID.test(launchId)) throw new HttpError(404, 'unknown launch');
    const base = `${PLAYER_PREFIX}${encodeURIComponent(launchId)}/`;
    const method = req.method ?? 'GET';

    if (slash < 0) {
      // Relative links in the page resolve against the folder, so the page needs its trailing slash.
      allow(method, ['GET', 'HEAD']);
      res.writeHead(301, { Location: base + search, 'Content-Length': '0' });
      res.end();
      return;
    }
    const sub = rest.slice(slash + 1);

    if (sub === '') {
      allow(method, ['GET', 'HEAD']);
      const launch = await requireLaunch(launchId);
      if (!playable(launch.standard)) {
        sendHtml(res, 200, unsupportedStandardPage(launch, base), method === 'HEAD');
        return;
      }
      const scripts = [`${base}scorm-again.js`, `${base}runtime.js`];
      sendHtml(res, 200, playerPage(launch, base, scripts, perActivity(launch)), method === 'HEAD');
      return;
    }
    if (sub === 'runtime.js') {
      allow(method, ['GET', 'HEAD']);
      await requireLaunch(launchId);
      send(res, 200, 'text/javascript; charset=utf-8', SCORM_AGAIN_GLUE_JS, method === 'HEAD', 'no-cache');
      return;
    }
    if (sub === 'scorm-again.js') {
      allow(method, ['GET', 'HEAD']);
      await requireLaunch(launchId);
      send(res, 200, 'text/javascript; charset=utf-8', scormAgain, method === 'HEAD', 'no-cache');
      return;
    }
    if (sub.startsWith('content/')) {
      allow(method, ['GET', 'HEAD']);
      const path = packagePath(sub.slice('content/'.length));
      const launch = await requireLaunch(launchId);
      await sendPackageFile(res, launch, path, method === 'HEAD');
      return;
    }
    if (sub === 'commit' || sub === 'finish') {
      allow(method, ['POST']);
      // scorm-again marks its terminate commit with `?finish=true` on the commit URL.
      const isFinish = sub === 'finish' || new URLSearchParams(search).get('finish') === 'true';
      const cmi = await readCmi(req, maxBodyBytes);
      const launch = await host.getLaunch(launchId);
      if (!launch) {
        // The page-close beacon may race an explicit finish: a second finish of the same launch is not an error.
        if (isFinish && exits.has(launchId)) {
          sendJson(res, 200, { ok: true, result: true, errorCode: 0, alreadyFinished: true });
          return;
        }
        throw new HttpError(404, 'unknown or finished launch');
      }
      if (!isFinish) {
        await host.commit(launchId, cmi);
        lastCmi.set(launchId, cmi);
      } else {
        await finishLaunch(launch, cmi);
      }
      // `result`/`errorCode` is the reply shape scorm-again expects from an LMS.
      sendJson(res, 200, { ok: true, result: true, errorCode: 0 });
      return;
    }
    if (sub.startsWith('activities/')) {
      const parts = sub.slice('activities/'.length).split('/');
      const activityId = parts.length === 2 ? safeDecode(parts[0]) : undefined;
      if (activityId === undefined || activityId === '' || !['data', 'commit', 'ended'].includes(parts[1])) throw new HttpError(404, 'not found');
      if (parts[1] === 'ended') {
        allow(method, ['POST']);
        const launch = await requireLaunch(launchId);
        if (!perActivity(launch)) throw new HttpError(404, 'this launch is not played activity by activity');
        if (!launch.activities?.some((a) => a.id === activityId)) throw new HttpError(404, 'no such activity in the course');
        const after = host.endAttempt ? await host.endAttempt(launchId, activityId) : undefined;
        // A retry changes what the contents show, so the rule state travels with the answer.
        const activities = host.sequencingState ? await host.sequencingState(launchId) : undefined;
        sendJson(res, 200, { ok: true, after: after ?? null, ...(activities ? { activities } : {}) });
        return;
      }
      if (parts[1] === 'data') {
        allow(method, ['GET']);
        const launch = await requireLaunch(launchId);
        if (!perActivity(launch)) throw new HttpError(404, 'this launch is not played activity by activity');
        const asked = new URLSearchParams(search).get('request');
        const request: DeliveryRequest = asked === 'choice' || asked === 'flow' ? asked : 'start';
        const refused =
          host.activityRefusal && launch.activities?.some((a) => a.id === activityId) ? await host.activityRefusal(launchId, activityId, request) : undefined;
        // 403: the activity exists but the course's sequencing rules do not deliver it now.
        if (refused) {
          sendJson(res, 403, { error: refused, activityId, refused: true });
          return;
        }
        const resumeData = await host.openActivity!(launchId, activityId);
        if (!resumeData) throw new HttpError(404, 'no such activity in the course');
        sendJson(res, 200, { activityId, resumeData });
        return;
      }
      allow(method, ['POST']);
      const query = new URLSearchParams(search);
      const cmi = await readCmi(req, maxBodyBytes);
      const launch = await host.getLaunch(launchId);
      if (!launch) {
        if (exits.has(launchId)) {
          sendJson(res, 200, { ok: true, result: true, errorCode: 0, alreadyFinished: true });
          return;
        }
        throw new HttpError(404, 'unknown or finished launch');
      }
      if (!perActivity(launch)) throw new HttpError(404, 'this launch is not played activity by activity');
      const status = await host.commitActivity!(launchId, activityId, cmi, query.get('finish') === 'true');
      // Every SCO's state after this commit: satisfying one SCO may enable the next.
      const activities = host.sequencingState ? await host.sequencingState(launchId) : undefined;
      if (query.get('close') === 'true') await finishLaunch(launch, {});
      sendJson(res, 200, { ok: true, result: true, errorCode: 0, ...(status ? { activityId, status } : {}), ...(activities ? { activities } : {}) });
      return;
    }
    if (sub === 'exit') {
      allow(method, ['GET', 'HEAD']);
      let target = exits.get(launchId);
      if (!target) {
        const launch = await requireLaunch(launchId);
        // Exit without a finish (the SCO never called it): this is the final save.
        await finishLaunch(launch, lastCmi.get(launchId) ?? launch.resumeData);
        target = exits.get(launchId) as ExitTarget;
      }
      sendExit(res, target, method === 'HEAD');
      return;
    }
    throw new HttpError(404, 'not found');
  }

  async function requireLaunch(launchId: string): Promise<PlayerLaunch> {
    const launch = await host.getLaunch(launchId);
    if (!launch) throw new HttpError(404, 'unknown or finished launch');
    return launch;
  }

  async function sendPackageFile(res: ServerResponse, launch: PlayerLaunch, path: string, head: boolean): Promise<void> {
    const file = await host.openPackageFile(launch.launchId, path);
    if (!file) throw new HttpError(404, 'no such file in the package');
    res.writeHead(200, {
      'Content-Type': contentTypeFor(path),
      'Content-Length': String(file.size),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (head) {
      const stream = file.stream as NodeJS.ReadableStream & { destroy?: () => void };
      stream.destroy?.();
      res.end();
      return;
    }
    await new Promise<void>((resolve) => {
      pipeline(file.stream, res, () => resolve());
    });
  }
}

function sendExit(res: ServerResponse, target: ExitTarget, head: boolean): void {
  const redirect = target.redirectUrl.trim();
  const keyword = redirect.toLowerCase();
  if (keyword === 'closer') return sendHtml(res, 200, closerPage(), head);
  if (keyword === 'blank') return sendHtml(res, 200, blankPage(), head);
  if (keyword !== 'message' && isHttpUrl(redirect)) {
    res.writeHead(302, { Location: redirect, 'Content-Length': '0', 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  // `message`, an empty value (the real service falls back to a page of its own) and an invalid URL.
  sendHtml(res, 200, messagePage(target.courseTitle), head);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Package-relative path from the URL; anything that could leave the package is refused as absent. */
export function packagePath(raw: string): string {
  const segments = raw.split('/');
  const out: string[] = [];
  for (const segment of segments) {
    const decoded = safeDecode(segment);
    if (decoded === undefined) throw new HttpError(404, 'bad path');
    if (decoded === '' || decoded === '.' || decoded === '..' || /[\\/\0]/.test(decoded) || /^[A-Za-z]:$/.test(decoded)) {
      throw new HttpError(404, 'bad path');
    }
    out.push(decoded);
  }
  return out.join('/');
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function allow(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw new HttpError(405, `method ${method} not allowed`);
}

function acceptsHtml(req: IncomingMessage): boolean {
  return req.method !== 'POST';
}

async function readCmi(req: IncomingMessage, limit: number): Promise<CmiData> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new HttpError(413, 'body too large');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > limit) {
      req.resume();
      throw new HttpError(413, 'body too large');
    }
    chunks.push(buf);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpError(400, 'body must be a JSON object of CMI elements');
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > MAX_CMI_KEYS) throw new HttpError(413, 'too many CMI elements');
  const cmi: CmiData = {};
  for (const [key, value] of entries) {
    if (key.length > MAX_CMI_KEY_LENGTH || !/^(cmi|adl)\./.test(key)) throw new HttpError(400, `not a CMI element: ${key.slice(0, 80)}`);
    if (typeof value === 'string') cmi[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') cmi[key] = String(value);
    // Runtimes flatten empty collections and unset values as [] / {} / null: nothing to store.
    else if (value === null || (typeof value === 'object' && Object.keys(value as object).length === 0)) continue;
    else throw new HttpError(400, `value of ${key} must be a string`);
  }
  return cmi;
}

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean, cache = 'no-store'): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(buf.length), 'Cache-Control': cache, 'X-Content-Type-Options': 'nosniff' });
  res.end(head ? undefined : buf);
}

function sendHtml(res: ServerResponse, status: number, html: string, head: boolean): void {
  send(res, status, 'text/html; charset=utf-8', html, head);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), false);
}
