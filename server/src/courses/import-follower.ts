import type { Core } from '@strapi/strapi';
import { CloudApiError, CloudAuthError, CloudClockSkewError, type CloudApi, type ImportJob } from '../cloud';
import { getService } from '../utils/get-service';
import { abandonedUploads, askAgainLater, DIRECT_OWNER, dueImports, failed, IMPORTING, importEnded, stillImporting } from './lifecycle';
import { courseRepository, type CourseRow } from './repository';

export { backoffSeconds } from './lifecycle';

export interface RoundResult {
  /** Course IDs this follower polled in the round (the two-instance test compares these). */
  polled: string[];
  expired: string[];
}

const minutes = (n: number) => n * 60_000;

const messageOf = (error: unknown): string => (error instanceof CloudApiError ? error.cloudMessage : error instanceof Error ? error.message : String(error));

/**
 * Follows import jobs to the end: claims due `importing` courses with a lease, asks the Cloud once per
 * course, and stores what it said. Everything lives in the course row, so a restart of Strapi loses
 * nothing: the next round of any instance picks the import up again.
 */
export function createImportFollower(strapi: Core.Strapi, owner: string, options: { client?: () => CloudApi } = {}) {
  const config = () => getService(strapi, 'config').get();
  const client = options.client ?? (() => getService(strapi, 'cloud').client());
  const courses = courseRepository(strapi);

  /** Polls one course whose lease this follower holds, and stores the outcome while the lease is still its own. */
  async function pollClaimed(row: CourseRow): Promise<void> {
    const now = new Date();
    const { poller } = config();
    const store = (data: Parameters<typeof courses.updateLeased>[2]) => courses.updateLeased(row.id, owner, data);
    const started = row.importStartedAt ? row.importStartedAt.getTime() : now.getTime();
    if (now.getTime() - started > minutes(poller.importTimeoutMinutes)) {
      await store(
        failed(row, `The import did not finish within ${poller.importTimeoutMinutes} minutes (poller.importTimeoutMinutes); upload the package again.`, now),
      );
      return;
    }
    if (!row.importToken) {
      await store(failed(row, 'The course has no import token; upload the package again.', now));
      return;
    }
    let job: ImportJob;
    try {
      job = await client().getImportJob(row.importToken, row.courseId);
    } catch (error) {
      const permanent = error instanceof CloudApiError && !(error instanceof CloudAuthError) && !(error instanceof CloudClockSkewError);
      if (permanent) {
        // e.g. the token is unknown to the Cloud: asking again will never help.
        await store(failed(row, `SCORM Cloud cannot report this import: ${messageOf(error)}`, now));
        return;
      }
      // Unreachable, 5xx, bad credentials, clock skew: keep the import and try again later.
      await store(askAgainLater(row, now, poller));
      throw error;
    }
    const answered = new Date();
    await store(job.status === 'running' ? stillImporting(row, job, answered, poller) : importEnded(row, job, answered));
  }

  return {
    owner,

    /** One round: expire abandoned uploads, then poll every due import this follower can claim (at most `batchSize`). */
    async runRound(now: Date = new Date()): Promise<RoundResult> {
      const { poller } = config();
      const expired = await this.expireUploads(now);
      const due = await courses.findMany(dueImports(now), { orderBy: [{ nextPollAt: 'asc' }, { id: 'asc' }], limit: poller.batchSize * 3 });
      const polled: string[] = [];
      const errors: unknown[] = [];
      for (const row of due) {
        if (polled.length >= poller.batchSize) break;
        // The claim repeats the due condition: a row another instance polled a moment ago has moved its
        // nextPollAt forward, so it cannot be polled twice in one round even after that lease is released.
        if (!(await courses.claim(row.id, { owner, leaseSeconds: poller.leaseSeconds, where: dueImports(now), now }))) continue;
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
      if (!(await courses.claim(row.id, { owner, leaseSeconds: config().poller.leaseSeconds, where: IMPORTING, now }))) return false;
      await pollClaimed(row);
      return true;
    },

    /**
     * `uploading` rows carry a lease too: a proxy upload renews it while bytes flow, a direct upload gets
     * `upload.directUploadExpiryMinutes`. One whose lease ran out was abandoned (browser gone, Strapi restarted).
     */
    async expireUploads(now: Date = new Date()): Promise<string[]> {
      const stale = await courses.findMany(abandonedUploads(now), { limit: 50 });
      const expired: string[] = [];
      for (const row of stale) {
        const message =
          row.leaseOwner === DIRECT_OWNER
            ? `The browser never reported the upload within ${config().upload.directUploadExpiryMinutes} minutes (upload.directUploadExpiryMinutes); upload the package again.`
            : 'The upload was interrupted before SCORM Cloud received the whole package (Strapi stopped or lost the connection); upload it again.';
        if (await courses.updateIf(row.id, abandonedUploads(now), failed(row, message, now))) expired.push(row.courseId);
      }
      return expired;
    },
  };
}

export type ImportFollower = ReturnType<typeof createImportFollower>;
