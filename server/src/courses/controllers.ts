import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { Answer } from '../controllers/respond';
import { NotFoundError } from '../errors';
import { getService } from '../utils/get-service';
import { directUploadPage } from './direct-upload-page';
import { COURSE_ID_PATTERN } from './ids';
import { receiveUpload } from './upload';
import { directUploadBody, importTokenBody, listQuery, previewBody, publicListQuery, updateBody, validate } from './validation';

const courseIdOf = (ctx: Context): string => {
  const id = String(ctx.params.courseId ?? '');
  if (!COURSE_ID_PATTERN.test(id)) throw new NotFoundError(`There is no course ${id}.`, { courseId: id });
  return id;
};

/** Admin course routes (RBAC per route, see routes.ts): read the request, call the service, return. */
export const coursesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const courses = () => getService(strapi, 'courses');

  const upload = async (ctx: Context, courseId?: string) => {
    try {
      return new Answer({ data: await receiveUpload(strapi, ctx.req, { courseId }) }, 202);
    } catch (error) {
      // The rest of a refused body is not worth reading: let Node close the connection after the answer.
      ctx.set('Connection', 'close');
      throw error;
    }
  };

  return {
    find: async (ctx: Context) => new Answer(await courses().list(validate(listQuery, ctx.query))),
    findOne: (ctx: Context) => courses().view(courseIdOf(ctx)),
    upload: (ctx: Context) => upload(ctx),
    uploadVersion: (ctx: Context) => upload(ctx, courseIdOf(ctx)),
    directUpload: (ctx: Context) => courses().beginDirectUpload(validate(directUploadBody, ctx.request.body)),
    reportToken: (ctx: Context) => {
      const body = validate(importTokenBody, ctx.request.body);
      return 'token' in body ? courses().reportToken(courseIdOf(ctx), body.token) : courses().reportCloudAnswer(courseIdOf(ctx), body.answer);
    },
    withdrawDirectUpload: async (ctx: Context) => {
      const courseId = courseIdOf(ctx);
      await courses().withdrawDirectUpload(courseId);
      return { courseId, deleted: true };
    },
    refresh: (ctx: Context) => courses().refresh(courseIdOf(ctx)),
    details: (ctx: Context) => getService(strapi, 'courseDetails').details(courseIdOf(ctx)),
    preview: (ctx: Context) => getService(strapi, 'coursePreview').preview(courseIdOf(ctx), validate(previewBody, ctx.request.body ?? {})),
    update: (ctx: Context) => courses().update(courseIdOf(ctx), validate(updateBody, ctx.request.body)),
    delete: async (ctx: Context) => {
      const courseId = courseIdOf(ctx);
      await courses().remove(courseId, { force: ctx.query.force === 'true' });
      return { courseId, deleted: true };
    },
    uploadOptions: () => courses().uploadOptions(),
  };
};

/** The end of a direct upload: SCORM Cloud redirects the browser here. Public; the signed `state` authenticates it. */
export const directUploadsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async complete(ctx: Context) {
    // A refusal is a page too (the browser is there): the service reads the query and says what happened.
    const outcome = await getService(strapi, 'courses').directUploadOutcome(String(ctx.params.courseId ?? ''), ctx.query);
    const page = directUploadPage(outcome);
    ctx.status = outcome.status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    // The URL carries the signed state and the token: never hand it on as a Referer.
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Content-Security-Policy', page.csp);
    ctx.body = page.html;
  },
});

/** Content API for site frontends: users-permissions decides which roles may call these. */
export const learnerCoursesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  find: async (ctx: Context) => {
    const { page, pageSize } = validate(publicListQuery, ctx.query);
    return new Answer(await getService(strapi, 'courses').publicList(page, pageSize));
  },
  findOne: (ctx: Context) => getService(strapi, 'courses').publicGet(courseIdOf(ctx)),
});
