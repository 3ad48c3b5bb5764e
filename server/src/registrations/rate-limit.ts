import type { Context, Next } from 'koa';
import { PluginError } from '../errors';

export class TooManyRequestsError extends PluginError {
  override readonly status = 429;
  override readonly code = 'RATE_LIMITED';
}

/**
 * A fixed-window limit per client IP and route path, as users-permissions limits its auth routes
 * (koa2-ratelimit keyed on `path:ip`), kept in memory: the public launch-ticket and exit routes must not
 * let one client hammer Strapi or, through the refresh, SCORM Cloud. Several Strapi instances each
 * count on their own, which only loosens the limit by the number of instances.
 */
export function rateLimit(name: string, options: { max: number; windowMs: number }) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  let nextSweep = 0;
  return async (ctx: Context, next: Next) => {
    const now = Date.now();
    if (now >= nextSweep) {
      for (const [key, hit] of hits) if (hit.resetAt <= now) hits.delete(key);
      nextSweep = now + options.windowMs;
    }
    const key = `${name}:${ctx.request.ip}:${ctx.path.toLowerCase().replace(/\/+$/, '')}`;
    let hit = hits.get(key);
    if (!hit || hit.resetAt <= now) {
      hit = { count: 0, resetAt: now + options.windowMs };
      hits.set(key, hit);
    }
    hit.count += 1;
    if (hit.count > options.max) {
      const error = new TooManyRequestsError('Too many requests; try again in a minute.');
      ctx.set('Retry-After', String(Math.ceil((hit.resetAt - now) / 1000)));
      ctx.status = error.status;
      ctx.body = { data: null, error: { status: error.status, name: error.name, message: error.message, details: { code: error.code } } };
      return;
    }
    await next();
  };
}
