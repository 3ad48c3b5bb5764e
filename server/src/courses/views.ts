import type { CourseStatus, CourseView, PublicCourse } from '../contracts/courses';

export type { CourseStatus, CourseView, PublicCourse };

export const COURSE_UID = 'plugin::scorm-cloud.course';

/** A course row as the query engine returns it (biginteger columns come back as strings on PostgreSQL and MySQL). */
export interface CourseRow {
  id: number;
  documentId: string;
  courseId: string;
  title: string | null;
  titleSource: 'editor' | 'package' | null;
  status: CourseStatus;
  importToken: string | null;
  importProgress: number | null;
  importMessage: string | null;
  parserWarnings: unknown;
  error: string | null;
  packageName: string | null;
  packageBytes: number | string | null;
  version: number | null;
  launchable: boolean;
  importStartedAt: Date | string | null;
  importFinishedAt: Date | string | null;
  nextPollAt: Date | string | null;
  pollAttempts: number | null;
  leaseOwner: string | null;
  leaseUntil: Date | string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
  registrations?: { count: number } | unknown[];
}

const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());

const registrationsCount = (row: CourseRow): number => {
  const r = row.registrations;
  if (Array.isArray(r)) return r.length;
  if (r && typeof r === 'object' && 'count' in r) return Number(r.count) || 0;
  return 0;
};

export function toCourseView(row: CourseRow): CourseView {
  return {
    documentId: row.documentId,
    courseId: row.courseId,
    title: row.title ?? null,
    status: row.status,
    importProgress: row.importProgress ?? null,
    importMessage: row.importMessage ?? null,
    parserWarnings: Array.isArray(row.parserWarnings) ? row.parserWarnings.map(String) : [],
    error: row.error ?? null,
    packageName: row.packageName ?? null,
    packageBytes: row.packageBytes == null ? null : Number(row.packageBytes),
    version: row.version ?? null,
    launchable: Boolean(row.launchable),
    registrationsCount: registrationsCount(row),
    importStartedAt: iso(row.importStartedAt),
    importFinishedAt: iso(row.importFinishedAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export const toPublicCourse = (row: CourseRow): PublicCourse => ({
  courseId: row.courseId,
  title: row.title ?? null,
  version: row.version ?? null,
  updatedAt: iso(row.updatedAt)!,
});
