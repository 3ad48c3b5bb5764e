import type { Context, Next } from 'koa';
import { TooManyRequestsError } from '../errors';
import { fixedWindowCounter } from '../utils/fixed-window';
import { callerKey } from './controllers/caller';

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  /** What the refused caller reads; the wait is added to it. */
  message: string;
  /** What one count is for; the request's path (which names the course or registration) unless given. */
  subject?: (ctx: Context) => string;
}

const pathOf = (ctx: Context) => ctx.path.toLowerCase().replace(/\/+$/, '');

/**
 * A fixed-window limit per caller and per course or registration. The caller is the users-permissions
 * user or the API token, never the address alone: learners behind one NAT or proxy share an address,
 * and keyed on it one of them could block a course's launch for all the others. Public routes (ticket
 * redemption, exit) have no caller and count per client address and the registration they name, which
 * still keeps one client from hammering Strapi or, through the exit's refresh, SCORM Cloud.
 *
 * Counts are kept per Strapi instance, in memory: behind a load balancer with N instances a caller may
 * get up to N times the limit. That is enough for throttling; nothing depends on the exact number.
 */
export function rateLimit(name: string, options: RateLimitOptions) {
  const hits = fixedWindowCounter(options.windowMs);
  const subject = options.subject ?? pathOf;
  return async (ctx: Context, next: Next) => {
    const caller = callerKey(ctx) ?? `address:${ctx.request.ip}`;
    const key = `${name}:${caller}:${subject(ctx)}`;
    if (hits.add(key) > options.max) {
      const wait = hits.retryAfterSeconds(key);
      const error = new TooManyRequestsError(`${options.message} Try again in ${wait} second${wait === 1 ? '' : 's'}.`);
      ctx.set('Retry-After', String(wait));
      ctx.status = error.status;
      ctx.body = { data: null, error: { status: error.status, name: error.name, message: error.message, details: { code: error.code } } };
      return;
    }
    await next();
  };
}
