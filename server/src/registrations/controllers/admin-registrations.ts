import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { Answer } from '../../controllers/respond';
import { getService } from '../../utils/get-service';
import { adminCreateSchema, listQuerySchema, validate } from '../validation';
import { toRegistrationDetail, toRegistrationView } from '../views';

/** Admin registrations: list, read, assign, reset, delete (each route guarded by one RBAC action). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registrations = () => getService(strapi, 'registrations');

  return {
    find: async (ctx: Context) => new Answer(await registrations().list(validate(listQuerySchema, ctx.query))),
    findOne: async (ctx: Context) => toRegistrationDetail(await registrations().findOneOrThrow(ctx.params.registrationId)),
    create: async (ctx: Context) => {
      const { registration, created } = await registrations().assignByAdmin(validate(adminCreateSchema, ctx.request.body));
      return new Answer({ data: toRegistrationView(registration) }, created ? 201 : 200);
    },
    reset: async (ctx: Context) => toRegistrationView(await registrations().reset(ctx.params.registrationId)),
    delete: async (ctx: Context) => {
      await registrations().remove(ctx.params.registrationId);
      ctx.status = 204;
    },
  };
};
