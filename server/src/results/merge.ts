import type { Completion, RegistrationReport, Success } from '../cloud/types';

/** Where a report came from; stored beside the Cloud state so editors can tell a postback from a refresh. */
export type ReportSource = 'postback' | 'refresh' | 'reconcile';

/**
 * How far a registration has progressed in the Cloud: its instance (a reset starts a new one), then the
 * Cloud's own update time when both sides carry one (V2), else tracked time.
 */
export interface Progress {
  instanceId: number;
  totalTimeSeconds: number;
  updatedAt?: Date;
}

/** The Cloud columns of a registration row, as the merge rule writes them. */
export interface CloudState {
  cloudComplete: Completion;
  cloudSuccess: Success;
  cloudScore: number | null;
  cloudTotalTime: number;
  instanceId: number;
  reportedAt: Date;
  reportSource: ReportSource;
  reportDetail: unknown;
  cloudUpdatedAt: Date | null;
}

export const compareProgress = (a: Progress, b: Progress): number => {
  if (a.instanceId !== b.instanceId) return Math.sign(a.instanceId - b.instanceId);
  // V2 stamps every change, including a score set without tracked time; V1 reports (and rows stored
  // from them) have no stamp, so a mixed pair falls back to tracked time, which only grows.
  if (a.updatedAt && b.updatedAt && a.updatedAt.getTime() !== b.updatedAt.getTime()) return Math.sign(a.updatedAt.getTime() - b.updatedAt.getTime());
  return Math.sign(a.totalTimeSeconds - b.totalTimeSeconds);
};

/** The stored progress of a row; a row that never received a report is at (0, 0), which every report reaches. */
export const storedProgress = (row: {
  instanceId?: number | string | null;
  cloudTotalTime?: number | string | null;
  cloudUpdatedAt?: Date | string | null;
}): Progress => ({
  instanceId: Number(row.instanceId ?? 0),
  totalTimeSeconds: Number(row.cloudTotalTime ?? 0),
  ...(row.cloudUpdatedAt ? { updatedAt: new Date(row.cloudUpdatedAt) } : {}),
});

/**
 * A report is stale when it is behind what we hold. Postbacks are queued and retried by the Cloud, so an
 * older report can arrive after a newer one; time tracked only grows within an instance, and a reset
 * starts a higher instance, so `(instanceId, totalTime)` orders the reports. An equal one is applied:
 * it is the same state (a duplicate) or a change that tracked no time (a score set by an exam, say).
 */
export const isStale = (stored: Progress, report: Progress): boolean => compareProgress(report, stored) < 0;

/** A report as the merge rule orders it. */
export const progressOf = (report: RegistrationReport): Progress => ({
  instanceId: report.instanceId,
  totalTimeSeconds: report.totalTimeSeconds,
  ...(report.updatedAt ? { updatedAt: report.updatedAt } : {}),
});

/** The Cloud columns a report replaces; overrides and effective values are not touched here. */
export function cloudStateFrom(report: RegistrationReport, source: ReportSource, at: Date): CloudState {
  return {
    cloudComplete: report.complete,
    cloudSuccess: report.success,
    cloudScore: report.score,
    cloudTotalTime: Math.round(report.totalTimeSeconds),
    instanceId: report.instanceId,
    reportedAt: at,
    reportSource: source,
    // The activity tree only exists in `activity`/`full` reports; a `course` report clears an old tree.
    reportDetail: report.activity ?? null,
    cloudUpdatedAt: report.updatedAt ?? null,
  };
}
