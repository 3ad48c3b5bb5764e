import type { Core } from '@strapi/strapi';
import type { CourseStatus } from '../contracts/courses';
import { claimRow, updateLeased } from '../poller/lease';

export const COURSE_UID = 'plugin::scorm-cloud.course';

/**
 * A course as stored, with what the three databases return differently smoothed out here once: bigint
 * columns come back as strings on PostgreSQL and MySQL, dates as strings on SQLite, the registrations
 * relation as a count object.
 */
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
  parserWarnings: string[];
  error: string | null;
  packageName: string | null;
  packageBytes: number | null;
  version: number | null;
  launchable: boolean;
  importStartedAt: Date | null;
  importFinishedAt: Date | null;
  nextPollAt: Date | null;
  pollAttempts: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
  registrationsCount: number;
}

/** The columns services write; `id`, `documentId`, `createdAt` and the count are the database's. */
export type CourseData = Partial<Omit<CourseRow, 'id' | 'documentId' | 'createdAt' | 'registrationsCount'>>;

/** Query-engine conditions on course columns (`{ status: 'importing', $or: [...] }`). */
export type CourseWhere = Record<string, unknown>;

export interface CourseLease {
  owner: string;
  leaseSeconds: number;
  /** Conditions the row must still meet when claimed. */
  where?: CourseWhere;
  now?: Date;
}

type Raw = Record<string, unknown>;

const date = (value: unknown): Date | null => (value == null ? null : new Date(value as string | number | Date));
const int = (value: unknown): number | null => (value == null ? null : Number(value));

function countOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object' && 'count' in value) return Number((value as { count: unknown }).count) || 0;
  return 0;
}

export function toCourseRow(raw: Raw): CourseRow {
  return {
    id: Number(raw.id),
    documentId: String(raw.documentId),
    courseId: String(raw.courseId),
    title: (raw.title as string | null) ?? null,
    titleSource: (raw.titleSource as CourseRow['titleSource']) ?? null,
    status: raw.status as CourseStatus,
    importToken: (raw.importToken as string | null) ?? null,
    importProgress: int(raw.importProgress),
    importMessage: (raw.importMessage as string | null) ?? null,
    parserWarnings: Array.isArray(raw.parserWarnings) ? raw.parserWarnings.map(String) : [],
    error: (raw.error as string | null) ?? null,
    packageName: (raw.packageName as string | null) ?? null,
    packageBytes: int(raw.packageBytes),
    version: int(raw.version),
    launchable: Boolean(raw.launchable),
    importStartedAt: date(raw.importStartedAt),
    importFinishedAt: date(raw.importFinishedAt),
    nextPollAt: date(raw.nextPollAt),
    pollAttempts: int(raw.pollAttempts) ?? 0,
    leaseOwner: (raw.leaseOwner as string | null) ?? null,
    leaseUntil: date(raw.leaseUntil),
    createdAt: date(raw.createdAt) as Date,
    updatedAt: date(raw.updatedAt) as Date,
    registrationsCount: countOf(raw.registrations),
  };
}

const withCount = { registrations: { count: true } } as const;

/** The only code that reads or writes course rows. */
export function courseRepository(strapi: Core.Strapi) {
  const query = () => strapi.db.query(COURSE_UID);
  const one = (raw: unknown): CourseRow | null => (raw ? toCourseRow(raw as Raw) : null);

  return {
    async find(courseId: string, where: CourseWhere = {}): Promise<CourseRow | null> {
      return one(await query().findOne({ where: { ...where, courseId }, populate: withCount }));
    },

    /** The row id of a course, without counting its registrations (filters need only the id). */
    async idOf(courseId: string): Promise<number | null> {
      const row = (await query().findOne({ where: { courseId }, select: ['id'] })) as { id?: number } | null;
      return row?.id ?? null;
    },

    async findById(id: number): Promise<CourseRow | null> {
      return one(await query().findOne({ where: { id }, populate: withCount }));
    },

    async page(options: {
      where: CourseWhere;
      orderBy: Record<string, 'asc' | 'desc'>[];
      page: number;
      pageSize: number;
    }): Promise<{ rows: CourseRow[]; total: number }> {
      const [rows, total] = await Promise.all([
        query().findMany({
          where: options.where,
          orderBy: options.orderBy,
          offset: (options.page - 1) * options.pageSize,
          limit: options.pageSize,
          populate: withCount,
        }),
        query().count({ where: options.where }),
      ]);
      return { rows: (rows as Raw[]).map(toCourseRow), total };
    },

    async findMany(where: CourseWhere, options: { orderBy?: Record<string, 'asc' | 'desc'>[]; limit?: number } = {}): Promise<CourseRow[]> {
      return ((await query().findMany({ where, ...options })) as Raw[]).map(toCourseRow);
    },

    count(where: CourseWhere): Promise<number> {
      return query().count({ where });
    },

    async create(data: CourseData & { courseId: string }): Promise<CourseRow> {
      return toCourseRow((await query().create({ data, populate: withCount })) as Raw);
    },

    async update(id: number, data: CourseData): Promise<void> {
      await query().update({ where: { id }, data });
    },

    /** Writes `data` only while the row still meets `where` (one conditional UPDATE); true when it did. */
    async updateIf(id: number, where: CourseWhere, data: CourseData): Promise<boolean> {
      const { count } = await query().updateMany({ where: { ...where, id }, data });
      return count === 1;
    },

    /** Takes the row's lease if it is free or expired (and the row meets `where`): of racing instances exactly one wins. */
    claim(id: number, lease: CourseLease): Promise<boolean> {
      return claimRow(strapi, COURSE_UID, id, lease);
    },

    /** Writes `data` only while `owner` still holds the lease (it may have expired and been taken over). */
    updateLeased(id: number, owner: string, data: CourseData): Promise<boolean> {
      return updateLeased(strapi, COURSE_UID, id, owner, data);
    },

    async remove(id: number): Promise<void> {
      await query().delete({ where: { id } });
    },

    /** Deletes the row only while it still meets `where` (one conditional DELETE); true when it did. */
    async removeIf(id: number, where: CourseWhere): Promise<boolean> {
      const { count } = await query().deleteMany({ where: { ...where, id } });
      return count === 1;
    },
  };
}

export type CourseRepository = ReturnType<typeof courseRepository>;
