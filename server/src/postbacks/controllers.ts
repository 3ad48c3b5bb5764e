import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { PayloadTooLargeError, TooManyRequestsError } from '../errors';
import { PostbackBodyError, PostbackTimeoutError } from './errors';
import { BodyTimeoutError, readRawBody } from './read-body';

/** Reads the body the route's bypass left unread, within `postback.maxBytes` and the idle timeout. */
async function bodyOf(ctx: Context, maxBytes: number, idleTimeoutMs: number): Promise<Buffer> {
  const announced = Number(ctx.get('content-length') || 0);
  if (announced > maxBytes) {
    // Refused before reading a byte; the connection is closed rather than drained.
    ctx.set('Connection', 'close');
    throw new PayloadTooLargeError(`Postback body of ${announced} bytes exceeds ${maxBytes} bytes.`, { code: 'POSTBACK_TOO_LARGE', maxBytes });
  }
  let raw;
  try {
    raw = await readRawBody(ctx.req, maxBytes, idleTimeoutMs);
  } catch (error) {
    if (!(error instanceof BodyTimeoutError)) throw error;
    ctx.set('Connection', 'close');
    throw new PostbackTimeoutError(`Postback body stalled for more than ${idleTimeoutMs} ms.`);
  }
  // 400 rather than 413 for a body that grows past the limit unannounced: one answer for "malformed or
  // oversized", and the Cloud treats every 4xx alike.
  if (!raw.body) throw new PostbackBodyError(`Postback body exceeds ${maxBytes} bytes.`);
  return raw.body;
}

/** `POST /api/scorm-cloud/postback`: SCORM Cloud calling, authenticated by its own credentials. */
export const postbackController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async receive(ctx: Context) {
    const service = getService(strapi, 'postbacks');
    const body = await bodyOf(ctx, getService(strapi, 'config').get().postback.maxBytes, service.limits.bodyIdleTimeoutMs);
    try {
      const { id, outcome } = await service.receive({
        contentType: ctx.get('content-type') || undefined,
        authorization: ctx.get('authorization') || undefined,
        body,
        client: ctx.ip,
      });
      return { id, outcome };
    } catch (error) {
      if (error instanceof TooManyRequestsError && typeof error.details.retryAfterSeconds === 'number')
        ctx.set('Retry-After', String(error.details.retryAfterSeconds));
      throw error;
    }
  },
});

/** Admin view of the inbox: a registration's postbacks, and replaying one. */
export const postbackInboxController = ({ strapi }: { strapi: Core.Strapi }) => ({
  list: (ctx: Context) => {
    const limit = Number(ctx.query.limit ?? 100);
    return getService(strapi, 'postbacks').listForRegistration(ctx.params.registrationId, Number.isFinite(limit) ? limit : 100);
  },
  replay: (ctx: Context) => getService(strapi, 'postbacks').replay(Number(ctx.params.id)),
});
