import type { JobView } from '../core';
import { BodyTooLargeError, parseRequest } from '../request';
import type { CourseRecord } from '../store';
import type { Route, RouteCall } from './context';
import { dateQuery, flag, notFoundCourse, readJson, sendEmpty, sendJson, str, V2Error } from './http';
import { paginate } from './pagination';
import { courseSchema } from './schemas';

const sortBy = (orderBy: string | null, title: (c: CourseRecord) => string, updated: (c: CourseRecord) => number) => {
  const [field, dir] = /^(created|updated|title)_(asc|desc)$/.exec(orderBy ?? '')?.slice(1) ?? ['created', 'desc'];
  const sign = dir === 'asc' ? 1 : -1;
  return (a: CourseRecord, b: CourseRecord): number => {
    const d = field === 'title' ? title(a).localeCompare(title(b)) : field === 'updated' ? updated(a) - updated(b) : a.createdAt - b.createdAt;
    return sign * (d || a.courseId.localeCompare(b.courseId));
  };
};

const latestAt = (c: CourseRecord) => c.versions[c.versions.length - 1].createdAt;

function requireCourse({ ctx, caller, path }: RouteCall): CourseRecord {
  const course = ctx.core.course(caller.app.appId, path.courseId);
  if (!course) throw notFoundCourse(path.courseId);
  return course;
}

/** RUNNING until the core's import delay has passed, then COMPLETE or ERROR (the V1 job, seen through V2). */
function jobSchema(call: RouteCall, view: JobView) {
  const { job } = view;
  const failed = view.status === 'error' || (view.status === 'finished' && !job.result?.successful);
  const status = view.status === 'created' || view.status === 'running' ? 'RUNNING' : failed ? 'ERROR' : 'COMPLETE';
  const course = status === 'COMPLETE' ? call.ctx.core.course(job.appId, job.courseId) : undefined;
  const version = course && job.result?.version !== undefined ? call.ctx.core.courseVersion(course, job.result.version) : undefined;
  const out: Record<string, unknown> = {
    jobId: job.token,
    status,
    message: status === 'RUNNING' ? view.message : (job.error?.message ?? job.result?.message ?? view.message),
  };
  if (status !== 'RUNNING') {
    out.importResult = {
      webPathToCourse: version
        ? `${call.ctx.baseUrl()}/content/courses/${encodeURIComponent(job.appId)}/${encodeURIComponent(job.courseId)}/${version.version}/`
        : undefined,
      parserWarnings: job.result?.warnings ?? [],
      courseLanguages: [],
      course: course && version ? courseSchema(call.ctx.core, course, version) : undefined,
    };
  }
  return out;
}

