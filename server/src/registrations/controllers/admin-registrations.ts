import { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { Answer } from '../../controllers/respond';
import { getService } from '../../utils/get-service';
import { csvHeader, csvRows } from '../csv';
import { adminCreateSchema, exportQuerySchema, listQuerySchema, validate } from '../validation';
import { toRegistrationDetail, toRegistrationView } from '../views';

/** Admin registrations: list, read, assign, new attempt, reset, delete (each route guarded by one RBAC action). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registrations = () => getService(strapi, 'registrations');

  return {
    find: async (ctx: Context) => new Answer(await registrations().list(validate(listQuerySchema, ctx.query))),
    /** The list's filters and sort as a CSV file, streamed a page of rows at a time. */
    export: async (ctx: Context) => {
      const query = validate(exportQuerySchema, ctx.query);
      const pages = registrations().listAll(query);
      async function* lines() {
        yield csvHeader();
        for await (const rows of pages) yield csvRows(rows);
      }
      const day = new Date().toISOString().slice(0, 10);
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.set('Content-Disposition', `attachment; filename="scorm-registrations-${day}.csv"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = Readable.from(lines());
    },
    findOne: async (ctx: Context) => toRegistrationDetail(await registrations().findOneOrThrow(ctx.params.registrationId)),
    create: async (ctx: Context) => {
      const { registration, created } = await registrations().assignByAdmin(validate(adminCreateSchema, ctx.request.body));
      return new Answer({ data: toRegistrationView(registration) }, created ? 201 : 200);
    },
    reset: async (ctx: Context) => toRegistrationDetail(await registrations().reset(ctx.params.registrationId, ctx.state.user)),
    newAttempt: async (ctx: Context) => new Answer({ data: toRegistrationView(await registrations().newAttempt(ctx.params.registrationId)) }, 201),
    delete: async (ctx: Context) => {
      await registrations().remove(ctx.params.registrationId);
      ctx.status = 204;
    },
  };
};
