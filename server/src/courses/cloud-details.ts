import type { Core } from '@strapi/strapi';
import type { CourseCloudDetails } from '../contracts/courses';
import { NotFoundError } from '../errors';
import { cloudFailure } from '../utils/cloud-failure';
import { getService } from '../utils/get-service';
import { courseRepository } from './repository';

/**
 * What only SCORM Cloud knows of a course, read when its page opens: the learning standard and every
 * version with its date. Nothing here is stored, so it is never stale; a course the Cloud does not have
 * yet (uploading, or a failed first import) has no details.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async details(courseId: string): Promise<CourseCloudDetails> {
    const course = await courseRepository(strapi).find(courseId);
    if (!course) throw new NotFoundError(`There is no course ${courseId}.`, { courseId });
    if (course.version === null) return { learningStandard: null, versions: [] };
    const cloud = getService(strapi, 'cloud').client();
    try {
      const [info, versions] = await Promise.all([cloud.getCourse(courseId), cloud.getCourseVersions(courseId)]);
      return {
        learningStandard: info.learningStandard ?? null,
        versions: versions
          .sort((a, b) => b.version - a.version)
          .map((v) => ({ version: v.version, updatedAt: v.updatedAt?.toISOString() ?? null, live: v.version === course.version })),
      };
    } catch (error) {
      throw cloudFailure(error, 'describe the course');
    }
  },
});
