import type { Core } from '@strapi/strapi';
import type { Completion, Success } from '../cloud/types';
import type { CourseStatus } from '../contracts/courses';
import type { OverrideHistoryEntry } from '../contracts/registrations';
import type { ReportSource } from '../results/merge';
import { COURSE_UID } from '../courses/repository';
import { learnerIdForUser } from './ids';

export const REGISTRATION_UID = 'plugin::scorm-cloud.registration';

/** The course a registration belongs to, as far as launching and views need it. */
export interface RegistrationCourse {
  id: number;
  documentId: string;
  courseId: string;
  title: string | null;
  status: CourseStatus;
  launchable: boolean;
}

/**
 * A registration as stored, with what the three databases return differently smoothed out here once:
 * decimals and bigints come back as strings on PostgreSQL and MariaDB, dates as strings on SQLite, JSON
 * columns as text on some drivers.
 */
export interface RegistrationRow {
  id: number;
  documentId: string;
  registrationId: string;
  course: RegistrationCourse | null;
  learnerId: string;
  learnerFirstName: string | null;
  learnerLastName: string | null;
  learnerEmail: string | null;
  userDocumentId: string | null;
  attempt: number;
  attemptKey: string | null;
  cloudStatus: 'creating' | 'active' | 'failed' | 'deleted';
  cloudComplete: Completion;
  cloudSuccess: Success;
  cloudScore: number | null;
  cloudTotalTime: number;
  instanceId: number;
  cloudUpdatedAt: Date | null;
  reportedAt: Date | null;
  reportSource: ReportSource | null;
  reportDetail: unknown;
  overrideComplete: Completion | null;
  overrideSuccess: Success | null;
  overrideScore: number | null;
  overrideReason: string | null;
  overriddenBy: string | null;
  overriddenAt: Date | null;
  overrideHistory: OverrideHistoryEntry[];
  complete: Completion;
  success: Success;
  score: number | null;
  launchCount: number;
  lastLaunchedAt: Date | null;
  returnUrl: string | null;
  lastRefreshRequestedAt: Date | null;
  /** null for registrations made before it was recorded: `postback.authType` applies. */
  postbackAuthType: 'form' | 'httpbasic' | null;
  launchTicketHash: string | null;
  launchTicketExpiresAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/**
 * What a launch reads: who owns the registration, whether it is active, and its course. Not the
 * report detail (the Cloud's activity tree, often the largest column) nor the override history, which
 * every launch would otherwise parse and throw away.
 */
export type LaunchTarget = Pick<RegistrationRow, 'id' | 'registrationId' | 'learnerId' | 'userDocumentId' | 'cloudStatus' | 'course'>;
const LAUNCH_COLUMNS = ['id', 'registrationId', 'learnerId', 'userDocumentId', 'cloudStatus'];
const COURSE_COLUMNS = ['id', 'documentId', 'courseId', 'title', 'status', 'launchable'];

/** The columns services write; the course is given by its documentId on creation. */
export type RegistrationData = Partial<Omit<RegistrationRow, 'id' | 'documentId' | 'course' | 'createdAt'>>;

/** The admin list's filters; `courseRowId` is the course row's id. */
export interface RegistrationFilter {
  courseRowId?: number;
  learnerId?: string;
  userDocumentId?: string;
  complete?: Completion;
  success?: Success;
  /** Case-insensitive substring of the registration ID, learner ID, names or e-mail. */
  search?: string;
  /** Last launched at or after this instant, and before this one. */
  launchedFrom?: Date;
  launchedBefore?: Date;
}

const SEARCHED = ['registrationId', 'learnerId', 'learnerFirstName', 'learnerLastName', 'learnerEmail'] as const;
type Searched = Partial<Record<(typeof SEARCHED)[number], string | null>>;

/** What the search matches, lower-cased once on write (JavaScript's lower case, for every alphabet). */
export const searchTextOf = (row: Searched): string => SEARCHED.map((field) => (row[field] ?? '').toLowerCase()).join('\n');
const touchesSearch = (data: object): boolean => SEARCHED.some((field) => field in data);

/** `%` and `_` in a search are the characters themselves, not LIKE's wildcards. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Query-engine conditions on registration columns (`{ learnerId, course: { courseId } }`). */
export type RegistrationWhere = Record<string, unknown>;

type Raw = Record<string, unknown>;

const date = (value: unknown): Date | null => (value === null || value === undefined || value === '' ? null : new Date(value as string | number | Date));
const num = (value: unknown): number | null => (value === null || value === undefined || value === '' ? null : Number(value));
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function json(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function toCourse(raw: unknown): RegistrationCourse | null {
  if (!raw || typeof raw !== 'object') return null;
  const c = raw as Raw;
  return {
    id: Number(c.id),
    documentId: String(c.documentId),
    courseId: String(c.courseId),
    title: str(c.title),
    status: c.status as CourseStatus,
    launchable: Boolean(c.launchable),
  };
}

export function toRegistrationRow(raw: Raw): RegistrationRow {
  const history = json(raw.overrideHistory);
  return {
    id: Number(raw.id),
    documentId: String(raw.documentId),
    registrationId: String(raw.registrationId),
    course: toCourse(raw.course),
    learnerId: String(raw.learnerId),
    learnerFirstName: str(raw.learnerFirstName),
    learnerLastName: str(raw.learnerLastName),
    learnerEmail: str(raw.learnerEmail),
    userDocumentId: str(raw.userDocumentId),
    attempt: num(raw.attempt) ?? 1,
    attemptKey: str(raw.attemptKey),
    cloudStatus: String(raw.cloudStatus) as RegistrationRow['cloudStatus'],
    cloudComplete: (raw.cloudComplete ?? 'unknown') as Completion,
    cloudSuccess: (raw.cloudSuccess ?? 'unknown') as Success,
    cloudScore: num(raw.cloudScore),
    cloudTotalTime: num(raw.cloudTotalTime) ?? 0,
    instanceId: num(raw.instanceId) ?? 0,
    cloudUpdatedAt: date(raw.cloudUpdatedAt),
    reportedAt: date(raw.reportedAt),
    reportSource: (raw.reportSource ?? null) as ReportSource | null,
    reportDetail: json(raw.reportDetail),
    overrideComplete: (raw.overrideComplete ?? null) as Completion | null,
    overrideSuccess: (raw.overrideSuccess ?? null) as Success | null,
    overrideScore: num(raw.overrideScore),
    overrideReason: str(raw.overrideReason),
    overriddenBy: str(raw.overriddenBy),
    overriddenAt: date(raw.overriddenAt),
    overrideHistory: Array.isArray(history) ? (history as OverrideHistoryEntry[]) : [],
    complete: (raw.complete ?? 'unknown') as Completion,
    success: (raw.success ?? 'unknown') as Success,
    score: num(raw.score),
    launchCount: num(raw.launchCount) ?? 0,
    lastLaunchedAt: date(raw.lastLaunchedAt),
    returnUrl: str(raw.returnUrl),
    lastRefreshRequestedAt: date(raw.lastRefreshRequestedAt),
    postbackAuthType: raw.postbackAuthType === 'form' || raw.postbackAuthType === 'httpbasic' ? raw.postbackAuthType : null,
    launchTicketHash: str(raw.launchTicketHash),
    launchTicketExpiresAt: date(raw.launchTicketExpiresAt),
    createdAt: date(raw.createdAt),
    updatedAt: date(raw.updatedAt),
  };
}

const withCourse = { course: true } as const;

/** Whether any string (key or value) of a JSON value holds a NUL; walks without allocating. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}

/** Replaces NUL characters in every string of a JSON value: PostgreSQL's jsonb cannot hold one. */
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.split('\u0000').join('\uFFFD');
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k) as string, withoutNul(v)]));
  return value;
}

