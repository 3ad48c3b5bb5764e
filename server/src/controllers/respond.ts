import type { Context } from 'koa';
import { PluginError } from '../errors';
import type { ServiceFactory } from '../module';

/** A whole response body (a page of a list is `{ data, meta }`), and its status when not 200. */
export class Answer {
  constructor(
    readonly body: unknown,
    readonly status?: number,
  ) {}
}

/**
 * Answers a domain error in Strapi's error shape ourselves: Strapi's own error middleware hides the
 * message of anything >= 500, and "not configured" (503) must reach the admin verbatim. What the action
 * returns becomes `{ data }` (an `Answer` is sent as it is); undefined leaves the body to the action.
 */
export async function respond(ctx: Context, action: () => Promise<unknown> | unknown, log?: Pick<Console, 'warn'>): Promise<void> {
  try {
    const data = await action();
    if (data instanceof Answer) {
      if (data.status !== undefined) ctx.status = data.status;
      ctx.body = data.body;
    } else if (data !== undefined) ctx.body = { data };
  } catch (error) {
    if (!(error instanceof PluginError)) throw error;
    // A 5xx here is SCORM Cloud failing or unreachable: an operator sees it in the log as well. The route
    // is named by its template, so no ticket or token in the path reaches the log.
    if (error.status >= 500) log?.warn(`[scorm-cloud] ${ctx.method} ${routeOf(ctx)} answered ${error.status}: ${error.message}`);
    ctx.status = error.status;
    ctx.body = {
      data: null,
      error: { status: error.status, name: error.name, message: error.message, details: { ...error.details, code: error.code } },
    };
  }
}

type Action = (ctx: Context) => unknown;

const routeOf = (ctx: Context): string => (ctx as Context & { _matchedRoute?: string })._matchedRoute ?? ctx.path.replace(/\/[^/]{20,}/g, '/…');

/**
 * A controller whose every action answers through `respond`: actions only read the request, call a
 * service and return what it gave. Applied once, where the plugin's controllers are assembled.
 */
export function answering(factory: ServiceFactory): ServiceFactory {
  return (deps) => {
    const actions = factory(deps) as Record<string, Action>;
    const log = deps.strapi.log;
    return Object.fromEntries(Object.entries(actions).map(([name, action]) => [name, (ctx: Context) => respond(ctx, () => action.call(actions, ctx), log)]));
  };
}
