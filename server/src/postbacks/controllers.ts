import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { respond } from '../controllers/respond';
import { getService } from '../utils/get-service';
import { PostbackBodyError } from './errors';
import { readRawBody } from './read-body';

/** `POST /api/scorm-cloud/postback`: SCORM Cloud calling, authenticated by its own credentials. */
export const postback = ({ strapi }: { strapi: Core.Strapi }) => ({
  async receive(ctx: Context) {
    await respond(ctx, async () => {
      const { maxBytes } = getService(strapi, 'config').get().postback;
      const raw = await readRawBody(ctx.req, maxBytes);
      // 400 rather than 413 for an oversized body: the design and the issue name one answer for
      // "malformed or oversized", and the Cloud treats every 4xx alike.
      if (!raw.body) throw new PostbackBodyError(`Postback body exceeds ${maxBytes} bytes.`);
      const result = await getService(strapi, 'postbacks').receive({
        contentType: ctx.get('content-type') || undefined,
        authorization: ctx.get('authorization') || undefined,
        body: raw.body,
        client: ctx.ip,
      });
      return { id: result.id, outcome: result.outcome };
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