/**
 * What may be written as given: a report's detail is the Cloud's activity tree, where a learner's
 * suspend data or a course title may hold a NUL, which the report keeps as U+FFFD. Every postback writes
 * one, so the usual detail without a NUL is passed on as it is.
 */
const storable = (data: RegistrationData): RegistrationData =>
  data.reportDetail == null || !hasNul(data.reportDetail) ? data : { ...data, reportDetail: withoutNul(data.reportDetail) };

/** The only code that reads or writes registration rows. */
export function registrationRepository(strapi: Core.Strapi) {
  const query = () => strapi.db.query(REGISTRATION_UID);
  const one = (raw: unknown): RegistrationRow | null => (raw ? toRegistrationRow(raw as Raw) : null);
  const many = (raws: unknown): RegistrationRow[] => (raws as Raw[]).map(toRegistrationRow);
  const columnOf = (uid: string, name: string): string => {
    const attribute = strapi.db.metadata.get(uid as typeof REGISTRATION_UID).attributes[name] as { columnName?: string } | undefined;
    return attribute?.columnName ?? name;
  };
  const column = (name: string): string => columnOf(REGISTRATION_UID, name);
  const tableName = () => strapi.db.metadata.get(REGISTRATION_UID).tableName;
  /** The link table between a registration and its course (Strapi v5 keeps every relation in one). */
  const courseLink = () =>
    (
      strapi.db.metadata.get(REGISTRATION_UID).attributes.course as unknown as {
        joinTable: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
      }
    ).joinTable;
  /** Not asked since `cutoff` (or never): the condition of every refresh claim. */
  const notAskedSince = (cutoff: Date, inclusive: boolean) => ({
    $or: [{ lastRefreshRequestedAt: null }, { lastRefreshRequestedAt: inclusive ? { $lte: cutoff } : { $lt: cutoff } }],
  });

  const repository = {
    async find(registrationId: string): Promise<RegistrationRow | null> {
      return one(await query().findOne({ where: { registrationId }, populate: withCourse }));
    },

    /**
     * One statement with its course joined: every launch reads this, and the query engine's populate
     * would be a second query, planned and hydrated again, for six columns.
     */
    async findLaunchTarget(registrationId: string): Promise<LaunchTarget | null> {
      const link = courseLink();
      const courses = strapi.db.metadata.get(COURSE_UID);
      const raw = (await strapi.db
        .connection({ r: tableName() })
        .leftJoin({ l: link.name }, `l.${link.joinColumn.name}`, 'r.id')
        .leftJoin({ c: courses.tableName }, 'c.id', `l.${link.inverseJoinColumn.name}`)
        .where(`r.${column('registrationId')}`, registrationId)
        .first({
          ...Object.fromEntries(LAUNCH_COLUMNS.map((name) => [name, `r.${column(name)}`])),
          ...Object.fromEntries(COURSE_COLUMNS.map((name) => [`course_${name}`, `c.${columnOf(COURSE_UID, name)}`])),
        })) as Raw | undefined;
      if (!raw) return null;
      const course =
        raw.course_id === null || raw.course_id === undefined ? null : Object.fromEntries(COURSE_COLUMNS.map((name) => [name, raw[`course_${name}`]]));
      return {
        id: Number(raw.id),
        registrationId: String(raw.registrationId),
        learnerId: String(raw.learnerId),
        userDocumentId: str(raw.userDocumentId),
        cloudStatus: String(raw.cloudStatus) as RegistrationRow['cloudStatus'],
        course: toCourse(course),
      };
    },

    async findByAttemptKey(attemptKey: string): Promise<RegistrationRow | null> {
      return one(await query().findOne({ where: { attemptKey }, populate: withCourse }));
    },

    /** How the registration's postbacks were set up to arrive; undefined when there is no such registration. */
    async postbackAuthTypeOf(registrationId: string): Promise<RegistrationRow['postbackAuthType'] | undefined> {
      const row = (await query().findOne({ where: { registrationId }, select: ['postbackAuthType'] })) as Raw | null;
      return row ? toRegistrationRow(row).postbackAuthType : undefined;
    },

    async exists(registrationId: string): Promise<boolean> {
      return Boolean(await query().findOne({ where: { registrationId }, select: ['id'] }));
    },

    /** The learner's latest attempt at a course, or null. */
    async latestFor(courseId: string, learnerId: string): Promise<RegistrationRow | null> {
      return one(await query().findOne({ where: { learnerId, course: { courseId } }, orderBy: { attempt: 'desc' }, populate: withCourse }));
    },

    async findMany(
      where: RegistrationWhere,
      options: { orderBy?: Record<string, 'asc' | 'desc'>[]; limit?: number; withCourse?: boolean } = {},
    ): Promise<RegistrationRow[]> {
      return many(await query().findMany({ where, orderBy: options.orderBy, limit: options.limit, ...(options.withCourse ? { populate: withCourse } : {}) }));
    },

    /** A users-permissions user's registrations: linked to them, or made under their learner ID before links existed. */
    ofUser(userDocumentId: string, options: { orderBy?: Record<string, 'asc' | 'desc'>[]; withCourse?: boolean } = {}): Promise<RegistrationRow[]> {
      return repository.findMany({ $or: [{ userDocumentId }, { learnerId: learnerIdForUser(userDocumentId) }] }, options);
    },

    /** Who each of these registrations is for, by registration ID; IDs with no row are left out. */
    async learnersOf(
      registrationIds: string[],
    ): Promise<Map<string, Pick<RegistrationRow, 'registrationId' | 'learnerId' | 'learnerFirstName' | 'learnerLastName'>>> {
      if (!registrationIds.length) return new Map();
      const rows = (await query().findMany({
        where: { registrationId: { $in: registrationIds } },
        select: ['registrationId', 'learnerId', 'learnerFirstName', 'learnerLastName'],
      })) as Raw[];
      return new Map(
        rows.map((r) => [
          String(r.registrationId),
          {
            registrationId: String(r.registrationId),
            learnerId: String(r.learnerId),
            learnerFirstName: str(r.learnerFirstName),
            learnerLastName: str(r.learnerLastName),
          },
        ]),
      );
    },

    async count(where: RegistrationWhere): Promise<number> {
      return Number(await query().count({ where }));
    },

    /** Up to `limit` row IDs and registration IDs matching `where` after row `afterId`, in row order: a job's next batch. */
    async idsAfter(where: RegistrationWhere, afterId: number, limit: number): Promise<Array<{ id: number; registrationId: string }>> {
      const rows = (await query().findMany({
        where: { $and: [where, { id: { $gt: afterId } }] },
        select: ['id', 'registrationId'],
        orderBy: { id: 'asc' },
        limit,
      })) as Raw[];
      return rows.map((r) => ({ id: Number(r.id), registrationId: String(r.registrationId) }));
    },

    /**
     * One page of the admin list and the total, in SQL of its own: the query engine filters by course
     * through two joins and counts `distinct` over them, which at 100 000 rows costs more than the page.
     * Here the course is one `EXISTS` on the link table's index, the count a plain `count(*)` of one
     * table, and the page's IDs come first so that only its rows are read with their course.
     */
    async page(options: {
      filter: RegistrationFilter;
      sort: { field: string; direction: 'asc' | 'desc' };
      page: number;
      pageSize: number;
      /** false: no total (an export reads page after page and needs none). */
      count?: boolean;
    }): Promise<{ rows: RegistrationRow[]; total: number }> {
      const knex = strapi.db.connection;
      const table = tableName();
      const link = courseLink();
      const { filter } = options;
      const filtered = () => {
        const qb = knex(table);
        if (filter.courseRowId !== undefined) {
          qb.whereExists(
            knex(link.name)
              .select(knex.raw('1'))
              .whereRaw('??.?? = ??.??', [link.name, link.joinColumn.name, table, 'id'])
              .andWhere(`${link.name}.${link.inverseJoinColumn.name}`, filter.courseRowId),
          );
        }
        if (filter.learnerId) qb.where(column('learnerId'), filter.learnerId);
        if (filter.userDocumentId) qb.where(column('userDocumentId'), filter.userDocumentId);
        if (filter.complete) qb.where(column('complete'), filter.complete);
        if (filter.success) qb.where(column('success'), filter.success);
        if (filter.launchedFrom) qb.where(column('lastLaunchedAt'), '>=', filter.launchedFrom);
        if (filter.launchedBefore) qb.where(column('lastLaunchedAt'), '<', filter.launchedBefore);
        if (filter.search) qb.whereRaw('?? LIKE ? ESCAPE ?', [`${table}.${column('searchText')}`, likePattern(filter.search), '\\']);
        return qb;
      };
      // The course alone: its registrations are counted on the link table's own index, not by a semi-join
      // over every registration (at 100 000 rows in one course, most of the page's time on PostgreSQL).
      const onlyCourse =
        filter.courseRowId !== undefined &&
        !filter.learnerId &&
        !filter.userDocumentId &&
        !filter.complete &&
        !filter.success &&
        !filter.search &&
        !filter.launchedFrom &&
        !filter.launchedBefore;
      const counting = onlyCourse
        ? knex(link.name).where(link.inverseJoinColumn.name, filter.courseRowId).count({ count: '*' })
        : filtered().count({ count: '*' });
      const { field, direction } = options.sort;
      const [idRows, counted] = await Promise.all([
        filtered()
          .select(`${table}.id`)
          .orderBy([
            { column: `${table}.${column(field)}`, order: direction },
            { column: `${table}.id`, order: direction },
          ])
          .offset((options.page - 1) * options.pageSize)
          .limit(options.pageSize),
        options.count === false ? Promise.resolve([{ count: -1 }]) : counting,
      ]);
      const ids = (idRows as Array<{ id: number | string }>).map((r) => Number(r.id));
      const found = ids.length ? many(await query().findMany({ where: { id: { $in: ids } }, populate: withCourse })) : [];
      const byId = new Map(found.map((row) => [row.id, row]));
      return { rows: ids.flatMap((id) => byId.get(id) ?? []), total: Number((counted as Array<{ count: number | string }>)[0]?.count ?? 0) };
    },

    /** Runs `work` in one database transaction: a throw rolls back every row written in it. */
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      return (await strapi.db.transaction(() => work())) as T;
    },

    /** A new row; `course` is the course's documentId (the Document Service links it). */
    async create(data: RegistrationData & { registrationId: string; course: string }): Promise<{ id: number }> {
      const row = await strapi.documents(REGISTRATION_UID).create({ data: { ...data, searchText: searchTextOf(data) } as never });
      return { id: Number(row.id) };
    },

    /** Writes `data` and answers the row as it now is. */
    async update(id: number, data: RegistrationData): Promise<RegistrationRow> {
      let written: Raw = storable(data) as Raw;
      if (touchesSearch(data)) {
        const current = (await query().findOne({ where: { id }, select: [...SEARCHED] })) as Searched | null;
        written = { ...written, searchText: searchTextOf({ ...current, ...data }) };
      }
      return toRegistrationRow((await query().update({ where: { id }, data: written, populate: withCourse })) as Raw);
    },

    /** Writes `data` only while the row still meets `where` (one conditional UPDATE); true when it did. */
    async updateIf(where: RegistrationWhere & ({ id: number } | { registrationId: string }), data: RegistrationData): Promise<boolean> {
      // One statement cannot read the other names: a change of a learner's name goes through update().
      if (touchesSearch(data)) throw new Error('updateIf cannot change the searched fields; use update()');
      const { count } = await query().updateMany({ where, data: storable(data) as Raw });
      return Number(count) === 1;
    },

    /**
     * Claims the right to ask the Cloud about a registration: one conditional update of
     * `lastRefreshRequestedAt`, so of racing requests or instances exactly one wins until `cutoff` passes.
     */
    claimRefresh(match: { id: number } | { registrationId: string }, now: Date, cutoff: Date, options: { inclusive?: boolean } = {}): Promise<boolean> {
      return repository.updateIf({ ...match, ...notAskedSince(cutoff, options.inclusive ?? false) }, { lastRefreshRequestedAt: now });
    },

    /** Spends a launch ticket: one conditional update, so two requests with the same ticket cannot both win. */
    spendTicket(registrationId: string, ticketHash: string, now: Date): Promise<boolean> {
      return repository.updateIf(
        { registrationId, launchTicketHash: ticketHash, launchTicketExpiresAt: { $gt: now } },
        { launchTicketHash: null, launchTicketExpiresAt: null },
      );
    },

    /** Counts a launch in one atomic statement, so concurrent launches all count. */
    async recordLaunch(registrationId: string, returnUrl: string | null, now: Date = new Date()): Promise<void> {
      await strapi.db
        .connection(tableName())
        .where(column('registrationId'), registrationId)
        .update({
          [column('launchCount')]: strapi.db.connection.raw('COALESCE(??, 0) + 1', [column('launchCount')]),
          [column('lastLaunchedAt')]: now,
          [column('returnUrl')]: returnUrl,
          [column('updatedAt')]: now,
        });
    },

    /**
     * Runs `change` on the registration's row inside a transaction holding its lock; null when there is no
     * such registration. On PostgreSQL and MariaDB a `SELECT ... FOR UPDATE` is the first statement, so a
     * concurrent writer waits and then reads what the first one committed (MariaDB's snapshot is only
     * taken at the first plain read). SQLite has one writer at a time: Strapi's knex pool there is a
     * single connection.
     */
    async withLock<T>(registrationId: string, change: (row: RegistrationRow) => Promise<T>): Promise<T | null> {
      return strapi.db.transaction(async ({ trx }): Promise<T | null> => {
        if (strapi.db.dialect.client !== 'sqlite') {
          const locked = await strapi.db.connection(tableName()).transacting(trx).where(column('registrationId'), registrationId).forUpdate().select('id');
          if (locked.length === 0) return null;
        }
        const row = one(await query().findOne({ where: { registrationId }, populate: withCourse }));
        return row ? change(row) : null;
      });
    },

    /**
     * Writes `data` to a row read under `withLock` and answers the row as it now is, without reading it
     * back: nobody else can have changed it meanwhile. One statement on the hot path of every postback.
     */
    async updateLocked(row: RegistrationRow, data: RegistrationData): Promise<RegistrationRow> {
      const updatedAt = new Date();
      const written = storable(data);
      const search = touchesSearch(data) ? { searchText: searchTextOf({ ...row, ...data }) } : {};
      await query().updateMany({ where: { id: row.id }, data: { ...written, ...search, updatedAt } as Raw });
      return { ...row, ...written, updatedAt };
    },

    /**
     * Writes the search text of rows stored before it existed, a batch at a time; answers how many. Each
     * batch is one transaction, so a restart midway goes on where it stopped.
     */
    async backfillSearchText(batchSize = 500): Promise<number> {
      let done = 0;
      for (;;) {
        const batch = (await query().findMany({ where: { searchText: null }, select: ['id', ...SEARCHED], limit: batchSize })) as Array<
          Searched & { id: number }
        >;
        if (batch.length === 0) return done;
        await strapi.db.transaction(async () => {
          for (const row of batch) await query().update({ where: { id: row.id }, data: { searchText: searchTextOf(row) } });
        });
        done += batch.length;
      }
    },

    /**
     * On PostgreSQL, a trigram index on the search text, so that a search does not read every row. It
     * needs the pg_trgm extension: installed here when the database user may (PostgreSQL 13 and later let
     * a database owner install it), else the search scans the one column. Strapi's schema sync leaves
     * indexes it did not create alone. Answers whether the index is there.
     */
    async ensureSearchIndex(): Promise<boolean> {
      if (strapi.db.dialect.client !== 'postgres') return false;
      const knex = strapi.db.connection;
      const schema = (strapi.db.config.connection as { schema?: string }).schema;
      try {
        await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
        await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? USING gin (?? gin_trgm_ops)', [
          `${tableName()}_search_trgm`,
          schema ? `${schema}.${tableName()}` : tableName(),
          column('searchText'),
        ]);
        return true;
      } catch {
        return false;
      }
    },

    async remove(id: number): Promise<void> {
      await query().delete({ where: { id } });
    },

    /** Every registration of a course (by the course row's id), when the course itself goes. */
    async removeForCourse(courseRowId: number): Promise<void> {
      await query().deleteMany({ where: { course: courseRowId } });
    },
  };
  return repository;
}

export type RegistrationRepository = ReturnType<typeof registrationRepository>;
