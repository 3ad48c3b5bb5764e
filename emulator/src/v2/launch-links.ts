import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core';
import type { Route, RouteCall, V2Context } from './context';
import type { LaunchLinkRecord } from '../store';
import { notFoundCourse, notFoundRegistration, readJson, sendJson, V2Error } from './http';

/** Where minted links point, as on SCORM Cloud (`https://cloud.scorm.com/api/cloud/registration/launch/<uuid>`). */
export const LAUNCH_LINK_PREFIX = '/api/cloud/registration/launch/';

/** `expiry` as both launch link requests take it: whole seconds from 10 to 300, 120 when absent. */
function expiryOf(body: Record<string, unknown>): number {
  const expiry = body.expiry === undefined || body.expiry === null ? 120 : body.expiry;
  if (typeof expiry !== 'number' || !Number.isInteger(expiry) || expiry < 10 || expiry > 300) {
    throw new V2Error(400, `expiry [${String(expiry)}] is out of range: it must be a whole number of seconds from 10 to 300.`);
  }
  return expiry;
}

const PRUNE_EVERY_MS = 1000;
const lastPruned = new WeakMap<V2Context['core'], number>();

/**
 * Links that can no longer be opened are dropped as new ones are minted, so the state does not grow;
 * at most once a second of the emulator's clock, because a link lives up to five minutes and a scan at
 * every mint made each one slower than the last under load (opening checks the expiry anyway).
 */
function dropExpired(core: V2Context['core'], now: number): void {
  if (now - (lastPruned.get(core) ?? -Infinity) < PRUNE_EVERY_MS) return;
  lastPruned.set(core, now);
  for (const [k, l] of Object.entries(core.store.state.launchLinks)) if (l.expiresAt <= now) delete core.store.state.launchLinks[k];
}

function mint(ctx: V2Context, res: ServerResponse, link: Omit<LaunchLinkRecord, 'id' | 'createdAt' | 'expiresAt' | 'launchIds'>, expiry: number): void {
  const now = ctx.core.now();
  const id = randomUUID();
  ctx.core.store.state.launchLinks[id] = { ...link, id, createdAt: now, expiresAt: now + expiry * 1000, launchIds: [] };
  dropExpired(ctx.core, now);
  ctx.core.store.save();
  sendJson(res, 200, { launchLink: `${ctx.baseUrl()}${LAUNCH_LINK_PREFIX}${id}` });
}

/**
 * A preview link (PreviewLaunchLinkRequestSchema: nothing required, no tracking): the course, or one of its
 * versions, played with no registration.
 */
async function preview({ ctx, req, res, caller, path }: RouteCall): Promise<void> {
  const body = await readJson(req);
  const course = ctx.core.course(caller.app.appId, path.courseId);
  if (!course) throw notFoundCourse(path.courseId);
  const version =
    path.versionId === undefined
      ? ctx.core.courseVersion(course)
      : /^\d+$/.test(path.versionId)
        ? ctx.core.courseVersion(course, Number(path.versionId))
        : undefined;
  if (!version) throw new V2Error(404, `Could not find version [${String(path.versionId)}] of course [${course.courseId}]`);
  const redirect = body.redirectOnExitUrl;
  if (redirect !== undefined && redirect !== null && typeof redirect !== 'string') throw new V2Error(400, 'redirectOnExitUrl must be a string.');
  mint(
    ctx,
    res,
    { appId: course.appId, regId: '', preview: { courseId: course.courseId, version: version.version }, redirectUrl: redirect ?? '' },
    expiryOf(body),
  );
}

export const launchLinkRoutes: Route[] = [
  {
    method: 'POST',
    template: '/registrations/{registrationId}/launchLink',
    scope: 'read:registration',
    async run({ ctx, req, res, caller, path }) {
      const body = await readJson(req);
      const reg = ctx.core.registration(caller.app.appId, path.registrationId);
      if (!reg) throw notFoundRegistration(path.registrationId);
      const redirect = body.redirectOnExitUrl;
      if (typeof redirect !== 'string') throw new V2Error(400, 'redirectOnExitUrl is required.');
      mint(ctx, res, { appId: reg.appId, regId: reg.regId, redirectUrl: redirect }, expiryOf(body));
    },
  },
  { method: 'POST', template: '/courses/{courseId}/preview', scope: 'read:course', run: preview },
  { method: 'POST', template: '/courses/{courseId}/versions/{versionId}/preview', scope: 'read:course', run: preview },
];

const page = (res: ServerResponse, status: number, text: string) => {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>SCORM Cloud emulator</title></head><body><p>${text}</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
};

/**
 * Opening a link starts a launch (the same record V1's `rustici.registration.launch` creates) and redirects
 * into the player. A link may be opened again until it expires, each time a new launch (README: reuse).
 */
export function handleLaunchLink(core: EmulatorCore, baseUrl: string, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return page(res, 405, 'Launch links are opened with GET.');
  const id = decodeURIComponent(url.pathname.slice(LAUNCH_LINK_PREFIX.length));
  const link = core.store.state.launchLinks[id];
  if (!link) return page(res, 404, 'This launch link is not valid.');
  if (core.now() >= link.expiresAt) return page(res, 410, 'This launch link has expired.');
  let launch;
  if (link.preview) {
    if (!core.course(link.appId, link.preview.courseId)) return page(res, 404, 'The course of this preview link no longer exists.');
    launch = core.createPreviewLaunch(link.appId, link.preview.courseId, link.redirectUrl, link.preview.version);
  } else {
    if (!core.registration(link.appId, link.regId)) return page(res, 404, 'The registration of this launch link no longer exists.');
    launch = core.createLaunch(link.appId, link.regId, link.redirectUrl);
  }
  link.launchIds.push(launch.launchId);
  core.store.save();
  res.writeHead(302, { location: `${baseUrl}/_player/${launch.launchId}/`, 'content-length': 0, 'cache-control': 'no-store' });
  res.end();
}
