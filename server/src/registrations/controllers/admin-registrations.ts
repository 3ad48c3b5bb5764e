import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { NotFoundError } from '../../errors';
import { respond } from '../../controllers/respond';
import { getService } from '../../utils/get-service';
import { adminCreateSchema, listQuerySchema, parse } from '../validation';
import { toRegistrationDetail, toRegistrationView } from '../view';

/** Admin registrations: list, read, assign, reset, delete (each route guarded by one RBAC action). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registrations = () => getService(strapi, 'registrations');

  return {
    async find(ctx: Context) {
      await respond(ctx, async () => {
        const { results, pagination } = await registrations().list(parse(listQuerySchema, ctx.query));
        ctx.body = { data: results.map(toRegistrationView), meta: { pagination } };
        return undefined;
      });
    },

    async findOne(ctx: Context) {
      await respond(ctx, async () => toRegistrationDetail(await registrations().findOneOrThrow(ctx.params.registrationId)));
    },

    async create(ctx: Context) {
      await respond(ctx, async () => {
        const body = parse(adminCreateSchema, (ctx.request as { body?: unknown }).body);
        let learner;
        let userDocumentId: string | null = null;
        if (body.learner.userDocumentId) {
          const user = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { documentId: body.learner.userDocumentId } });
          if (!user) throw new NotFoundError(`No users-permissions user "${body.learner.userDocumentId}".`);
          const fromUser = registrations().learnerFromUser(user);
          learner = { ...fromUser, firstName: body.learner.firstName ?? fromUser.firstName, lastName: body.learner.lastName ?? fromUser.lastName, email: body.learner.email ?? fromUser.email };
          userDocumentId = user.documentId as string;
        } else {
          learner = {
            learnerId: body.learner.learnerId!,
            firstName: body.learner.firstName ?? body.learner.learnerId!,
            lastName: body.learner.lastName ?? '-',
            email: body.learner.email ?? null,
          };
        }
        const { registration, created } = await registrations().create({ courseId: body.courseId, learner, userDocumentId });
        ctx.status = created ? 201 : 200;
        return toRegistrationView(registration);
      });
    },

    async reset(ctx: Context) {
      await respond(ctx, async () => toRegistrationView(await registrations().reset(ctx.params.registrationId)));
    },

    async delete(ctx: Context) {
      await respond(ctx, async () => {
        await registrations().remove(ctx.params.registrationId);
        ctx.status = 204;
        return undefined;
      });
    },
  };
};
