import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { respond } from '../controllers/respond';
import { ConflictError, NotFoundError, PayloadTooLargeError } from '../errors';
import { getService } from '../utils/get-service';
import { COURSE_ID_PATTERN } from './ids';
import { receiveUpload } from './upload';
import { directUploadBody, importTokenBody, listQuery, publicListQuery, updateBody, validate } from './validation';
import { toCourseView } from './views';

const courseIdOf = (ctx: Context): string => {
  const id = String(ctx.params.courseId ?? '');
  if (!COURSE_ID_PATTERN.test(id)) throw new NotFoundError(`There is no course ${id}.`, { courseId: id });
  return id;
};

/** Admin course routes (RBAC per route, see routes.ts). Thin: validation and services do the work. */
export const coursesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const courses = () => getService(strapi, 'courses');

  const upload = async (ctx: Context, courseId?: string) => {
    try {
      const view = await receiveUpload(strapi, ctx.req, { courseId });
      ctx.status = 202;
      return view;
    } catch (error) {
      // The rest of a refused body is not worth reading: let Node close the connection after the answer.
      ctx.set('Connection', 'close');
      throw error;
    }
  };

  return {
    async find(ctx: Context) {
      await respond(ctx, async () => {
        ctx.body = await courses().list(validate(listQuery, ctx.query));
        return undefined;
      });
    },

    async findOne(ctx: Context) {
      await respond(ctx, () => courses().view(courseIdOf(ctx)));
    },

    async upload(ctx: Context) {
      await respond(ctx, () => upload(ctx));
    },

    async uploadVersion(ctx: Context) {
      await respond(ctx, async () => upload(ctx, courseIdOf(ctx)));
    },

    async directUpload(ctx: Context) {
      await respond(ctx, async () => {
        const { upload: settings } = getService(strapi, 'config').get();
        if (settings.mode !== 'direct') {
          throw new ConflictError('Direct uploads are off (upload.mode is "proxy"): post the package to /scorm-cloud/courses.', { code: 'DIRECT_UPLOAD_DISABLED' });
        }
        const body = validate(directUploadBody, ctx.request.body);
        if (body.size !== undefined && body.size > settings.maxBytes) {
          throw new PayloadTooLargeError(`The package is larger than the ${settings.maxBytes} bytes allowed (upload.maxBytes).`, { maxBytes: settings.maxBytes });
        }
        const client = getService(strapi, 'cloud').client();
        const row = await courses().beginUpload({ title: body.title, packageName: body.filename, owner: getService(strapi, 'poller').owner, mode: 'direct' });
        // Signed now, right before the browser starts: the Cloud accepts it for 15 minutes.
        const signed = client.importCourseAsyncUrl(row.courseId);
        return { course: toCourseView(row), uploadUrl: signed.url, expiresAt: signed.expiresAt.toISOString(), fileField: 'filedata' };
      });
    },

    async reportToken(ctx: Context) {
      await respond(ctx, () => {
        const { token } = validate(importTokenBody, ctx.request.body);
        return courses().reportToken(courseIdOf(ctx), token);
      });
    },

    async refresh(ctx: Context) {
      await respond(ctx, async () => {
        const courseId = courseIdOf(ctx);
        const row = await courses().getRow(courseId);
        if (row.status === 'importing') await getService(strapi, 'courseImports').follower().refresh(row);
        return courses().view(courseId);
      });
    },

    async update(ctx: Context) {
      await respond(ctx, () => courses().update(courseIdOf(ctx), validate(updateBody, ctx.request.body)));
    },

    async delete(ctx: Context) {
      await respond(ctx, async () => {
        const courseId = courseIdOf(ctx);
        await courses().remove(courseId, { force: ctx.query.force === 'true' });
        return { courseId, deleted: true };
      });
    },

    async pollerStatus(ctx: Context) {
      await respond(ctx, () => getService(strapi, 'poller').status());
    },
  };
};

/** Content API for site frontends: users-permissions decides which roles may call these. */
export const learnerCoursesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    await respond(ctx, async () => {
      const { page, pageSize } = validate(publicListQuery, ctx.query);
      ctx.body = await getService(strapi, 'courses').publicList(page, pageSize);
      return undefined;
    });
  },

  async findOne(ctx: Context) {
    await respond(ctx, () => getService(strapi, 'courses').publicGet(courseIdOf(ctx)));
  },
});
