import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { InputError, NotFoundError } from '../../errors';
import { respond } from '../../controllers/respond';
import { getService } from '../../utils/get-service';
import { learnerIdForExternal } from '../ids';
import { contentCreateSchema, parse } from '../validation';
import { toRegistrationView } from '../view';
import { assertMayAccess, callerOf, requireUser } from './caller';

/** Content API for frontends and site backends: assign, the learner's own list, one registration. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registrations = () => getService(strapi, 'registrations');
  // Personal data: no shared cache or back button may keep a copy, whatever the answer.
  const noStore = (ctx: Context) => ctx.set('Cache-Control', 'no-store');

  return {
    async create(ctx: Context) {
      noStore(ctx);
      await respond(ctx, async () => {
        const body = parse(contentCreateSchema, (ctx.request as { body?: unknown }).body);
        const caller = callerOf(ctx);
        let input;
        if (caller.kind === 'user') {
          // A learner can only ever register themself: whatever the body names is ignored.
          input = { courseId: body.courseId, learner: registrations().learnerFromUser(caller.user), userDocumentId: caller.user.documentId };
        } else if (body.learner?.userDocumentId) {
          const user = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { documentId: body.learner.userDocumentId } });
          if (!user) throw new NotFoundError(`No users-permissions user "${body.learner.userDocumentId}".`);
          const learner = registrations().learnerFromUser(user);
          input = {
            courseId: body.courseId,
            learner: { ...learner, firstName: body.learner.firstName ?? learner.firstName, lastName: body.learner.lastName ?? learner.lastName, email: body.learner.email ?? learner.email },
            userDocumentId: user.documentId as string,
          };
        } else {
          const l = body.learner;
          if (!l?.id || !l.firstName || !l.lastName) {
            throw new InputError('An API token must name the learner: learner.id (or learner.userDocumentId), learner.firstName and learner.lastName.');
          }
          input = { courseId: body.courseId, learner: { learnerId: learnerIdForExternal(l.id), firstName: l.firstName, lastName: l.lastName, email: l.email ?? null } };
        }
        const { registration, created } = await registrations().create(input);
        ctx.status = created ? 201 : 200;
        return toRegistrationView(registration);
      });
    },

    async me(ctx: Context) {
      noStore(ctx);
      await respond(ctx, async () => {
        const rows = await registrations().listForUser(requireUser(ctx));
        return rows.map(toRegistrationView);
      });
    },

    async findOne(ctx: Context) {
      noStore(ctx);
      await respond(ctx, async () => {
        const row = await registrations().findOneOrThrow(ctx.params.registrationId);
        assertMayAccess(ctx, row);
        return toRegistrationView(row);
      });
    },
  };
};
