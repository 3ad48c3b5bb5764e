import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { respond } from '../controllers/respond';
import { getService } from '../utils/get-service';

/** Admin routes of the results module: refresh (one or a course's), overrides. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const results = () => getService(strapi, 'results');
  return {
    async refresh(ctx: Context) {
      await respond(ctx, async () => results().detailView(await results().refresh(ctx.params.registrationId, 'refresh')));
    },
    async refreshCourse(ctx: Context) {
      await respond(ctx, async () => {
        const job = await results().startCourseRefresh(ctx.params.courseId);
        ctx.status = 202;
        return job;
      });
    },
    async refreshJob(ctx: Context) {
      await respond(ctx, () => results().getRefreshJob(ctx.params.jobId));
    },
    async setOverride(ctx: Context) {
      const body = (ctx.request as { body?: unknown }).body;
      await respond(ctx, async () => results().detailView(await results().setOverride(ctx.params.registrationId, body, ctx.state.user)));
    },
    async clearOverride(ctx: Context) {
      const body = (ctx.request as { body?: { reason?: unknown } }).body;
      const reason = typeof body?.reason === 'string' ? body.reason : typeof ctx.query.reason === 'string' ? ctx.query.reason : null;
      await respond(ctx, async () => results().detailView(await results().clearOverride(ctx.params.registrationId, ctx.state.user, reason)));
    },
  };
};
