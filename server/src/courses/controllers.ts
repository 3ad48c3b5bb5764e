import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { respond } from '../controllers/respond';
import { ConflictError, NotFoundError, PayloadTooLargeError, PluginError } from '../errors';
import { PLUGIN_ID } from '../utils/get-service';
import { signDirectState } from './direct-state';
import { getService } from '../utils/get-service';
import { COURSE_ID_PATTERN } from './ids';
import { receiveUpload } from './upload';
import { directCompleteQuery, directUploadBody, importTokenBody, listQuery, publicListQuery, updateBody, validate } from './validation';
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
        // V1: the browser's form post cannot read the Cloud's answer, so with `redirecturl` the Cloud sends
        // the browser (a hidden frame) to our completion route with the token instead. V2 ignores it: the
        // page posts with a bearer token for this one upload and reports the job itself.
        // Its state expires with the course's direct-upload lease (upload.directUploadExpiryMinutes).
        const state = signDirectState(getService(strapi, 'config').get(), row.courseId, row.leaseUntil ? new Date(row.leaseUntil) : new Date(Date.now() + settings.directUploadExpiryMinutes * 60_000));
        const redirectUrl = getService(strapi, 'config').contentApiUrl(`/direct-uploads/${encodeURIComponent(row.courseId)}/complete?state=${encodeURIComponent(state)}`);
        // Signed now, right before the browser starts: the Cloud accepts it for 15 minutes.
        const target = await client.directUploadTarget(row.courseId, { redirectUrl });
        return {
          course: toCourseView(row),
          uploadUrl: target.url,
          expiresAt: target.expiresAt.toISOString(),
          fileField: target.fileField,
          transport: target.transport,
          headers: target.headers,
          ...(target.fallback && { fallback: target.fallback }),
        };
      });
    },

    async reportToken(ctx: Context) {
      await respond(ctx, () => {
        const body = validate(importTokenBody, ctx.request.body);
        return 'token' in body
          ? courses().reportToken(courseIdOf(ctx), body.token)
          : courses().reportCloudAnswer(courseIdOf(ctx), body.answer);
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

    async uploadOptions(ctx: Context) {
      await respond(ctx, () => {
        const { upload } = getService(strapi, 'config').get();
        return { mode: upload.mode, maxBytes: upload.maxBytes };
      });
    },
  };
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * The end of a direct upload: SCORM Cloud redirects the browser here (see directUpload). Public route;
 * the signed `state` is the authentication. It answers a tiny page rather than a redirect into the
 * admin: the browser is usually a hidden frame of the upload dialog, which should not load the whole
 * admin; the page tells its parent or opener and says the window may be closed. Without a frame, it
 * links to the course page.
 */
export const directUploadsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async complete(ctx: Context) {
    const courseId = String(ctx.params.courseId ?? '');
    const config = getService(strapi, 'config');
    const publicUrl = config.publicUrl();
    const adminBase = new URL(String(strapi.config.get('admin.url', '/admin')), `${publicUrl}/`);
    const coursePage = `${adminBase.href.replace(/\/+$/, '')}/plugins/${PLUGIN_ID}/courses/${encodeURIComponent(courseId)}`;
    let status: number;
    let heading: string;
    let detail: string;
    let outcome: Record<string, unknown>;
    try {
      if (!COURSE_ID_PATTERN.test(courseId)) throw new NotFoundError(`There is no course ${courseId}.`, { courseId });
      const view = await getService(strapi, 'courses').completeDirectUpload(courseId, validate(directCompleteQuery, ctx.query));
      status = 200;
      heading = view.status === 'importing' ? 'The package reached SCORM Cloud' : 'SCORM Cloud did not accept the package';
      detail = view.status === 'importing' ? 'SCORM Cloud is importing it now; the course page follows the import.' : (view.error ?? 'The upload failed.');
      outcome = { courseId, status: view.status, error: view.error ?? null };
    } catch (error) {
      if (!(error instanceof PluginError)) throw error;
      status = error.status;
      heading = 'This upload could not be completed';
      detail = error.message;
      outcome = { courseId, status: null, error: error.message, code: error.code };
    }
    const nonce = randomBytes(16).toString('base64');
    const payload = JSON.stringify({ type: 'scorm-cloud:direct-upload', ...outcome }).replace(/</g, '\\u003c');
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    // The URL carries the signed state and the token: never hand it on as a Referer.
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`);
    ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title>
<style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:36rem;padding:0 1rem;color:#32324d}</style></head>
<body data-outcome="${escapeHtml(String(outcome.status ?? 'refused'))}"><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(detail)}</p>
<p>You can close this window. <a href="${escapeHtml(coursePage)}" target="_top">Open the course in the admin</a></p>
<script nonce="${nonce}">(function(){var m=${payload};var o=${JSON.stringify(adminBase.origin)};
[window.parent!==window?window.parent:null,window.opener].forEach(function(w){try{if(w)w.postMessage(m,o);}catch(e){}});})();</script>
</body></html>`;
  },
});

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
