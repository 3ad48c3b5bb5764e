import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { Answer } from '../controllers/respond';
import { getService } from '../utils/get-service';

/** The clear's reason, from the body or (DELETE bodies are often dropped) the query. */
const reasonOf = (ctx: Context): string | null => {
  const body = ctx.request.body as { reason?: unknown } | undefined;
  return typeof body?.reason === 'string' ? body.reason : typeof ctx.query.reason === 'string' ? ctx.query.reason : null;
};

/** Admin routes of the results module: refresh (one or a course's), overrides. */
export const resultsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const results = () => getService(strapi, 'results');
  const refreshJobs = () => getService(strapi, 'refreshJobs');
  return {
    refresh: async (ctx: Context) => results().detailView(await results().refresh(ctx.params.registrationId, 'refresh')),
    refreshCourse: async (ctx: Context) => new Answer({ data: await refreshJobs().start(ctx.params.courseId) }, 202),
    refreshJob: (ctx: Context) => refreshJobs().get(ctx.params.jobId),
    setOverride: async (ctx: Context) => results().detailView(await results().setOverride(ctx.params.registrationId, ctx.request.body, ctx.state.user)),
    clearOverride: async (ctx: Context) => results().detailView(await results().clearOverride(ctx.params.registrationId, ctx.state.user, reasonOf(ctx))),
  };
};
