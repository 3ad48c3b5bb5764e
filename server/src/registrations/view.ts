import type { Completion, RegistrationDetail, RegistrationView, Success } from '../contracts/registrations';

/**
 * What every API (admin and content, this module's and the results module's) shows of a registration:
 * the contract in server/src/contracts/registrations.ts. Never the postback password, the launch ticket
 * or the refresh bookkeeping.
 */
export type { Completion, RegistrationDetail, RegistrationView, Success };

// Decimals come back as strings from PostgreSQL and MariaDB, dates as strings from SQLite.
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const iso = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : new Date(v as string).toISOString());
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const isSet = (v: unknown): boolean => v !== null && v !== undefined;

export function toRegistrationView(row: any): RegistrationView {
  const overridden = { complete: isSet(row.overrideComplete), success: isSet(row.overrideSuccess), score: isSet(row.overrideScore) };
  const anyOverride = overridden.complete || overridden.success || overridden.score;
  const course = row.course && typeof row.course === 'object' ? { courseId: String(row.course.courseId), title: str(row.course.title) } : null;
  const cloudTotalTime = num(row.cloudTotalTime) ?? 0;
  return {
    documentId: String(row.documentId),
    registrationId: String(row.registrationId),
    course,
    learnerId: String(row.learnerId),
    learnerFirstName: str(row.learnerFirstName),
    learnerLastName: str(row.learnerLastName),
    learnerEmail: str(row.learnerEmail),
    userDocumentId: str(row.userDocumentId),
    attempt: num(row.attempt) ?? 1,
    cloudStatus: String(row.cloudStatus),
    complete: (row.complete ?? 'unknown') as Completion,
    success: (row.success ?? 'unknown') as Success,
    score: num(row.score),
    totalTime: cloudTotalTime,
    overridden,
    cloud: {
      complete: (row.cloudComplete ?? 'unknown') as Completion,
      success: (row.cloudSuccess ?? 'unknown') as Success,
      score: num(row.cloudScore),
      totalTime: cloudTotalTime,
      instanceId: num(row.instanceId) ?? 0,
      reportedAt: iso(row.reportedAt),
      reportSource: str(row.reportSource),
    },
    override:
      anyOverride || isSet(row.overrideReason)
        ? {
            complete: (row.overrideComplete ?? null) as Completion | null,
            success: (row.overrideSuccess ?? null) as Success | null,
            score: num(row.overrideScore),
            reason: str(row.overrideReason),
            by: str(row.overriddenBy),
            at: iso(row.overriddenAt),
          }
        : null,
    launchCount: num(row.launchCount) ?? 0,
    lastLaunchedAt: iso(row.lastLaunchedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The admin's view of one registration: the view plus the append-only override history. */
export const toRegistrationDetail = (row: Record<string, any>): RegistrationDetail => ({
  ...toRegistrationView(row),
  overrideHistory: Array.isArray(row.overrideHistory) ? row.overrideHistory : [],
});
