import type { Core } from '@strapi/strapi';
import { CloudApiError, CloudError, type DirectUploadAnswer } from '../cloud';
import type { DirectUpload, UploadOptions } from '../contracts/courses';
import { ConflictError, ForbiddenError, InputError, NotFoundError, PayloadTooLargeError, PluginError, UpstreamError } from '../errors';
import type { DirectUploadOutcome } from './direct-upload-page';
import { checkDirectState, signDirectState } from './direct-state';
import { endOf } from '../utils/days';
import { getService } from '../utils/get-service';
import { adminCoursePage } from './admin-links';
import { COURSE_ID_PATTERN, newCourseId } from './ids';
import { directCompleteQuery, validate, type DirectCompleteQuery, type ListQuery } from './validation';
import { DIRECT_OWNER, failed, IN_FLIGHT, isAwaitingDirectUpload, REPLACEABLE, startUpload, uploaded, UPLOADING, uploadWithdrawn } from './lifecycle';
import { courseRepository, type CourseRow } from './repository';
import { toCourseView, toPublicCourse, type CourseView, type PublicCourse } from './views';
import { registrationRepository } from '../registrations/repository';

export interface Page<T> {
  data: T[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/** Courses: the rows that mirror what the plugin created in SCORM Cloud, and the rules for changing them. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const courses = courseRepository(strapi);
  const config = () => getService(strapi, 'config').get();
  const cloud = () => getService(strapi, 'cloud').client();

  const findRow = (courseId: string): Promise<CourseRow | null> => courses.find(courseId);

  async function getRow(courseId: string): Promise<CourseRow> {
    const row = await findRow(courseId);
    if (!row) throw new NotFoundError(`There is no course ${courseId}.`, { courseId });
    return row;
  }

  /** A course a browser is uploading straight to the Cloud, still waiting to learn the import job. */
  async function awaitingDirectUpload(courseId: string): Promise<CourseRow> {
    const row = await getRow(courseId);
    if (!isAwaitingDirectUpload(row)) {
      throw new ConflictError(`Course ${courseId} is not waiting for a direct upload (it is ${row.status}).`, {
        code: 'NOT_AWAITING_TOKEN',
        status: row.status,
      });
    }
    return row;
  }

  const uploadLease = () => new Date(Date.now() + config().poller.leaseSeconds * 2000);

  return {
    findRow,
    getRow,

    async view(courseId: string): Promise<CourseView> {
      return toCourseView(await getRow(courseId));
    },

    async list(q: ListQuery): Promise<Page<CourseView>> {
      const where: Record<string, unknown> = {};
      if (q.status) where.status = q.status;
      if (q.q) where.$or = [{ title: { $containsi: q.q } }, { courseId: { $containsi: q.q } }];
      if (q.updatedFrom || q.updatedTo) {
        where.updatedAt = { ...(q.updatedFrom && { $gte: new Date(q.updatedFrom) }), ...(q.updatedTo && { $lt: endOf(q.updatedTo) }) };
      }
      const [field, direction] = q.sort.split(':');
      const order = direction as 'asc' | 'desc';
      const { rows, total } = await courses.page({ where, orderBy: [{ [field]: order }, { id: order }], page: q.page, pageSize: q.pageSize });
      return {
        data: rows.map(toCourseView),
        meta: { pagination: { page: q.page, pageSize: q.pageSize, total, pageCount: Math.ceil(total / q.pageSize) } },
      };
    },

    /**
     * The row exists before the Cloud hears of the package, so a crash mid-upload leaves a row to clean up rather than an unknown course in the Cloud. A new version takes over an
     * existing row, unless an upload or import of it is already under way.
     */
    async beginUpload(input: { courseId?: string; title?: string; packageName: string; owner: string; mode?: 'proxy' | 'direct' }): Promise<CourseRow> {
      const now = new Date();
      const lease =
        input.mode === 'direct'
          ? { leaseOwner: DIRECT_OWNER, leaseUntil: new Date(now.getTime() + config().upload.directUploadExpiryMinutes * 60_000) }
          : { leaseOwner: `upload:${input.owner}`, leaseUntil: uploadLease() };
      const fresh = startUpload({ packageName: input.packageName, title: input.title, lease }, now);
      if (!input.courseId) {
        return courses.create({
          courseId: newCourseId(),
          title: input.title ?? null,
          titleSource: input.title ? 'editor' : 'package',
          launchable: true,
          version: null,
          parserWarnings: [],
          ...fresh,
        });
      }
      const existing = await getRow(input.courseId);
      if (!(await courses.updateIf(existing.id, REPLACEABLE, fresh))) {
        throw new ConflictError(`Course ${input.courseId} is ${existing.status}; wait until it is ready or failed before uploading a new version.`, {
          code: 'COURSE_BUSY',
          status: existing.status,
        });
      }
      return getRow(input.courseId);
    },

    /** Keeps a proxy upload's lease alive while bytes flow, so the poller does not expire it. */
    async renewUploadLease(id: number): Promise<void> {
      await courses.updateIf(id, UPLOADING, { leaseUntil: uploadLease() });
    },

    async uploadSucceeded(id: number, token: string, bytes: number | null): Promise<CourseView> {
      await courses.updateIf(id, UPLOADING, uploaded(token, bytes, new Date(), config().poller));
      const row = await courses.findById(id);
      if (!row) throw new NotFoundError('The course was deleted during the upload.');
      return toCourseView(row);
    },

    /** A failed upload never leaves a course `uploading` or `importing`; one with a live version stays ready. */
    async uploadFailed(id: number, message: string, bytes: number | null): Promise<void> {
      const row = await courses.findById(id);
      if (!row) return;
      await courses.updateIf(id, UPLOADING, { ...failed(row, message, new Date()), ...(bytes !== null ? { packageBytes: bytes } : {}) });
    },

    /**
     * The editor cancelled (the browser left mid-upload): a new course leaves no row behind, nor anything in
     * the Cloud, and a new version leaves the course as it was before. Only while the row is still uploading:
     * a token that came in meanwhile means the Cloud has the package, and the import is followed as usual.
     */
    async uploadCancelled(id: number, previous: CourseRow | null): Promise<void> {
      if (previous) {
        await courses.updateIf(id, UPLOADING, uploadWithdrawn(previous, new Date()));
        return;
      }
      const row = await courses.findById(id);
      if (!row || row.status !== 'uploading') return;
      // The aborted import call normally leaves the Cloud without the course; should part of it have landed, it goes too.
      const client = cloud();
      await client.deleteCourse(row.courseId).catch(async (error: unknown) => {
        const unknownInCloud = error instanceof CloudApiError && (error.kind === 'not-found' || !(await client.courseExists(row.courseId).catch(() => true)));
        if (!unknownInCloud)
          strapi.log.warn(`[scorm-cloud] Course ${row.courseId} may stay in SCORM Cloud after its upload was cancelled: ${(error as Error).message}`);
      });
      await courses.removeIf(id, UPLOADING);
    },

    /** The editor cancelled a browser's own upload to the Cloud: its course goes as a cancelled proxy upload's does. */
    async withdrawDirectUpload(courseId: string): Promise<void> {
      const row = await awaitingDirectUpload(courseId);
      await this.uploadCancelled(row.id, null);
    },

    /**
     * A browser's own upload to the Cloud (`upload.mode: "direct"`): the course row awaiting it and where
     * to post. V1's fallback form post carries a `redirecturl` to the completion route, whose signed state
     * expires with the course's direct-upload lease (upload.directUploadExpiryMinutes).
     */
    async beginDirectUpload(input: { title?: string; filename: string; size?: number }): Promise<DirectUpload> {
      const settings = config().upload;
      if (settings.mode !== 'direct') {
        throw new ConflictError('Direct uploads are off (upload.mode is "proxy"): post the package to /scorm-cloud/courses.', {
          code: 'DIRECT_UPLOAD_DISABLED',
        });
      }
      if (input.size !== undefined && input.size > settings.maxBytes) {
        throw new PayloadTooLargeError(`The package is larger than the ${settings.maxBytes} bytes allowed (upload.maxBytes).`, { maxBytes: settings.maxBytes });
      }
      const client = cloud();
      const row = await this.beginUpload({ title: input.title, packageName: input.filename, owner: getService(strapi, 'poller').owner, mode: 'direct' });
      const expiresAt = row.leaseUntil ?? new Date(Date.now() + settings.directUploadExpiryMinutes * 60_000);
      const state = signDirectState(config(), row.courseId, expiresAt);
      const redirectUrl = getService(strapi, 'config').contentApiUrl(
        `/direct-uploads/${encodeURIComponent(row.courseId)}/complete?state=${encodeURIComponent(state)}`,
      );
      // Signed (V1) or minted (V2) now, right before the browser starts.
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
    },

    /** Courses being uploaded or imported, for the poller's health. */
    countInFlight: (): Promise<number> => courses.count(IN_FLIGHT),

    /** Asks the Cloud at once about a course being imported (the poller would on its next round). */
    async refresh(courseId: string): Promise<CourseView> {
      const row = await getRow(courseId);
      if (row.status === 'importing') await getService(strapi, 'courseImports').follower().refresh(row);
      return this.view(courseId);
    },

    uploadOptions(): UploadOptions {
      const { upload } = config();
      return { mode: upload.mode, maxBytes: upload.maxBytes };
    },

    async reportToken(courseId: string, token: string): Promise<CourseView> {
      const row = await awaitingDirectUpload(courseId);
      return this.uploadSucceeded(row.id, token, null);
    },

    /**
     * The Cloud's answer to a browser's own upload, as the page read it. The Cloud client reads it (only
     * it knows the format): a job starts the import, a refusal fails the course with the Cloud's words,
     * and anything that is not the Cloud's answer is refused with the course left waiting as it was.
     */
    async reportCloudAnswer(courseId: string, answer: DirectUploadAnswer): Promise<CourseView> {
      const row = await awaitingDirectUpload(courseId);
      let jobId: string;
      try {
        jobId = cloud().readDirectUploadAnswer(answer).jobId;
      } catch (error) {
        if (error instanceof CloudApiError) {
          await this.uploadFailed(row.id, `SCORM Cloud refused the package: ${error.cloudMessage}`, null);
          return toCourseView(await getRow(courseId));
        }
        throw new InputError(`This is not SCORM Cloud's answer to the upload of course ${courseId}: ${(error as Error).message}.`, { field: 'cloudAnswer' });
      }
      return this.uploadSucceeded(row.id, jobId, null);
    },

    /**
     * Where the Cloud sends the browser after a direct upload (its `redirecturl`). Nothing changes unless
     * the state is ours, unexpired and for this course, the Cloud names the same course, and the course
     * still waits for this upload: a replayed or forged URL can neither fail nor revive a course.
     */
    async completeDirectUpload(courseId: string, q: DirectCompleteQuery): Promise<CourseView> {
      const check = checkDirectState(config(), courseId, q.state);
      if (check !== 'valid') {
        throw new ForbiddenError(
          check === 'expired'
            ? `This upload link for course ${courseId} has expired (upload.directUploadExpiryMinutes); upload the package again.`
            : `This upload link is not valid for course ${courseId}.`,
          { reason: check },
        );
      }
      const success = q.success?.toLowerCase() === 'true';
      if (q.courseid !== undefined ? q.courseid !== courseId : success) {
        throw new InputError(`SCORM Cloud reported course ${q.courseid ?? '(none)'}, but this link is for course ${courseId}.`, { field: 'courseid' });
      }
      if (success && !q.tokenid) throw new InputError('SCORM Cloud reported success without an import token (tokenid).', { field: 'tokenid' });
      const row = await awaitingDirectUpload(courseId);
      if (success) return this.uploadSucceeded(row.id, q.tokenid as string, null);
      const reason = q.msg?.trim() || 'no message';
      await this.uploadFailed(row.id, `SCORM Cloud refused the package: ${reason}${q.errcode ? ` (error ${q.errcode})` : ''}`, null);
      return toCourseView(await getRow(courseId));
    },

    /** What the completion page says for this redirect from the Cloud: stored, refused by the Cloud, or refused here. */
    async directUploadOutcome(courseId: string, query: unknown): Promise<DirectUploadOutcome> {
      const page = adminCoursePage(strapi, courseId);
      try {
        if (!COURSE_ID_PATTERN.test(courseId)) throw new NotFoundError(`There is no course ${courseId}.`, { courseId });
        const view = await this.completeDirectUpload(courseId, validate(directCompleteQuery, query));
        const importing = view.status === 'importing';
        return {
          ...page,
          status: 200,
          heading: importing ? 'The package reached SCORM Cloud' : 'SCORM Cloud did not accept the package',
          detail: importing ? 'SCORM Cloud is importing it now; the course page follows the import.' : (view.error ?? 'The upload failed.'),
          message: { courseId, status: view.status, error: view.error ?? null },
        };
      } catch (error) {
        if (!(error instanceof PluginError)) throw error;
        return {
          ...page,
          status: error.status,
          heading: 'This upload could not be completed',
          detail: error.message,
          message: { courseId, status: null, error: error.message, code: error.code },
        };
      }
    },

    async update(courseId: string, input: { title?: string; launchable?: boolean }): Promise<CourseView> {
      const row = await getRow(courseId);
      await courses.update(row.id, {
        ...(input.title !== undefined ? { title: input.title, titleSource: 'editor' as const } : {}),
        ...(input.launchable !== undefined ? { launchable: input.launchable } : {}),
      });
      return toCourseView(await getRow(courseId));
    },

    /** Deletes in the Cloud first (unknown there is fine), then locally, with the course's registrations. */
    async remove(courseId: string, options: { force: boolean }): Promise<void> {
      const row = await getRow(courseId);
      const registrations = row.registrationsCount;
      if (registrations > 0 && !options.force) {
        throw new ConflictError(`Course ${courseId} has ${registrations} registration(s); deleting it deletes them too. Confirm with force=true.`, {
          code: 'HAS_REGISTRATIONS',
          registrations,
        });
      }
      const client = cloud();
      await courses.update(row.id, { status: 'deleting' });
      try {
        await client.deleteCourse(courseId);
      } catch (error) {
        const unknownInCloud = error instanceof CloudApiError && (error.kind === 'not-found' || !(await client.courseExists(courseId).catch(() => true)));
        if (!unknownInCloud) {
          await courses.update(row.id, { status: row.status });
          throw new UpstreamError(
            `SCORM Cloud did not delete course ${courseId}: ${error instanceof CloudApiError ? error.cloudMessage : error instanceof CloudError ? error.message : String(error)}`,
          );
        }
      }
      if (registrations > 0) await registrationRepository(strapi).removeForCourse(row.id);
      await courses.remove(row.id);
    },

    /** Content API: only what learners may launch. */
    async publicList(page: number, pageSize: number): Promise<Page<PublicCourse>> {
      const where = { status: 'ready', launchable: true };
      const { rows, total } = await courses.page({ where, orderBy: [{ title: 'asc' }, { id: 'asc' }], page, pageSize });
      return { data: rows.map(toPublicCourse), meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } } };
    },

    async publicGet(courseId: string): Promise<PublicCourse> {
      const row = await courses.find(courseId, { status: 'ready', launchable: true });
      if (!row) throw new NotFoundError(`There is no launchable course ${courseId}.`, { courseId });
      return toPublicCourse(row);
    },
  };
};
