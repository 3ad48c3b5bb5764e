import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { Answer } from '../../controllers/respond';
import { getService } from '../../utils/get-service';
import { contentCreateSchema, validate } from '../validation';
import { toRegistrationView } from '../views';
import { assertMayAccess, callerOf, requireUser } from './caller';

// Personal data: no shared cache or back button may keep a copy, whatever the answer.
const noStore = (ctx: Context) => ctx.set('Cache-Control', 'no-store');

/** Content API for frontends and site backends: assign, the learner's own list, a new attempt, one registration. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registrations = () => getService(strapi, 'registrations');

  return {
    create: async (ctx: Context) => {
      noStore(ctx);
      const body = validate(contentCreateSchema, ctx.request.body);
      const { registration, created } = await registrations().assignByContent(callerOf(ctx), body);
      return new Answer({ data: toRegistrationView(registration) }, created ? 201 : 200);
    },
    me: async (ctx: Context) => {
      noStore(ctx);
      return (await registrations().listForUser(requireUser(ctx))).map(toRegistrationView);
    },
    newAttempt: async (ctx: Context) => {
      noStore(ctx);
      const registration = await registrations().newAttemptByLearner(String(ctx.params.courseId), requireUser(ctx));
      return new Answer({ data: toRegistrationView(registration) }, 201);
    },
    findOne: async (ctx: Context) => {
      noStore(ctx);
      const row = await registrations().findOneOrThrow(ctx.params.registrationId);
      assertMayAccess(ctx, row);
      return toRegistrationView(row);
    },
  };
};
