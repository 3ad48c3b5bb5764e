import type { Core } from '@strapi/strapi';
import type { CoursePreview } from '../contracts/courses';
import { ConflictError, NotFoundError } from '../errors';
import { cloudFailure } from '../utils/cloud-failure';
import { getService } from '../utils/get-service';
import { adminCoursePage } from './admin-links';
import { courseRepository } from './repository';

/**
 * Editors play a course as a learner would, through SCORM Cloud's preview: no registration is made and
 * nothing is tracked, so a preview never shows in reports or counts against the account's registrations.
 * The player sends the editor back to the course's admin page on exit.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async preview(courseId: string, options: { version?: number } = {}): Promise<CoursePreview> {
    const course = await courseRepository(strapi).find(courseId);
    if (!course) throw new NotFoundError(`There is no course ${courseId}.`, { courseId });
    // A course whose first import has not finished (or failed) has nothing in the Cloud to play.
    if (course.version === null) {
      throw new ConflictError(`Course ${courseId} has no imported version in SCORM Cloud yet, so there is nothing to preview.`, { courseId });
    }
    // Versions are counted from the first import up to the live one; a V1 link is only signed, so an unknown
    // version would otherwise surface as an error page in the player rather than here.
    if (options.version !== undefined && options.version > course.version) {
      throw new NotFoundError(`Course ${courseId} has no version ${options.version}: its live version is ${course.version}.`, {
        courseId,
        version: options.version,
      });
    }
    const cloud = getService(strapi, 'cloud').client();
    try {
      const link = await cloud.previewLink(courseId, { redirectUrl: adminCoursePage(strapi, courseId).coursePage, version: options.version });
      return { url: link.url, expiresAt: link.expiresAt.toISOString() };
    } catch (error) {
      throw cloudFailure(error, 'preview the course');
    }
  },
});
