import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { respond } from '../../controllers/respond';
import { getService } from '../../utils/get-service';
import { launchQuerySchema, parse } from '../validation';
import type { RegistrationRow } from '../services';
import { assertMayAccess, prefersJson, requireUser } from './caller';

const CLOSE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course closed</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;margin:3rem;text-align:center"><p>You have left the course. You can close this window.</p></body></html>`;

/** Launch (signed at the click), launch tickets for plain links, and the exit route the player returns to. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registrations = () => getService(strapi, 'registrations');
  const launches = () => getService(strapi, 'launches');

  /** 302 to the signed URL, or JSON. The signed URL must not be cached or leak through a Referer. */
  const answerLaunch = async (ctx: Context, row: RegistrationRow, returnTo: string | null) => {
    const launch = await launches().launch(row, returnTo);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (prefersJson(ctx)) return launch;
    ctx.redirect(launch.url);
    return undefined;
  };

  return {
    /** `GET /courses/:courseId/launch`: the signed-in user's latest attempt, created first when configured. */
    async course(ctx: Context) {
      await respond(ctx, async () => {
        const user = requireUser(ctx);
        const returnTo = launches().checkReturnTo(parse(launchQuerySchema, ctx.query).returnTo);
        const row = await registrations().forCourseLaunch(ctx.params.courseId, user);
        return answerLaunch(ctx, row, returnTo);
      });
    },

    /** `GET /registrations/:registrationId/launch`: owner or API token. */
    async registration(ctx: Context) {
      await respond(ctx, async () => {
        const returnTo = launches().checkReturnTo(parse(launchQuerySchema, ctx.query).returnTo);
        const row = await registrations().findOneOrThrow(ctx.params.registrationId);
        assertMayAccess(ctx, row);
        return answerLaunch(ctx, row, returnTo);
      });
    },

    /** `POST /registrations/:registrationId/launch-ticket`: a one-minute, single-use URL a plain link can open. */
    async ticket(ctx: Context) {
      await respond(ctx, async () => {
        const returnTo = launches().checkReturnTo(parse(launchQuerySchema, { ...ctx.query, ...((ctx.request as { body?: object }).body ?? {}) }).returnTo);
        const row = await registrations().findOneOrThrow(ctx.params.registrationId);
        assertMayAccess(ctx, row);
        ctx.set('Cache-Control', 'no-store');
        return launches().issueTicket(row, returnTo);
      });
    },

    /** `POST /courses/:courseId/launch-ticket`: as above for the signed-in user's course (lazy creation included). */
    async courseTicket(ctx: Context) {
      await respond(ctx, async () => {
        const user = requireUser(ctx);
        const returnTo = launches().checkReturnTo(parse(launchQuerySchema, { ...ctx.query, ...((ctx.request as { body?: object }).body ?? {}) }).returnTo);
        const row = await registrations().forCourseLaunch(ctx.params.courseId, user);
        ctx.set('Cache-Control', 'no-store');
        return launches().issueTicket(row, returnTo);
      });
    },

    /** `GET /launch-tickets/:ticket`: public; the ticket is the credential. */
    async redeem(ctx: Context) {
      await respond(ctx, async () => {
        const returnTo = launches().checkReturnTo(parse(launchQuerySchema, ctx.query).returnTo);
        const row = await launches().redeemTicket(String(ctx.params.ticket));
        return answerLaunch(ctx, row, returnTo);
      });
    },

    /** `GET /registrations/:registrationId/exit`: public; the player sends the learner here. Never a signed URL. */
    async exit(ctx: Context) {
      await respond(ctx, async () => {
        const target = await launches().exit(String(ctx.params.registrationId));
        ctx.set('Cache-Control', 'no-store');
        if (target) {
          ctx.redirect(target);
          return undefined;
        }
        ctx.type = 'html';
        ctx.body = CLOSE_PAGE;
        return undefined;
      });
    },
  };
};
