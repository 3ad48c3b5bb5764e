import type { Core } from '@strapi/strapi';
import { CloudApiError } from '../cloud';
import type { Page } from '../contracts/pagination';
import { courseRepository, type CourseRow } from '../courses/repository';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { postbackPassword, postbackSecret } from '../postbacks/credentials';
import { effectiveResult, overriddenFlags } from '../results/effective';
import { adminRef, clearOverride } from '../results/override';
import { cloudFailure } from '../utils/cloud-failure';
import { endOf } from '../utils/days';
import { getService } from '../utils/get-service';
import { attemptKeyOf, registrationIdFor } from './ids';
import type { AssignmentResult } from '../contracts/learners';
import type { Caller, Learner, UserLike } from './learners';
import { registrationRepository, type LaunchTarget, type RegistrationCourse, type RegistrationFilter, type RegistrationRow } from './repository';
import { userDirectory } from './user-directory';
import type { AdminAssignInput, AdminCreateInput, ContentCreateInput, ExportQuery, ListQuery, SORTABLE } from './validation';
import { toRegistrationView, type RegistrationView } from './views';

export interface CreateInput {
  courseId: string;
  learner: Learner;
  userDocumentId?: string | null;
  attempt?: number;
}

export interface Created {
  registration: RegistrationRow;
  created: boolean;
}

const sortOf = (sort: string) => {
  const [field, direction = 'asc'] = sort.split(':') as [(typeof SORTABLE)[number], 'asc' | 'desc'];
  return { field, direction };
};

/** The history's reason when a reset clears an override. */
export const RESET_REASON = 'Cleared by a reset of this attempt';

/** Unique violations as each dialect reports them, and Strapi's own (application-level) unique check. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; message?: string; details?: { errors?: Array<{ message?: string }> } };
  if (!e || typeof e !== 'object') return false;
  if (e.code === '23505' || e.code === 'ER_DUP_ENTRY' || e.errno === 1062 || e.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  if (/UNIQUE constraint failed|duplicate key|Duplicate entry/i.test(e.message ?? '')) return true;
  return (e.details?.errors ?? []).some((x) => /must be unique/i.test(x.message ?? '')) || /must be unique/i.test(e.message ?? '');
}

/** Concurrent inserts of one key can deadlock on MariaDB when the first holder rolls back; a retry settles it. */
function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; errno?: number };
  return e?.code === '40P01' || e?.code === 'ER_LOCK_DEADLOCK' || e?.errno === 1213 || e?.code === 'SQLITE_BUSY';
}

/** The registration asked for, or a 404 naming it. */
function found<T>(row: T | null, registrationId: string): T {
  if (!row) throw new NotFoundError(`No registration "${registrationId}".`, { registrationId });
  return row;
}

export const requireLaunchable = (course: RegistrationCourse | CourseRow | null | undefined) => {
  if (!course) throw new ConflictError('This registration has no course any more.');
  if (course.status !== 'ready') {
    throw new ConflictError(`Course "${course.courseId}" cannot be launched yet (status: ${course.status}).`, {
      courseId: course.courseId,
      status: course.status,
    });
  }
  if (!course.launchable) throw new ConflictError(`Course "${course.courseId}" is not open to learners.`, { courseId: course.courseId });
};

const requireReady = (course: CourseRow) => {
  if (course.status !== 'ready') {
    throw new ConflictError(`Course "${course.courseId}" is not ready (status: ${course.status}); wait for its import to finish.`, {
      courseId: course.courseId,
      status: course.status,
    });
  }
};

