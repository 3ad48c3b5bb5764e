import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';

/** Query parameters whose values open something: a direct upload's signed state, the Cloud's import token. */
const SECRET_PARAMS = new Set(['state', 'tokenid', 'token', 'ticket', 'sig', 'password']);
/** Path segments that are secrets themselves: a launch ticket. */
const SECRET_SEGMENT = /(\/scorm-cloud\/launch-tickets\/)[^/?#]+/;

/** The URL as the access log may show it: secrets replaced by `[redacted]`, everything else as it came. */
export function redactUrl(url: string): string {
  const [path, query] = url.split(/\?(.*)/s, 2);
  const shownPath = path.replace(SECRET_SEGMENT, '$1[redacted]');
  if (query === undefined) return shownPath;
  const shownQuery = query
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0];
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        /* shown as sent */
      }
      return SECRET_PARAMS.has(decoded.toLowerCase()) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${shownPath}?${shownQuery}`;
}

type MiddlewareFactory = (config: unknown, deps: { strapi: Core.Strapi }) => (ctx: Context, next: Next) => Promise<unknown>;

/**
 * Strapi's access log (`strapi::logger`) writes `ctx.url` once the response is ready. Launch tickets and
 * the direct-upload completion carry secrets in their URLs, so once everything downstream has run (the
 * router read the real URL), the logger is handed the redacted one. The answer is already decided then.
 */
export function installAccessLogRedaction(strapi: Core.Strapi): void {
  // `extend` is internal and loosely typed, as for strapi::body (middlewares/body-bypass.ts); the test of
  // this module guards it across Strapi upgrades.
  const registry = strapi.get('middlewares') as unknown as {
    extend(uid: string, fn: (factory: MiddlewareFactory) => MiddlewareFactory): void;
  };
  registry.extend('strapi::logger', (factory) => (config, deps) => {
    const inner = factory(config, deps);
    return (ctx, next) =>
      inner(ctx, async () => {
        try {
          await next();
        } finally {
          const shown = redactUrl(ctx.url);
          if (shown !== ctx.url) ctx.url = shown;
        }
      });
  });
}
