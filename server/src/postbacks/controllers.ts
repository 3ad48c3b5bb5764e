import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { respond } from '../controllers/respond';
import { getService } from '../utils/get-service';
import { PayloadTooLargeError, TooManyRequestsError } from '../errors';
import { PostbackBodyError, PostbackTimeoutError } from './errors';
import { BodyTimeoutError, readRawBody } from './read-body';

/** `POST /api/scorm-cloud/postback`: SCORM Cloud calling, authenticated by its own credentials. */
export const postback = ({ strapi }: { strapi: Core.Strapi }) => ({
  async receive(ctx: Context) {
    await respond(ctx, async () => {
      const { maxBytes } = getService(strapi, 'config').get().postback;
      const service = getService(strapi, 'postbacks');
      const announced = Number(ctx.get('content-length') || 0);
      if (announced > maxBytes) {
        // Refused before reading a byte; the connection is closed rather than drained.
        ctx.set('Connection', 'close');
        throw new PayloadTooLargeError(`Postback body of ${announced} bytes exceeds ${maxBytes} bytes.`, { code: 'POSTBACK_TOO_LARGE', maxBytes });
      }
      let raw;
      try {
        raw = await readRawBody(ctx.req, maxBytes, service.limits.bodyIdleTimeoutMs);
      } catch (error) {
        if (!(error instanceof BodyTimeoutError)) throw error;
        ctx.set('Connection', 'close');
        throw new PostbackTimeoutError(`Postback body stalled for more than ${service.limits.bodyIdleTimeoutMs} ms.`);
      }
      // 400 rather than 413 for a body that grows past the limit unannounced: the design names one
      // answer for "malformed or oversized", and the Cloud treats every 4xx alike.
      if (!raw.body) throw new PostbackBodyError(`Postback body exceeds ${maxBytes} bytes.`);
      try {
        const result = await service.receive({
          contentType: ctx.get('content-type') || undefined,
          authorization: ctx.get('authorization') || undefined,
          body: raw.body,
          client: ctx.ip,
        });
        return { id: result.id, outcome: result.outcome };
      } catch (error) {
        if (error instanceof TooManyRequestsError && typeof error.details.retryAfterSeconds === 'number') ctx.set('Retry-After', String(error.details.retryAfterSeconds));
        throw error;
      }
    });
  },
});

/** Admin view of the inbox. */
export const postbackInbox = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const limit = Number(ctx.query.limit ?? 100);
    await respond(ctx, () => getService(strapi, 'postbacks').listForRegistration(ctx.params.registrationId, Number.isFinite(limit) ? limit : 100));
  },
  async replay(ctx: Context) {
    await respond(ctx, () => getService(strapi, 'postbacks').replay(Number(ctx.params.id)));
  },
});
