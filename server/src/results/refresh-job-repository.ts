import type { Core } from '@strapi/strapi';
import { claimRow, updateLeased } from '../poller/lease';

export const REFRESH_JOB_UID = 'plugin::scorm-cloud.refresh-job';

/** A refresh job as stored, with counters as numbers and dates as dates on every database. */
export interface RefreshJobRow {
  id: number;
  jobId: string;
  courseId: string;
  state: 'running' | 'finished';
  total: number;
  done: number;
  applied: number;
  stale: number;
  failed: number;
  cursor: number;
  lastRowId: number;
  failures: Array<{ registrationId: string; message: string }>;
  startedAt: Date;
  finishedAt: Date | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

export type RefreshJobData = Partial<Omit<RefreshJobRow, 'id'>>;

type Raw = Record<string, unknown>;

const date = (value: unknown): Date | null => (value == null ? null : new Date(value as string | number | Date));
const int = (value: unknown): number => Number(value ?? 0);

export function toRefreshJobRow(raw: Raw): RefreshJobRow {
  return {
    id: Number(raw.id),
    jobId: String(raw.jobId),
    courseId: String(raw.courseId),
    state: raw.state as RefreshJobRow['state'],
    total: int(raw.total),
    done: int(raw.done),
    applied: int(raw.applied),
    stale: int(raw.stale),
    failed: int(raw.failed),
    cursor: int(raw.cursor),
    lastRowId: int(raw.lastRowId),
    failures: Array.isArray(raw.failures) ? (raw.failures as RefreshJobRow['failures']) : [],
    startedAt: date(raw.startedAt)!,
    finishedAt: date(raw.finishedAt),
    leaseOwner: (raw.leaseOwner as string | null) ?? null,
    leaseUntil: date(raw.leaseUntil),
  };
}

/** The only code that reads or writes refresh jobs. */
export function refreshJobRepository(strapi: Core.Strapi) {
  const query = () => strapi.db.query(REFRESH_JOB_UID);
  const one = (raw: unknown): RefreshJobRow | null => (raw ? toRefreshJobRow(raw as Raw) : null);

  return {
    async create(data: Omit<RefreshJobRow, 'id'>): Promise<RefreshJobRow> {
      return toRefreshJobRow((await query().create({ data })) as Raw);
    },

    async find(jobId: string): Promise<RefreshJobRow | null> {
      return one(await query().findOne({ where: { jobId } }));
    },

    /** The course's job still running, if any: a second request for the same course joins it. */
    async runningFor(courseId: string): Promise<RefreshJobRow | null> {
      return one(await query().findOne({ where: { courseId, state: 'running' }, orderBy: { id: 'desc' } }));
    },

    /** Running jobs whose instance let the lease run out (it stopped, or lost the database for a while). */
    async abandoned(now: Date, limit: number): Promise<RefreshJobRow[]> {
      const rows = await query().findMany({
        where: { state: 'running', $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lt: now } }] },
        orderBy: { id: 'asc' },
        limit,
      });
      return (rows as Raw[]).map(toRefreshJobRow);
    },

    /** Takes over a job whose lease is free or expired; exactly one of several instances wins. */
    claim(id: number, owner: string, leaseSeconds: number, now: Date): Promise<boolean> {
      return claimRow(strapi, REFRESH_JOB_UID, id, { owner, leaseSeconds, where: { state: 'running' }, now });
    },

    /** Writes progress only while `owner` still holds the job: false means another instance took it over. */
    updateLeased(id: number, owner: string, data: RefreshJobData): Promise<boolean> {
      return updateLeased(strapi, REFRESH_JOB_UID, id, owner, data);
    },

    /** Deletes jobs that finished before `cutoff`; answers how many went. */
    async removeFinishedBefore(cutoff: Date): Promise<number> {
      const result = await query().deleteMany({ where: { state: 'finished', finishedAt: { $lt: cutoff } } });
      return Number((result as { count?: number }).count ?? 0);
    },
  };
}