export const courseRoutes: Route[] = [
  {
    method: 'POST',
    template: '/courses/importJobs/upload',
    scope: 'write:course',
    cors: true,
    async run(call) {
      const { ctx, req, res, url, caller } = call;
      const courseId = url.searchParams.get('courseId');
      if (!courseId) throw new V2Error(400, 'The courseId parameter is required.');
      if (courseId.length > 255) throw new V2Error(400, 'The courseId may be at most 255 characters long.');
      // Refused before the body is read: the real service answers the POST itself with 409.
      if (ctx.core.course(caller.app.appId, courseId) && !flag(url.searchParams, 'mayCreateNewVersion')) {
        req.resume();
        throw new V2Error(
          409,
          `Course [${courseId}] already exists and mayCreateNewVersion is false. Set mayCreateNewVersion to true to create a new version.`,
        );
      }
      let parsed;
      try {
        parsed = await parseRequest(req, url, ctx.maxBodyBytes, { discardFiles: ctx.discardPackages, binaryFields: ['file'] });
      } catch (err) {
        if (err instanceof BodyTooLargeError) throw new V2Error(413, err.message);
        throw new V2Error(400, `The request could not be read: ${(err as Error).message}`);
      }
      if (!parsed.file || parsed.file.fieldName !== 'file') throw new V2Error(400, 'The multipart form part [file] with the course package is required.');
      const job = await ctx.core.startImport(caller.app.appId, courseId, parsed.file.data);
      sendJson(res, 200, { result: job.token });
    },
  },
  {
    method: 'GET',
    template: '/courses/importJobs/{importJobId}',
    scope: 'read:course',
    async run(call) {
      const view = await call.ctx.core.jobView(call.path.importJobId, call.caller.app.appId);
      if (!view) throw new V2Error(404, `Could not find import job [${call.path.importJobId}]`);
      sendJson(call.res, 200, jobSchema(call, view));
    },
  },
  {
    method: 'GET',
    template: '/courses',
    scope: 'read:course',
    run({ ctx, res, url, caller }) {
      const page = paginate(url, 'courses', ctx.options.pageSize, (q) => {
        const field = q.get('datetimeFilter') === 'created' ? 'created' : 'updated';
        const since = dateQuery(q, 'since');
        const until = dateQuery(q, 'until');
        const filter = q.get('filter')?.toLowerCase();
        const filterBy = q.get('filterBy') ?? 'course_id';
        const tags = (q.get('tags') ?? '').split(',').filter(Boolean);
        return ctx.core
          .courses(caller.app.appId)
          .filter((c) => {
            const at = field === 'created' ? c.createdAt : latestAt(c);
            if (since !== undefined && at < since) return false;
            if (until !== undefined && at > until) return false;
            if (tags.length && !tags.some((t) => c.tags.includes(t))) return false;
            if (filter) {
              const target = filterBy === 'title' ? c.title : filterBy === 'tags' ? c.tags.join(',') : c.courseId;
              if (!target.toLowerCase().includes(filter)) return false;
            }
            return true;
          })
          .sort(sortBy(q.get('orderBy'), (c) => c.title, latestAt))
          .map((c) =>
            courseSchema(ctx.core, c, undefined, { registrationCount: flag(q, 'includeRegistrationCount'), metadata: flag(q, 'includeCourseMetadata') }),
          );
      });
      sendJson(res, 200, { courses: page.items, more: page.more }, page.total === undefined ? {} : { 'x-total-count': String(page.total) });
    },
  },
  {
    method: 'GET',
    template: '/courses/{courseId}',
    scope: 'read:course',
    run(call) {
      const course = requireCourse(call);
      const q = call.url.searchParams;
      sendJson(
        call.res,
        200,
        courseSchema(call.ctx.core, course, undefined, { registrationCount: flag(q, 'includeRegistrationCount'), metadata: flag(q, 'includeCourseMetadata') }),
      );
    },
  },
  {
    method: 'GET',
    template: '/courses/{courseId}/versions',
    scope: 'read:course',
    run(call) {
      const course = requireCourse(call);
      const q = call.url.searchParams;
      const since = dateQuery(q, 'since');
      const until = dateQuery(q, 'until');
      const courses = course.versions
        .filter((v) => (since === undefined || v.createdAt >= since) && (until === undefined || v.createdAt <= until))
        .map((v) =>
          courseSchema(call.ctx.core, course, v, { registrationCount: flag(q, 'includeRegistrationCount'), metadata: flag(q, 'includeCourseMetadata') }),
        );
      sendJson(call.res, 200, { courses });
    },
  },
  {
    method: 'GET',
    template: '/courses/{courseId}/versions/{versionId}',
    scope: 'read:course',
    run(call) {
      const course = requireCourse(call);
      const version = /^\d+$/.test(call.path.versionId) ? call.ctx.core.courseVersion(course, Number(call.path.versionId)) : undefined;
      if (!version) throw new V2Error(404, `Could not find version [${call.path.versionId}] of course [${course.courseId}]`);
      const q = call.url.searchParams;
      sendJson(
        call.res,
        200,
        courseSchema(call.ctx.core, course, version, { registrationCount: flag(q, 'includeRegistrationCount'), metadata: flag(q, 'includeCourseMetadata') }),
      );
    },
  },
  {
    method: 'DELETE',
    template: '/courses/{courseId}/versions/{versionId}',
    scope: 'delete:course',
    async run(call) {
      const course = requireCourse(call);
      const n = /^\d+$/.test(call.path.versionId) ? Number(call.path.versionId) : undefined;
      if (n === undefined || !call.ctx.core.courseVersion(course, n))
        throw new V2Error(404, `Could not find version [${call.path.versionId}] of course [${course.courseId}]`);
      // Deleting the last version deletes the course, with the same cascade (core: one version left = whole course).
      await call.ctx.core.deleteCourse(call.caller.app.appId, course.courseId, n);
      sendEmpty(call.res, 204);
    },
  },
  {
    method: 'PUT',
    template: '/courses/{courseId}/title',
    scope: 'write:course',
    async run(call) {
      const course = requireCourse(call);
      const body = await readJson(call.req);
      const title = str(body, 'title');
      if (!title) throw new V2Error(400, 'title is required.');
      course.title = title;
      for (const v of course.versions) v.course = { ...v.course, title };
      call.ctx.core.store.save();
      sendEmpty(call.res, 204);
    },
  },
  {
    method: 'DELETE',
    template: '/courses/{courseId}',
    scope: 'delete:course',
    async run(call) {
      requireCourse(call);
      await call.ctx.core.deleteCourse(call.caller.app.appId, call.path.courseId);
      sendEmpty(call.res, 204);
    },
  },
];
