import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../../utils/get-service';
import type { LaunchTarget } from '../repository';
import { launchQuerySchema, validate } from '../validation';
import { assertMayAccess, prefersJson, requireUser } from './caller';

const CLOSE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course closed</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;margin:3rem;text-align:center"><p>You have left the course. You can close this window.</p></body></html>`;

/** `returnTo` from the query (launches) or also the body (tickets, which are POSTs). */
const returnToOf = (ctx: Context, withBody = false): string | undefined =>
  validate(launchQuerySchema, withBody ? { ...ctx.query, ...((ctx.request.body as object | undefined) ?? {}) } : ctx.query).returnTo;

/** Launch (signed at the click), launch tickets for plain links, and the exit route the player returns to. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registrations = () => getService(strapi, 'registrations');
  const launches = () => getService(strapi, 'launches');

  /** The registration named in the path, for its owner or an API token. */
  const accessible = async (ctx: Context): Promise<LaunchTarget> => {
    const row = await registrations().findLaunchTargetOrThrow(ctx.params.registrationId);
    assertMayAccess(ctx, row);
    return row;
  };

  /** 302 to the signed URL, or JSON. The signed URL must not be cached or leak through a Referer. */
  const answerLaunch = async (ctx: Context, row: LaunchTarget, returnTo: string | null) => {
    const launch = await launches().launch(row, returnTo);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (prefersJson(ctx)) return launch;
    ctx.redirect(launch.url);
    return undefined;
  };

  const ticketFor = async (ctx: Context, row: LaunchTarget, returnTo: string | null) => {
    ctx.set('Cache-Control', 'no-store');
    return launches().issueTicket(row, returnTo);
  };

  return {
    /** `GET /courses/:courseId/launch`: the signed-in user's latest attempt, created first when configured. */
    async course(ctx: Context) {
      const user = requireUser(ctx);
      const returnTo = launches().checkReturnTo(returnToOf(ctx));
      return answerLaunch(ctx, await registrations().forCourseLaunch(ctx.params.courseId, user), returnTo);
    },

    /** `GET /registrations/:registrationId/launch`: owner or API token. */
    async registration(ctx: Context) {
      const returnTo = launches().checkReturnTo(returnToOf(ctx));
      return answerLaunch(ctx, await accessible(ctx), returnTo);
    },

    /** `POST /registrations/:registrationId/launch-ticket`: a one-minute, single-use URL a plain link can open. */
    async ticket(ctx: Context) {
      const returnTo = launches().checkReturnTo(returnToOf(ctx, true));
      return ticketFor(ctx, await accessible(ctx), returnTo);
    },

    /** `POST /courses/:courseId/launch-ticket`: as above for the signed-in user's course (lazy creation included). */
    async courseTicket(ctx: Context) {
      const user = requireUser(ctx);
      const returnTo = launches().checkReturnTo(returnToOf(ctx, true));
      return ticketFor(ctx, await registrations().forCourseLaunch(ctx.params.courseId, user), returnTo);
    },

    /** `GET /launch-tickets/:ticket`: public; the ticket is the credential. */
    async redeem(ctx: Context) {
      const returnTo = launches().checkReturnTo(returnToOf(ctx));
      return answerLaunch(ctx, await launches().redeemTicket(String(ctx.params.ticket)), returnTo);
    },

    /** `GET /registrations/:registrationId/exit`: public; the player sends the learner here, with the launch's signed `returnTo` if it had one. */
    async exit(ctx: Context) {
      const one = (value: unknown) => (typeof value === 'string' ? value : undefined);
      const target = await launches().exit(String(ctx.params.registrationId), { returnTo: one(ctx.query.returnTo), sig: one(ctx.query.sig) });
      ctx.set('Cache-Control', 'no-store');
      if (target) return ctx.redirect(target);
      ctx.type = 'html';
      ctx.body = CLOSE_PAGE;
    },
  };
};
