import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { Answer } from '../../controllers/respond';
import { getService } from '../../utils/get-service';
import { userDirectory } from '../user-directory';
import { adminAssignSchema, userSearchSchema, validate } from '../validation';

/** The admin's learner picker: users-permissions users and roles, and assigning a course to several at once. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const directory = userDirectory(strapi);

  return {
    users: async (ctx: Context) => {
      const q = validate(userSearchSchema, ctx.query);
      const { users, total } = await directory.search(q.q || undefined, q.page, q.pageSize);
      return new Answer({ data: users, meta: { pagination: { page: q.page, pageSize: q.pageSize, total, pageCount: Math.ceil(total / q.pageSize) } } });
    },
    roles: async () => directory.roles(),
    assign: async (ctx: Context) => getService(strapi, 'registrations').assignUsers(validate(adminAssignSchema, ctx.request.body)),
  };
};
