import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { CloudError } from '../cloud/errors';
import type { RefreshJob } from '../contracts/results';
import { courseRepository } from '../courses/repository';
import { NotFoundError, PluginError } from '../errors';
import { registrationRepository } from '../registrations/repository';
import { getService } from '../utils/get-service';
import { mapLimit } from './concurrency';
import { refreshJobRepository, type RefreshJobRow } from './refresh-job-repository';

/** Finished jobs are kept this long for the admin to read, then the poller removes them. */
const KEEP_FINISHED_MS = 24 * 60 * 60 * 1000;
const MAX_FAILURES = 100;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toRefreshJobView(row: RefreshJobRow): RefreshJob {
  return {
    id: row.jobId,
    courseId: row.courseId,
    status: row.state,
    total: row.total,
    done: row.done,
    applied: row.applied,
    stale: row.stale,
    failed: row.failed,
    errors: row.failures,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Bulk refreshes of a course's registrations, as database rows any instance can read and resume. The
 * instance that starts a job works on it under a lease, one batch of `poller.reconcile.concurrency`
 * registrations at a time, and writes the batch's progress (and renews the lease) before the next; if it
 * stops, the lease runs out and the next poller round of any instance takes the job over from the last
 * batch written. A batch that was in flight is refreshed again, which is harmless: a refresh stores the
 * Cloud's current state.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const jobs = refreshJobRepository(strapi);
  const registrations = registrationRepository(strapi);
  const courses = courseRepository(strapi);
  const config = () => getService(strapi, 'config').get().poller;
  const owner = () => getService(strapi, 'poller').owner;
  /** Jobs this instance is working on now, so that a poller round never starts a second worker for one. */
  const working = new Map<number, Promise<void>>();

  const inJob = (row: RefreshJobRow) => ({ course: { courseId: row.courseId }, cloudStatus: 'active', id: { $lte: row.lastRowId } });

  /** Works on a job this instance holds, in the background, until it is finished or its lease is lost. */
  function work(start: RefreshJobRow): void {
    if (working.has(start.id)) return;
    working.set(
      start.id,
      workOn(start).finally(() => working.delete(start.id)),
    );
  }

  async function workOn(start: RefreshJobRow): Promise<void> {
    const me = owner();
    const job = { ...start };
    try {
      const { concurrency } = config().reconcile;
      for (;;) {
        const batch = await registrations.idsAfter(inJob(job), job.cursor, concurrency);
        if (batch.length === 0) break;
        const counts = { applied: 0, stale: 0, failed: 0 };
        const failures: RefreshJobRow['failures'] = [];
        await mapLimit(batch, concurrency, async ({ registrationId }) => {
          try {
            const before = await registrations.find(registrationId);
            const row = await getService(strapi, 'results').refresh(registrationId, 'refresh');
            if (before && row.reportedAt && row.reportedAt.getTime() !== before.reportedAt?.getTime()) counts.applied++;
            else counts.stale++;
          } catch (error) {
            counts.failed++;
            failures.push({ registrationId, message: error instanceof PluginError || error instanceof CloudError ? error.message : String(error) });
          }
        });
        Object.assign(job, {
          cursor: batch[batch.length - 1]!.id,
          done: job.done + batch.length,
          applied: job.applied + counts.applied,
          stale: job.stale + counts.stale,
          failed: job.failed + counts.failed,
          failures: [...job.failures, ...failures].slice(0, MAX_FAILURES),
        });
        const { cursor, done, applied, stale, failed } = job;
        const renewed = new Date(Date.now() + config().leaseSeconds * 1000);
        if (!(await jobs.updateLeased(job.id, me, { cursor, done, applied, stale, failed, failures: job.failures, leaseUntil: renewed }))) {
          strapi.log.info(`[scorm-cloud] refresh job ${job.jobId} was taken over by another instance.`);
          return;
        }
      }
      // Registrations deleted meanwhile are neither done nor to do: the total follows what was found.
      await jobs.updateLeased(job.id, me, { state: 'finished', total: job.done, finishedAt: new Date(), leaseOwner: null, leaseUntil: null });
    } catch (error) {
      // The lease runs out and a later round (here or elsewhere) resumes the job.
      strapi.log.warn(`[scorm-cloud] refresh job ${job.jobId} paused: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    /**
     * Starts refreshing every active registration of a course and answers at once with the job, which the
     * admin polls. A job already running for the course is answered instead of starting a second one.
     */
    async start(courseId: string): Promise<RefreshJob> {
      const course = await courses.find(courseId);
      if (!course) throw new NotFoundError(`Course ${courseId} does not exist.`, { courseId });
      getService(strapi, 'cloud').client(); // Not configured: fail now rather than in every item.
      const running = await jobs.runningFor(courseId);
      if (running) return toRefreshJobView(running);
      const where = { course: { courseId }, cloudStatus: 'active' };
      const [total, newest] = await Promise.all([registrations.count(where), registrations.findMany(where, { orderBy: [{ id: 'desc' }], limit: 1 })]);
      const now = new Date();
      const row = await jobs.create({
        jobId: randomUUID(),
        courseId,
        state: 'running',
        total,
        done: 0,
        applied: 0,
        stale: 0,
        failed: 0,
        cursor: 0,
        lastRowId: newest[0]?.id ?? 0,
        failures: [],
        startedAt: now,
        finishedAt: null,
        leaseOwner: owner(),
        leaseUntil: new Date(now.getTime() + config().leaseSeconds * 1000),
      });
      work(row);
      return toRefreshJobView(row);
    },

    async get(jobId: string): Promise<RefreshJob> {
      const row = JOB_ID.test(jobId) ? await jobs.find(jobId) : null;
      if (!row) throw new NotFoundError(`There is no refresh job ${jobId}; finished jobs are kept for a day.`, { jobId });
      return toRefreshJobView(row);
    },

    /**
     * A poller task: takes over the running jobs whose instance let the lease expire, and removes jobs
     * finished more than a day ago. Answers the jobs it took over; their work goes on in the background.
     */
    async resumeAbandoned(now: Date = new Date()): Promise<string[]> {
      await jobs.removeFinishedBefore(new Date(now.getTime() - KEEP_FINISHED_MS));
      const taken: string[] = [];
      for (const row of await jobs.abandoned(now, 10)) {
        if (working.has(row.id) || !(await jobs.claim(row.id, owner(), config().leaseSeconds, now))) continue;
        taken.push(row.jobId);
        work({ ...row, leaseOwner: owner() });
      }
      return taken;
    },

    /** Resolves once the jobs this instance has in hand have finished or paused (tests, and a clean stop). */
    async idle(): Promise<void> {
      while (working.size > 0) await Promise.all(working.values());
    },
  };
};
