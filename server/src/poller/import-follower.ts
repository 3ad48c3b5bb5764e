import type { Core } from '@strapi/strapi';
import { CloudApiError, CloudAuthError, CloudClockSkewError, type CloudApi, type ImportJob } from '../cloud';
import { COURSE_UID, type CourseRow } from '../courses/views';
import { getService } from '../utils/get-service';
import { claimRow, updateLeased } from './lease';

export interface RoundResult {
  /** Course IDs this follower polled in the round (the two-instance test compares these). */
  polled: string[];
  expired: string[];
}

const minutes = (n: number) => n * 60_000;

/** Seconds until the next poll of an import after `attempts` polls: doubles from the first delay up to the ceiling. */
export function backoffSeconds(attempts: number, initial: number, max: number): number {
  return Math.min(max, initial * 2 ** Math.min(attempts, 30));
}

const messageOf = (error: unknown): string =>
  error instanceof CloudApiError ? error.cloudMessage : error instanceof Error ? error.message : String(error);

/**
 * Follows `importCourseAsync` jobs to the end (design rule 3): claims due `importing` courses with a
 * lease, asks the Cloud once per course, and stores what it said. Everything lives in the course row,
 * so a restart of Strapi loses nothing: the next round of any instance picks the import up again.
 */
export function createImportFollower(strapi: Core.Strapi, owner: string, options: { client?: () => CloudApi } = {}) {
  const config = () => getService(strapi, 'config').get();
  const client = options.client ?? (() => getService(strapi, 'cloud').client());
  const query = () => strapi.db.query(COURSE_UID);

  /** The stored state after a failed import: a course that already had a live version stays ready with the error shown. */
  const failure = (row: CourseRow, message: string, now: Date) => ({
    status: row.version == null ? 'failed' : 'ready',
    error: message,
    importFinishedAt: now,
    updatedAt: now,
    nextPollAt: null,
    leaseOwner: null,
    leaseUntil: null,
  });

  async function apply(row: CourseRow, job: ImportJob, now: Date): Promise<Record<string, unknown>> {
    const { poller } = config();
    if (job.status === 'running') {
      const attempts = (row.pollAttempts ?? 0) + 1;
      return {
        importProgress: job.progress ?? row.importProgress ?? 0,
        importMessage: job.message ?? null,
        pollAttempts: attempts,
        updatedAt: now,
        nextPollAt: new Date(now.getTime() + backoffSeconds(attempts, poller.initialDelaySeconds, poller.maxDelaySeconds) * 1000),
        leaseOwner: null,
        leaseUntil: null,
      };
    }
    if (job.status === 'error') {
      const warnings = job.parserWarnings.length ? { parserWarnings: job.parserWarnings } : {};
      return { ...failure(row, job.message || 'SCORM Cloud could not import the package and gave no reason.', now), ...warnings, importMessage: job.message ?? null };
    }
    const keepTitle = row.titleSource === 'editor' && row.title;
    return {
      status: 'ready',
      title: keepTitle ? row.title : job.course?.title || row.title || row.packageName,
      parserWarnings: job.parserWarnings,
      importProgress: 100,
      importMessage: job.message || null,
      error: null,
      // The version is informative only: when the Cloud does not say, count on from the last one.
      version: job.course?.version ?? (row.version ?? -1) + 1,
      importFinishedAt: now,
      updatedAt: now,
      nextPollAt: null,
      leaseOwner: null,
      leaseUntil: null,
    };
  }

  /** Polls one course whose lease this follower holds; returns the stored changes. */
  async function pollClaimed(row: CourseRow): Promise<void> {
    const now = new Date();
    const { poller } = config();
    const started = row.importStartedAt ? new Date(row.importStartedAt).getTime() : now.getTime();
    if (now.getTime() - started > minutes(poller.importTimeoutMinutes)) {
      await updateLeased(strapi, COURSE_UID, row.id, owner, failure(row, `The import did not finish within ${poller.importTimeoutMinutes} minutes (poller.importTimeoutMinutes); upload the package again.`, now));
      return;
    }
    if (!row.importToken) {
      await updateLeased(strapi, COURSE_UID, row.id, owner, failure(row, 'The course has no import token; upload the package again.', now));
      return;
    }
    let result: ImportJob;
    try {
      result = await client().getImportJob(row.importToken, row.courseId);
    } catch (error) {
      const permanent = error instanceof CloudApiError && !(error instanceof CloudAuthError) && !(error instanceof CloudClockSkewError);
      if (permanent) {
        // e.g. the token is unknown to the Cloud: asking again will never help.
        await updateLeased(strapi, COURSE_UID, row.id, owner, failure(row, `SCORM Cloud cannot report this import: ${messageOf(error)}`, now));
        return;
      }
      // Unreachable, 5xx, bad credentials, clock skew: keep the import and try again later.
      const attempts = (row.pollAttempts ?? 0) + 1;
      await updateLeased(strapi, COURSE_UID, row.id, owner, {
        pollAttempts: attempts,
        nextPollAt: new Date(now.getTime() + backoffSeconds(attempts, poller.initialDelaySeconds, poller.maxDelaySeconds) * 1000),
        leaseOwner: null,
        leaseUntil: null,
      });
      throw error;
    }
    await updateLeased(strapi, COURSE_UID, row.id, owner, await apply(row, result, new Date()));
  }

  const dueWhere = (now: Date) => ({ status: 'importing', $or: [{ nextPollAt: { $null: true } }, { nextPollAt: { $lte: now } }] });

  return {
    owner,

    /** One round: expire abandoned uploads, then poll every due import this follower can claim (at most `batchSize`). */
    async runRound(now: Date = new Date()): Promise<RoundResult> {
      const { poller } = config();
      const expired = await this.expireUploads(now);
      const due = (await query().findMany({
        where: dueWhere(now),
        orderBy: [{ nextPollAt: 'asc' }, { id: 'asc' }],
        limit: poller.batchSize * 3,
      })) as CourseRow[];
      const polled: string[] = [];
      const errors: unknown[] = [];
      for (const row of due) {
        if (polled.length >= poller.batchSize) break;
        // The claim repeats the due condition: a row another instance polled a moment ago has moved its
        // nextPollAt forward, so it cannot be polled twice in one round even after that lease is released.
        if (!(await claimRow(strapi, COURSE_UID, row.id, { owner, leaseSeconds: poller.leaseSeconds, where: dueWhere(now), now }))) continue;
        polled.push(row.courseId);
        try {
          await pollClaimed(row);
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length) {
        throw errors[0] instanceof Error ? errors[0] : new Error(String(errors[0]));
      }
      return { polled, expired };
    },

    /** Polls one course now (the admin's refresh button), unless another instance holds it this moment. */
    async refresh(row: CourseRow): Promise<boolean> {
      if (row.status !== 'importing') return false;
      const now = new Date();
      if (!(await claimRow(strapi, COURSE_UID, row.id, { owner, leaseSeconds: config().poller.leaseSeconds, where: { status: 'importing' }, now }))) return false;
      await pollClaimed(row);
      return true;
    },

    /**
     * `uploading` rows carry a lease too: a proxy upload renews it while bytes flow, a direct upload gets
     * `upload.directUploadExpiryMinutes`. One whose lease ran out was abandoned (browser gone, Strapi restarted).
     */
    async expireUploads(now: Date = new Date()): Promise<string[]> {
      const stale = (await query().findMany({
        where: { status: 'uploading', leaseUntil: { $lt: now } },
        limit: 50,
      })) as CourseRow[];
      const expired: string[] = [];
      for (const row of stale) {
        const direct = row.leaseOwner === 'direct';
        const message = direct
          ? `The browser never reported the upload within ${config().upload.directUploadExpiryMinutes} minutes (upload.directUploadExpiryMinutes); upload the package again.`
          : 'The upload was interrupted before SCORM Cloud received the whole package (Strapi stopped or lost the connection); upload it again.';
        const { count } = await query().updateMany({
          where: { id: row.id, status: 'uploading', leaseUntil: { $lt: now } },
          data: failure(row, message, now),
        });
        if (count === 1) expired.push(row.courseId);
      }
      return expired;
    },
  };
}

export type ImportFollower = ReturnType<typeof createImportFollower>;
