import type { CourseStatus, CourseView, PublicCourse } from '../contracts/courses';
import type { CourseRow } from './repository';

export type { CourseStatus, CourseView, PublicCourse };

const iso = (d: Date | null): string | null => (d == null ? null : d.toISOString());

/** What the admin sees of a course: never the import token or the poller's lease. */
export function toCourseView(row: CourseRow): CourseView {
  return {
    documentId: row.documentId,
    courseId: row.courseId,
    title: row.title,
    status: row.status,
    importProgress: row.importProgress,
    importMessage: row.importMessage,
    parserWarnings: row.parserWarnings,
    error: row.error,
    packageName: row.packageName,
    packageBytes: row.packageBytes,
    version: row.version,
    launchable: row.launchable,
    registrationsCount: row.registrationsCount,
    importStartedAt: iso(row.importStartedAt),
    importFinishedAt: iso(row.importFinishedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What a site frontend sees of a launchable course. */
export const toPublicCourse = (row: CourseRow): PublicCourse => ({
  courseId: row.courseId,
  title: row.title,
  version: row.version,
  updatedAt: row.updatedAt.toISOString(),
});
