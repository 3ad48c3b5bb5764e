import type { Context, Next } from 'koa';
import { TooManyRequestsError } from '../errors';
import { fixedWindowCounter } from '../utils/fixed-window';

/**
 * A fixed-window limit per client IP and route path, as users-permissions limits its auth routes
 * (koa2-ratelimit keyed on `path:ip`): the public launch-ticket and exit routes must not let one client
 * hammer Strapi or, through the refresh, SCORM Cloud.
 */
export function rateLimit(name: string, options: { max: number; windowMs: number }) {
  const hits = fixedWindowCounter(options.windowMs);
  return async (ctx: Context, next: Next) => {
    const key = `${name}:${ctx.request.ip}:${ctx.path.toLowerCase().replace(/\/+$/, '')}`;
    if (hits.add(key) > options.max) {
      const error = new TooManyRequestsError('Too many requests; try again in a minute.');
      ctx.set('Retry-After', String(hits.retryAfterSeconds(key)));
      ctx.status = error.status;
      ctx.body = { data: null, error: { status: error.status, name: error.name, message: error.message, details: { code: error.code } } };
      return;
    }
    await next();
  };
}
