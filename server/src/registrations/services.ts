import { createHash, randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { CloudApiError } from '../cloud';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors';
import { postbackPassword, postbackSecret } from '../postbacks/credentials';
import { effectiveResult } from '../results/effective';
import { cloudFailure } from '../utils/cloud-failure';
import { getService, PLUGIN_ID } from '../utils/get-service';
import { attemptKeyOf, learnerIdForUser, registrationIdFor } from './ids';
import { SORTABLE, type ListQuery } from './validation';

const UID = 'plugin::scorm-cloud.registration' as const;
const COURSE_UID = 'plugin::scorm-cloud.course' as const;
const TICKET_TTL_MS = 60_000;

export interface Learner {
  learnerId: string;
  firstName: string;
  lastName: string;
  email?: string | null;
}

export interface CreateInput {
  courseId: string;
  learner: Learner;
  userDocumentId?: string | null;
  attempt?: number;
}

/** A users-permissions user as `ctx.state.user` carries it. */
export interface UserLike {
  documentId: string;
  username?: string | null;
  email?: string | null;
  firstname?: string | null;
  lastname?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export type RegistrationRow = Record<string, any> & { id: number; documentId: string; registrationId: string };
type CourseRow = Record<string, any> & { id: number; documentId: string; courseId: string };

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

/** The Cloud's reason, for the caller; never the request (which carries the signature). */

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const registrations = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID);
  const config = () => getService(strapi, 'config');

  const findRow = async (registrationId: string): Promise<RegistrationRow | null> =>
    (await query().findOne({ where: { registrationId }, populate: { course: true } })) as RegistrationRow | null;

  const findByAttemptKey = async (attemptKey: string): Promise<RegistrationRow | null> =>
    (await query().findOne({ where: { attemptKey }, populate: { course: true } })) as RegistrationRow | null;

  const findCourse = async (courseId: string): Promise<CourseRow> => {
    const course = (await strapi.db.query(COURSE_UID).findOne({ where: { courseId } })) as CourseRow | null;
    if (!course) throw new NotFoundError(`No course "${courseId}".`, { courseId });
    return course;
  };

  const requireReady = (course: CourseRow) => {
    if (course.status !== 'ready') {
      throw new ConflictError(`Course "${course.courseId}" is not ready (status: ${course.status}); wait for its import to finish.`, {
        courseId: course.courseId,
        status: course.status,
      });
    }
  };

  const service = {
    learnerFromUser(user: UserLike): Learner {
      const username = user.username?.trim() || 'learner';
      return {
        learnerId: learnerIdForUser(user.documentId),
        firstName: (user.firstname ?? user.firstName)?.trim() || username,
        // The Cloud requires a last name; users-permissions has none by default.
        lastName: (user.lastname ?? user.lastName)?.trim() || '-',
        email: user.email ?? null,
      };
    },

    findOne: findRow,

    async findOneOrThrow(registrationId: string): Promise<RegistrationRow> {
      const row = await findRow(registrationId);
      if (!row) throw new NotFoundError(`No registration "${registrationId}".`, { registrationId });
      return row;
    },

    /**
     * Inserts the row and creates the registration in the Cloud in one transaction: if the Cloud call
     * fails the row is rolled back, so nothing is left that the Cloud does not know (design rule 5).
     * The insert comes first and meets the unique index on the attempt key, so of concurrent first
     * launches only one reaches the Cloud; the others wait for it, fail on the index and return its row.
     */
    async create(input: CreateInput): Promise<{ registration: RegistrationRow; created: boolean }> {
      const attempt = input.attempt ?? 1;
      const course = await findCourse(input.courseId);
      const attemptKey = attemptKeyOf(course.courseId, input.learner.learnerId, attempt);
      const existing = await findByAttemptKey(attemptKey);
      if (existing) return { registration: existing, created: false };
      requireReady(course);
      const cloud = getService(strapi, 'cloud').client();
      const registrationId = registrationIdFor(attemptKey);

      for (let round = 0; ; round++) {
        try {
          await strapi.db.transaction(async () => {
            const row = await strapi.documents(UID).create({
              data: {
                registrationId,
                attemptKey,
                attempt,
                course: course.documentId,
                learnerId: input.learner.learnerId,
                learnerFirstName: input.learner.firstName,
                learnerLastName: input.learner.lastName,
                learnerEmail: input.learner.email ?? null,
                userDocumentId: input.userDocumentId ?? null,
                cloudStatus: 'creating',
              } as never,
            });
            try {
              await cloud.createRegistration({
                courseId: course.courseId,
                registrationId,
                learnerId: input.learner.learnerId,
                firstName: input.learner.firstName,
                lastName: input.learner.lastName,
                email: input.learner.email ?? undefined,
                postback: service.postbackSettings(registrationId),
              });
            } catch (error) {
              // Our ID is derived from the attempt key: "already exists" is the registration an earlier,
              // timed-out or rolled-back attempt created, so it is ours and the creation stands.
              if (!(error instanceof CloudApiError && error.kind === 'already-exists')) throw error;
            }
            await query().update({ where: { id: row.id }, data: { cloudStatus: 'active' } });
          });
          return { registration: (await findRow(registrationId))!, created: true };
        } catch (error) {
          if (isUniqueViolation(error) || isDeadlock(error)) {
            const winner = await findByAttemptKey(attemptKey);
            if (winner) return { registration: winner, created: false };
            // The other creator rolled back (its Cloud call failed): try ourselves, a bounded number of times.
            if (round < 3) continue;
          }
          throw cloudFailure(error, 'create the registration');
        }
      }
    },

    /** Postback URL and per-registration credentials (design rule 6), or none when postbacks are off. */
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
    async latestFor(courseId: string, learnerId: string): Promise<RegistrationRow | null> {
      return (await query().findOne({
        where: { learnerId, course: { courseId } },
        orderBy: { attempt: 'desc' },
        populate: { course: true },
      })) as RegistrationRow | null;
    },

    /** The registration a user launches from a course page: the latest attempt, created lazily when configured. */
    async forCourseLaunch(courseId: string, user: UserLike): Promise<RegistrationRow> {
      const learner = service.learnerFromUser(user);
      const existing = await service.latestFor(courseId, learner.learnerId);
      if (existing) return existing;
      const course = await findCourse(courseId);
      requireLaunchable(course);
      if (config().get().registration.createOn !== 'launch') {
        throw new NotFoundError(`You are not registered for course "${courseId}"; ask for it to be assigned to you.`, { courseId });
      }
      return (await service.create({ courseId, learner, userDocumentId: user.documentId })).registration;
    },

    async listForUser(user: UserLike): Promise<RegistrationRow[]> {
      return (await query().findMany({
        where: { $or: [{ userDocumentId: user.documentId }, { learnerId: learnerIdForUser(user.documentId) }] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        populate: { course: true },
      })) as RegistrationRow[];
    },

    /** Filters and sorts in the database, on indexed columns, so the admin list stays fast with many rows. */
    async list(q: ListQuery): Promise<{ results: RegistrationRow[]; pagination: { page: number; pageSize: number; pageCount: number; total: number } }> {
      const where: Record<string, unknown>[] = [];
      if (q.courseId) where.push({ course: { courseId: q.courseId } });
      if (q.learnerId) where.push({ learnerId: q.learnerId });
      if (q.complete) where.push({ complete: q.complete });
      if (q.success) where.push({ success: q.success });
      if (q.q) {
        where.push({
          $or: ['registrationId', 'learnerId', 'learnerFirstName', 'learnerLastName', 'learnerEmail'].map((field) => ({ [field]: { $containsi: q.q } })),
        });
      }
      const [field, direction = 'asc'] = q.sort.split(':') as [(typeof SORTABLE)[number], 'asc' | 'desc'];
      const result = await query().findPage({
        where: where.length ? { $and: where } : {},
        orderBy: [{ [field]: direction }, { id: direction }],
        page: q.page,
        pageSize: q.pageSize,
        populate: { course: true },
      });
      return result as unknown as { results: RegistrationRow[]; pagination: { page: number; pageSize: number; pageCount: number; total: number } };
    },

    /** Cloud first; locally the Cloud state goes back to unknown, while overrides and their history stay. */
    async reset(registrationId: string): Promise<RegistrationRow> {
      const row = await service.findOneOrThrow(registrationId);
      try {
        await getService(strapi, 'cloud').client().resetRegistration(registrationId);
      } catch (error) {
        throw cloudFailure(error, 'reset the registration');
      }
      const cloudState = { cloudComplete: 'unknown', cloudSuccess: 'unknown', cloudScore: null, cloudTotalTime: 0, reportDetail: null } as const;
      // instanceId stays: the Cloud's reset starts a newer instance, whose reports the merge rule then accepts.
      await query().update({ where: { id: row.id }, data: { ...cloudState, ...effectiveResult({ ...row, ...cloudState }) } });
      return (await findRow(registrationId))!;
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
      await query().delete({ where: { id: row.id } });
    },
  };

  return service;
};

export const requireLaunchable = (course: CourseRow | null | undefined) => {
  if (!course) throw new ConflictError('This registration has no course any more.');
  if (course.status !== 'ready') {
    throw new ConflictError(`Course "${course.courseId}" cannot be launched yet (status: ${course.status}).`, { courseId: course.courseId, status: course.status });
  }
  if (!course.launchable) throw new ConflictError(`Course "${course.courseId}" is not open to learners.`, { courseId: course.courseId });
};

/** Launch URLs signed at the click, launch tickets for plain links, and the exit route's refresh. */
const launches = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService(strapi, 'config');
  const query = () => strapi.db.query(UID);

  const service = {
    /** `returnTo` is only taken from an allow-listed origin, so the exit route cannot become an open redirect. */
    checkReturnTo(returnTo: string | undefined): string | null {
      if (!returnTo) return null;
      let url: URL;
      try {
        url = new URL(returnTo);
      } catch {
        throw new InputError('returnTo must be an absolute URL.', { returnTo });
      }
      if (!config().get().launch.allowedReturnOrigins.includes(url.origin)) {
        throw new InputError(`returnTo must be on an allowed origin (launch.allowedReturnOrigins); ${url.origin} is not.`, { origin: url.origin });
      }
      return url.toString();
    },

    exitUrl(registrationId: string): string {
      return config().contentApiUrl(`/registrations/${encodeURIComponent(registrationId)}/exit`);
    },

    /**
     * Gets the Cloud's launch link now, at the click, then records the launch. The link is only
     * returned, never stored or logged. A Cloud that fails or times out here is a 502/503 with a message.
     */
    async launch(row: RegistrationRow, returnTo: string | null): Promise<{ url: string; expiresAt: string; registrationId: string }> {
      requireLaunchable(row.course);
      if (row.cloudStatus !== 'active') {
        throw new ConflictError(`Registration "${row.registrationId}" cannot be launched (status: ${row.cloudStatus}).`, { cloudStatus: row.cloudStatus });
      }
      const cfg = config().get();
      let link: { url: string; expiresAt: Date };
      try {
        // V2 mints the link with one call (it lives launchLinkExpirySeconds unused); V1 signs it here.
        link = await getService(strapi, 'cloud').client().launchLink(row.registrationId, {
          redirectUrl: service.exitUrl(row.registrationId),
          expirySeconds: cfg.launchLinkExpirySeconds,
        });
      } catch (error) {
        throw cloudFailure(error, 'open the course');
      }
      const meta = strapi.db.metadata.get(UID);
      const column = (name: string) => (meta.attributes[name] as { columnName?: string }).columnName ?? name;
      // One atomic statement, so concurrent launches all count.
      await strapi.db
        .connection(meta.tableName)
        .where(column('registrationId'), row.registrationId)
        .update({
          [column('launchCount')]: strapi.db.connection.raw('COALESCE(??, 0) + 1', [column('launchCount')]),
          [column('lastLaunchedAt')]: new Date(),
          [column('returnUrl')]: returnTo,
          [column('updatedAt')]: new Date(),
        });
      return { url: link.url, expiresAt: link.expiresAt.toISOString(), registrationId: row.registrationId };
    },

    /**
     * A browser following a plain link sends no Bearer header: the frontend asks (with its JWT or token)
     * for a ticket URL, valid for a minute and good for one launch. Only its hash is stored; a newer ticket
     * replaces an older one.
     */
    async issueTicket(row: RegistrationRow, returnTo: string | null): Promise<{ url: string; expiresAt: string; registrationId: string }> {
      requireLaunchable(row.course);
      const secret = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + TICKET_TTL_MS);
      await query().update({ where: { id: row.id }, data: { launchTicketHash: sha256(secret), launchTicketExpiresAt: expiresAt } });
      const ticket = `${row.registrationId}.${secret}`;
      const search = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
      return { url: config().contentApiUrl(`/launch-tickets/${ticket}${search}`), expiresAt: expiresAt.toISOString(), registrationId: row.registrationId };
    },

    /** Spends a ticket: one conditional update, so two requests with the same ticket cannot both win. */
    async redeemTicket(ticket: string): Promise<RegistrationRow> {
      const dot = ticket.lastIndexOf('.');
      const registrationId = dot > 0 ? ticket.slice(0, dot) : '';
      const secret = dot > 0 ? ticket.slice(dot + 1) : '';
      const refused = new ForbiddenError('This launch link has expired or was already used; open the course again from its page.');
      if (!registrationId || !secret) throw refused;
      const { count } = await query().updateMany({
        where: { registrationId, launchTicketHash: sha256(secret), launchTicketExpiresAt: { $gt: new Date() } },
        data: { launchTicketHash: null, launchTicketExpiresAt: null },
      });
      if (count !== 1) throw refused;
      return getService(strapi, 'registrations').findOneOrThrow(registrationId);
    },

    /**
     * Where the exit route sends the learner, after asking for a refresh at most once per registration
     * per `registration.exitRefreshIntervalSeconds` (a conditional update decides, across instances), so
     * the public exit route cannot be used to hammer the Cloud. The refresh is not awaited.
     */
    async exit(registrationId: string): Promise<string | null> {
      const cfg = config().get();
      const fallback = cfg.launch.defaultReturnUrl ?? null;
      const row = (await query().findOne({ where: { registrationId } })) as RegistrationRow | null;
      if (!row) return fallback;
      const now = new Date();
      const cutoff = new Date(now.getTime() - cfg.registration.exitRefreshIntervalSeconds * 1000);
      const { count } = await query().updateMany({
        where: { registrationId, $or: [{ lastRefreshRequestedAt: null }, { lastRefreshRequestedAt: { $lte: cutoff } }] },
        data: { lastRefreshRequestedAt: now },
      });
      if (count === 1) service.refreshInBackground(registrationId);
      return row.returnUrl ?? fallback;
    },

    refreshInBackground(registrationId: string): void {
      const results = strapi.plugin(PLUGIN_ID).service('results') as Partial<ReturnType<typeof import('../results/services').default.results>> | undefined;
      if (typeof results?.refresh !== 'function') {
        strapi.log.warn('[scorm-cloud] Exit refresh skipped: the results service (refresh) is not available.');
        return;
      }
      void results.refresh(registrationId, 'refresh').catch((error: unknown) => {
        strapi.log.warn(`[scorm-cloud] Refresh after exit of registration ${registrationId} failed: ${(error as Error)?.message ?? error}`);
      });
    },
  };
  return service;
};

/** This domain's services, merged into services/index.ts (keep names unique across domains). */
export default { registrations, launches };
