import type { Core } from '@strapi/strapi';
import type { CloudCourse, CloudCourseActivities, CloudCourseVersion, CloudRegistration } from '../cloud/api';
import type { CourseCloudDetails } from '../contracts/courses';
import { NotFoundError } from '../errors';
import { cloudFailure } from '../utils/cloud-failure';
import { registrationRepository } from '../registrations/repository';
import { getService } from '../utils/get-service';
import { courseRepository } from './repository';

/** How many of a version's registrations are named on the page; the others are counted ("and n more"). */
export const VERSION_REGISTRATIONS_SHOWN = 10;

/**
 * How many of the course's registrations are read from the Cloud to count them per version: ten V2 pages.
 * A course with more says its counts are partial rather than make every page view page through them all.
 */
export const REGISTRATIONS_COUNTED = 1000;

type Version = CourseCloudDetails['versions'][number];

/** Newest first, as the Cloud dates them; undated ones after, by ID so the page does not reshuffle. */
const newestFirst = (a: CloudRegistration, b: CloudRegistration): number =>
  (b.createdAt?.getTime() ?? -Infinity) - (a.createdAt?.getTime() ?? -Infinity) || a.id.localeCompare(b.id);

/**
 * What only SCORM Cloud knows of a course, read when its page opens: the learning standard, the live
 * version's SCOs and assets, and every version with its date and the registrations on it. Nothing here
 * is stored, so it is never stale; a course the Cloud does not have yet (uploading, or a failed first
 * import) has no details. Which version a registration is on is the Cloud's to say: a new version
 * leaves existing registrations where they were.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async details(courseId: string): Promise<CourseCloudDetails> {
    const course = await courseRepository(strapi).find(courseId);
    if (!course) throw new NotFoundError(`There is no course ${courseId}.`, { courseId });
    if (course.version === null) return { learningStandard: null, activities: null, versions: [], registrationsPartial: false };
    const cloud = getService(strapi, 'cloud').client();
    let answers: [CloudCourse, CloudCourseVersion[], CloudCourseActivities | undefined, CloudRegistration[]];
    try {
      answers = await Promise.all([
        cloud.getCourse(courseId),
        cloud.getCourseVersions(courseId),
        cloud.getCourseActivities(courseId, course.version),
        cloud.listRegistrations({ courseId, limit: REGISTRATIONS_COUNTED }),
      ]);
    } catch (error) {
      throw cloudFailure(error, 'describe the course');
    }
    const [info, versions, activities, registrations] = answers;
    const byVersion = new Map<number, CloudRegistration[]>();
    for (const r of registrations) {
      if (r.courseVersion === undefined) continue;
      const list = byVersion.get(r.courseVersion);
      if (list) list.push(r);
      else byVersion.set(r.courseVersion, [r]);
    }
    const shown = new Map([...byVersion].map(([v, list]) => [v, list.sort(newestFirst).slice(0, VERSION_REGISTRATIONS_SHOWN)]));
    const rows = await registrationRepository(strapi).learnersOf([...shown.values()].flat().map((r) => r.id));
    const registrationsOf = (version: number): Version['registrations'] =>
      (shown.get(version) ?? []).map((r) => {
        const row = rows.get(r.id);
        return row
          ? { ...row, inStrapi: true }
          : {
              registrationId: r.id,
              learnerId: r.learnerId,
              learnerFirstName: r.learnerFirstName ?? null,
              learnerLastName: r.learnerLastName ?? null,
              inStrapi: false,
            };
      });
    return {
      learningStandard: info.learningStandard ?? null,
      activities: activities ? { scos: activities.scos, assets: activities.assets } : null,
      registrationsPartial: registrations.length >= REGISTRATIONS_COUNTED,
      versions: versions
        .sort((a, b) => b.version - a.version)
        .map((v) => ({
          version: v.version,
          updatedAt: v.updatedAt?.toISOString() ?? null,
          live: v.version === course.version,
          registrationCount: byVersion.get(v.version)?.length ?? 0,
          registrations: registrationsOf(v.version),
        })),
    };
  },
});
