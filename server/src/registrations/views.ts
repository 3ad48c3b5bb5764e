import type { Completion, RegistrationDetail, RegistrationView, Success } from '../contracts/registrations';
import { overriddenFlags } from '../results/effective';
import type { RegistrationRow } from './repository';

/**
 * What every API (admin and content, this module's and the results module's) shows of a registration:
 * the contract in server/src/contracts/registrations.ts. Never the postback password, the launch ticket
 * or the refresh bookkeeping.
 */
export type { Completion, RegistrationDetail, RegistrationView, Success };

const iso = (d: Date | null): string | null => (d == null ? null : d.toISOString());

export function toRegistrationView(row: RegistrationRow): RegistrationView {
  const overridden = overriddenFlags(row);
  const anyOverride = overridden.complete || overridden.success || overridden.score;
  return {
    documentId: row.documentId,
    registrationId: row.registrationId,
    course: row.course ? { courseId: row.course.courseId, title: row.course.title } : null,
    learnerId: row.learnerId,
    learnerFirstName: row.learnerFirstName,
    learnerLastName: row.learnerLastName,
    learnerEmail: row.learnerEmail,
    userDocumentId: row.userDocumentId,
    attempt: row.attempt,
    cloudStatus: row.cloudStatus,
    complete: row.complete,
    success: row.success,
    score: row.score,
    totalTime: row.cloudTotalTime,
    overridden,
    cloud: {
      complete: row.cloudComplete,
      success: row.cloudSuccess,
      score: row.cloudScore,
      totalTime: row.cloudTotalTime,
      instanceId: row.instanceId,
      reportedAt: iso(row.reportedAt),
      reportSource: row.reportSource,
    },
    override:
      anyOverride || row.overrideReason !== null
        ? {
            complete: row.overrideComplete,
            success: row.overrideSuccess,
            score: row.overrideScore,
            reason: row.overrideReason,
            by: row.overriddenBy,
            at: iso(row.overriddenAt),
          }
        : null,
    launchCount: row.launchCount,
    lastLaunchedAt: iso(row.lastLaunchedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The admin's view of one registration: the view plus the append-only override history. */
export const toRegistrationDetail = (row: RegistrationRow): RegistrationDetail => ({
  ...toRegistrationView(row),
  overrideHistory: row.overrideHistory,
});
