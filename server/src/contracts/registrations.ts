import type { Completion, Success } from '../cloud/types';
import type { Page } from './pagination';

export type { Completion, Success };

/**
 * What every API (admin and content, the registrations module's and the results module's) shows of a
 * registration (server/src/registrations/views.ts). Never the postback password, the launch ticket or the
 * refresh bookkeeping. Learners (content API) get this view; the admin's one-registration routes add the
 * override history (RegistrationDetail).
 */
export interface RegistrationView {
  documentId: string;
  registrationId: string;
  course: { courseId: string; title: string | null } | null;
  learnerId: string;
  learnerFirstName: string | null;
  learnerLastName: string | null;
  learnerEmail: string | null;
  userDocumentId: string | null;
  attempt: number;
  cloudStatus: string;
  complete: Completion;
  success: Success;
  score: number | null;
  totalTime: number;
  overridden: { complete: boolean; success: boolean; score: boolean };
  cloud: {
    complete: Completion;
    success: Success;
    score: number | null;
    totalTime: number;
    instanceId: number;
    reportedAt: string | null;
    reportSource: string | null;
  };
  override: { complete: Completion | null; success: Success | null; score: number | null; reason: string | null; by: string | null; at: string | null } | null;
  launchCount: number;
  lastLaunchedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface OverrideValues {
  complete: Completion | null;
  success: Success | null;
  score: number | null;
}

/** One entry of a registration's append-only override history (server/src/results/override.ts). */
export interface OverrideHistoryEntry {
  at: string;
  by: { id: number | string | null; email: string | null };
  action: 'set' | 'clear';
  values: OverrideValues;
  reason: string | null;
  previous: OverrideValues;
}

/** The admin's view of one registration: the view plus the override history. */
export interface RegistrationDetail extends RegistrationView {
  overrideHistory: OverrideHistoryEntry[];
}

export type RegistrationList = Page<RegistrationView>;
