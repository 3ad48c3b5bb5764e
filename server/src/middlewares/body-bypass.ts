import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';

/**
 * Requests whose body the plugin reads itself, so `strapi::body` (koa-body) must not touch them:
 * the package upload is streamed through busboy to SCORM Cloud without landing in memory or on disk,
 * and postbacks are read with the plugin's own size limit (koa-body's form limit is 56 kb).
 * koa-body has no per-route switch, and route middlewares run after it, so the registered
 * `strapi::body` factory is wrapped instead.
 */
const rawBodyRoutes = new Map<string, { method: string; path: RegExp }>();

/** Registered from a module's register(); idempotent, since tests boot several Strapi instances in one process. */
export function addRawBodyRoute(method: string, path: RegExp): void {
  rawBodyRoutes.set(`${method} ${path.source}`, { method, path });
}

export const isRawBodyRequest = (ctx: Pick<Context, 'method' | 'path'>): boolean =>
  [...rawBodyRoutes.values()].some((route) => route.method === ctx.method && route.path.test(ctx.path));

type MiddlewareFactory = (config: unknown, deps: { strapi: Core.Strapi }) => (ctx: Context, next: Next) => Promise<unknown>;

export function installBodyBypass(strapi: Core.Strapi): void {
  // `extend` is internal and loosely typed; the upload and postback integration tests guard it across Strapi upgrades.
  const registry = strapi.get('middlewares') as unknown as {
    extend(uid: string, fn: (factory: MiddlewareFactory) => MiddlewareFactory): void;
  };
  registry.extend('strapi::body', (factory) => (config, deps) => {
    const inner = factory(config, deps);
    return (ctx, next) => (isRawBodyRequest(ctx) ? next() : inner(ctx, next));
  });
}
