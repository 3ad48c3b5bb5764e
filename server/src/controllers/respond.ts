import type { Context } from 'koa';
import { PluginError } from '../errors';

/**
 * Answers a domain error in Strapi's error shape ourselves: Strapi's own error middleware hides the
 * message of anything >= 500, and "not configured" (503) must reach the admin verbatim.
 */
export async function respond(ctx: Context, action: () => Promise<unknown> | unknown): Promise<void> {
  try {
    const data = await action();
    if (data !== undefined) ctx.body = { data };
  } catch (error) {
    if (!(error instanceof PluginError)) throw error;
    ctx.status = error.status;
    ctx.body = {
      data: null,
      error: { status: error.status, name: error.name, message: error.message, details: { code: error.code, ...error.details } },
    };
  }
}