/** Registrations: creation in one transaction with the Cloud, the lists, reset and delete. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = registrationRepository(strapi);
  const courses = courseRepository(strapi);
  const config = () => getService(strapi, 'config');
  const learners = () => getService(strapi, 'learners');

  /** The list's filters in the repository's terms; null when they select nothing (an unknown course). */
  const filterOf = async (q: ExportQuery): Promise<RegistrationFilter | null> => {
    let courseRowId: number | undefined;
    if (q.courseId) {
      const id = await courses.idOf(q.courseId);
      if (id === null) return null;
      courseRowId = id;
    }
    return {
      courseRowId,
      learnerId: q.learnerId,
      userDocumentId: q.userDocumentId,
      complete: q.complete,
      success: q.success,
      search: q.q,
      launchedFrom: q.launchedFrom ? new Date(q.launchedFrom) : undefined,
      launchedBefore: q.launchedTo ? endOf(q.launchedTo) : undefined,
    };
  };

  const findCourse = async (courseId: string): Promise<CourseRow> => {
    const course = await courses.find(courseId);
    if (!course) throw new NotFoundError(`No course "${courseId}".`, { courseId });
    return course;
  };

  const service = {
    findOne: (registrationId: string): Promise<RegistrationRow | null> => rows.find(registrationId),

    async findOneOrThrow(registrationId: string): Promise<RegistrationRow> {
      return found(await rows.find(registrationId), registrationId);
    },

    /** As findOneOrThrow, with only what a launch needs. */
    async findLaunchTargetOrThrow(registrationId: string): Promise<LaunchTarget> {
      return found(await rows.findLaunchTarget(registrationId), registrationId);
    },

    /**
     * Inserts the row and creates the registration in the Cloud in one transaction: if the Cloud call
     * fails the row is rolled back, so nothing is left that the Cloud does not know.
     * The insert comes first and meets the unique index on the attempt key, so of concurrent first
     * launches only one reaches the Cloud; the others wait for it, fail on the index and return its row.
     */
    async create(input: CreateInput): Promise<Created> {
      const attempt = input.attempt ?? 1;
      const course = await findCourse(input.courseId);
      const attemptKey = attemptKeyOf(course.courseId, input.learner.learnerId, attempt);
      const existing = await rows.findByAttemptKey(attemptKey);
      if (existing) return { registration: existing, created: false };
      requireReady(course);
      const cloud = getService(strapi, 'cloud').client();
      const registrationId = registrationIdFor(attemptKey);
      const postback = service.postbackSettings(registrationId);

      for (let round = 0; ; round++) {
        try {
          await rows.transaction(async () => {
            const row = await rows.create({
              registrationId,
              attemptKey,
              attempt,
              course: course.documentId,
              learnerId: input.learner.learnerId,
              learnerFirstName: input.learner.firstName,
              learnerLastName: input.learner.lastName,
              learnerEmail: input.learner.email ?? null,
              userDocumentId: input.userDocumentId ?? null,
              postbackAuthType: postback?.authType ?? null,
              cloudStatus: 'creating',
            });
            try {
              await cloud.createRegistration({
                courseId: course.courseId,
                registrationId,
                learnerId: input.learner.learnerId,
                firstName: input.learner.firstName,
                lastName: input.learner.lastName,
                email: input.learner.email ?? undefined,
                postback,
              });
            } catch (error) {
              // Our ID is derived from the attempt key: "already exists" is the registration an earlier,
              // timed-out or rolled-back attempt created, so it is ours and the creation stands.
              if (!(error instanceof CloudApiError && error.kind === 'already-exists')) throw error;
            }
            await rows.update(row.id, { cloudStatus: 'active' });
          });
          return { registration: (await rows.find(registrationId))!, created: true };
        } catch (error) {
          if (isUniqueViolation(error) || isDeadlock(error)) {
            const winner = await rows.findByAttemptKey(attemptKey);
            if (winner) return { registration: winner, created: false };
            // The other creator rolled back (its Cloud call failed): try ourselves, a bounded number of times.
            if (round < 3) continue;
          }
          throw cloudFailure(error, 'create the registration');
        }
      }
    },

    /** Admin `POST /registrations`: a users-permissions user or a learner ID. */
    async assignByAdmin(body: AdminCreateInput): Promise<Created> {
      const { learner, userDocumentId } = await learners().forAdmin(body.learner);
      return service.create({ courseId: body.courseId, learner, userDocumentId });
    },

    /**
     * Admin `POST /registrations/assignments`: the course for several users, or every user of a role, one
     * after the other (each is a Cloud call). A user who already has the course keeps their registration;
     * one that cannot be assigned is reported with the reason and the others still are.
     */
    async assignUsers(body: AdminAssignInput): Promise<AssignmentResult> {
      requireReady(await findCourse(body.courseId));
      const directory = userDirectory(strapi);
      let documentIds = [...new Set(body.userDocumentIds ?? [])];
      if (body.roleId !== undefined) {
        const ofRole = await directory.documentIdsOfRole(body.roleId);
        if (!ofRole) throw new NotFoundError(`No users-permissions role with id ${body.roleId}.`, { roleId: body.roleId });
        documentIds = [...new Set([...documentIds, ...ofRole])];
      }
      const known = await directory.existing(documentIds);
      const result: AssignmentResult = { created: 0, existing: 0, failed: [] };
      for (const userDocumentId of documentIds) {
        if (!known.has(userDocumentId)) {
          result.failed.push({ userDocumentId, username: null, message: 'This user no longer exists.' });
          continue;
        }
        try {
          const { learner } = await learners().forAdmin({ userDocumentId });
          const { created } = await service.create({ courseId: body.courseId, learner, userDocumentId });
          if (created) result.created++;
          else result.existing++;
        } catch (error) {
          const user = await directory.find(userDocumentId);
          result.failed.push({ userDocumentId, username: user?.username ?? null, message: error instanceof Error ? error.message : String(error) });
        }
      }
      return result;
    },

    /**
     * Content API `POST /registrations`: a user registers themself, an API token names its learner.
     * A learner registers themself only where they could launch (`createOn: 'launch'`, a course open to
     * learners); assigning is for API tokens and editors. A registration they already have is theirs to read.
     */
    async assignByContent(caller: Caller, body: ContentCreateInput): Promise<Created> {
      if (caller.kind === 'user') {
        const existing = await rows.latestFor(body.courseId, learners().fromUser(caller.user).learnerId);
        if (existing) return { registration: existing, created: false };
        if (config().get().registration.createOn !== 'launch') {
          throw new ForbiddenError('Courses are assigned to learners on this site; ask for this course to be assigned to you.', { courseId: body.courseId });
        }
        requireLaunchable(await findCourse(body.courseId));
      }
      const { learner, userDocumentId } = await learners().forContent(caller, body.learner);
      return service.create({ courseId: body.courseId, learner, userDocumentId });
    },

    /** Postback URL and per-registration credentials, or none when postbacks are off. */
    postbackSettings(registrationId: string) {
      const cfg = config().get();
      if (!cfg.postback.enabled) return undefined;
      return {
        url: config().contentApiUrl('/postback'),
        authType: cfg.postback.authType,
        username: cfg.postback.username,
        password: postbackPassword(postbackSecret(cfg), registrationId),
        resultsFormat: cfg.postback.resultsFormat,
      };
    },

    /** The learner's latest attempt at a course, or null. */
    latestFor: (courseId: string, learnerId: string): Promise<RegistrationRow | null> => rows.latestFor(courseId, learnerId),

    /** The registration a user launches from a course page: the latest attempt, created lazily when configured. */
    async forCourseLaunch(courseId: string, user: UserLike): Promise<RegistrationRow> {
      const learner = learners().fromUser(user);
      const existing = await rows.latestFor(courseId, learner.learnerId);
      if (existing) return existing;
      const course = await findCourse(courseId);
      requireLaunchable(course);
      if (config().get().registration.createOn !== 'launch') {
        throw new NotFoundError(`You are not registered for course "${courseId}"; ask for it to be assigned to you.`, { courseId });
      }
      return (await service.create({ courseId, learner, userDocumentId: user.documentId })).registration;
    },

    listForUser(user: UserLike): Promise<RegistrationRow[]> {
      return rows.ofUser(user.documentId, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], withCourse: true });
    },

    /** Filters and sorts in the database, on indexed columns, so the admin list stays fast with many rows. */
    async list(q: ListQuery): Promise<Page<RegistrationView>> {
      const empty = { data: [], meta: { pagination: { page: q.page, pageSize: q.pageSize, total: 0, pageCount: 0 } } };
      const filter = await filterOf(q);
      if (!filter) return empty;
      const { rows: found, total } = await rows.page({ filter, sort: sortOf(q.sort), page: q.page, pageSize: q.pageSize });
      return {
        data: found.map(toRegistrationView),
        meta: { pagination: { page: q.page, pageSize: q.pageSize, total, pageCount: Math.ceil(total / q.pageSize) } },
      };
    },

    /** Every registration the list's filters select, in its order, a page at a time: the CSV export. */
    async *listAll(q: ExportQuery, pageSize = 500): AsyncGenerator<RegistrationRow[]> {
      const filter = await filterOf(q);
      if (!filter) return;
      for (let page = 1; ; page++) {
        const { rows: found } = await rows.page({ filter, sort: sortOf(q.sort), page, pageSize, count: false });
        if (found.length > 0) yield found;
        if (found.length < pageSize) return;
      }
    },

    /**
     * The admin list's search text for rows stored before it existed (or written straight to the
     * database), and its trigram index on PostgreSQL; run at every start. Answers how many rows it wrote.
     */
    async prepareSearch(): Promise<number> {
      const started = Date.now();
      const written = await rows.backfillSearchText();
      if (written > 0) strapi.log.info(`[scorm-cloud] search text written for ${written} registrations stored without it (${Date.now() - started} ms)`);
      if (strapi.db.dialect.client === 'postgres' && !(await rows.ensureSearchIndex())) {
        strapi.log.info('[scorm-cloud] the pg_trgm extension could not be installed: the registrations search reads every row');
      }
      return written;
    },

    /**
     * Clears this attempt's progress: in the Cloud first, then here, where the Cloud state goes back to
     * unknown and an override is cleared with an entry in its history (a reset means the learner starts
     * over). The registration and its history stay.
     */
    async reset(registrationId: string, adminUser: unknown): Promise<RegistrationRow> {
      const row = await service.findOneOrThrow(registrationId);
      try {
        await getService(strapi, 'cloud').client().resetRegistration(registrationId);
      } catch (error) {
        throw cloudFailure(error, 'reset the registration');
      }
      const cloudState = { cloudComplete: 'unknown', cloudSuccess: 'unknown', cloudScore: null, cloudTotalTime: 0, reportDetail: null } as const;
      const reset = { ...row, ...cloudState };
      const overridden = Object.values(overriddenFlags(row)).some(Boolean);
      // instanceId stays: the Cloud's reset starts a newer instance, whose reports the merge rule then accepts.
      await rows.update(row.id, {
        ...cloudState,
        ...(overridden ? clearOverride(reset, adminRef(adminUser), new Date(), RESET_REASON) : effectiveResult(reset)),
      });
      return (await rows.find(registrationId))!;
    },

    /**
     * The learner's next attempt at the course: a new registration numbered after this one, for the same
     * learner; every earlier attempt stays as it is, for reports. Launches open the newest attempt. Only
     * the newest attempt has a next one, so that a second click, or a page showing an older attempt,
     * cannot create one more: concurrent requests meet the attempt key's unique index and get the same.
     */
    async newAttempt(registrationId: string): Promise<RegistrationRow> {
      const row = await service.findOneOrThrow(registrationId);
      if (!row.course) throw new ConflictError('This registration has no course any more.', { registrationId });
      const newest = (await rows.latestFor(row.course.courseId, row.learnerId)) ?? row;
      if (newest.attempt !== row.attempt) {
        throw new ConflictError(`This is attempt ${row.attempt}; the learner's newest is attempt ${newest.attempt}, from which a next one can be started.`, {
          registrationId,
          newest: newest.registrationId,
        });
      }
      const { registration } = await service.create({
        courseId: row.course.courseId,
        learner: { learnerId: row.learnerId, firstName: row.learnerFirstName ?? '', lastName: row.learnerLastName ?? '', email: row.learnerEmail },
        userDocumentId: row.userDocumentId,
        attempt: row.attempt + 1,
      });
      return registration;
    },

    /**
     * Content API: the signed-in learner starts over, where `registration.learnerNewAttempts` allows it
     * (`afterCompletion`: once their newest attempt is complete).
     */
    async newAttemptByLearner(courseId: string, user: UserLike): Promise<RegistrationRow> {
      const rule = config().get().registration.learnerNewAttempts;
      if (rule === 'never') throw new ForbiddenError('A new attempt at a course is started by an editor on this site.', { courseId });
      const newest = await rows.latestFor(courseId, learners().fromUser(user).learnerId);
      if (!newest) throw new NotFoundError(`You are not registered for course "${courseId}": launch it to start your first attempt.`, { courseId });
      requireLaunchable(newest.course);
      if (rule === 'afterCompletion' && newest.complete !== 'complete') {
        throw new ConflictError(`Finish attempt ${newest.attempt} of this course before starting another.`, { courseId, attempt: newest.attempt });
      }
      return service.newAttempt(newest.registrationId);
    },

    /** Cloud first (a registration the Cloud does not know is fine), then the row. */
    async remove(registrationId: string): Promise<void> {
      const row = await service.findOneOrThrow(registrationId);
      try {
        await getService(strapi, 'cloud').client().deleteRegistration(registrationId);
      } catch (error) {
        const unknownThere = error instanceof CloudApiError && error.kind === 'not-found';
        if (!unknownThere) throw cloudFailure(error, 'delete the registration');
      }
      await rows.remove(row.id);
    },
  };

  return service;
};
