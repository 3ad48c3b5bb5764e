/** What the plugin's admin routes answer (server/src/courses, settings and poller controllers). */
export type CourseStatus = 'uploading' | 'importing' | 'ready' | 'failed' | 'deleting';

export const COURSE_STATUSES: CourseStatus[] = ['uploading', 'importing', 'ready', 'failed', 'deleting'];

export interface CourseView {
  documentId: string;
  courseId: string;
  title: string | null;
  status: CourseStatus;
  importProgress: number | null;
  importMessage: string | null;
  parserWarnings: string[] | null;
  error: string | null;
  packageName: string | null;
  /** A biginteger column: some databases answer it as a string. */
  packageBytes: number | string | null;
  version: number | null;
  launchable: boolean;
  registrationsCount?: number;
  importStartedAt: string | null;
  importFinishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PaginationMeta {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface CourseList {
  data: CourseView[];
  meta: { pagination: PaginationMeta };
}

export interface SettingsView {
  configured: boolean;
  appId: string | null;
  serviceUrl: string;
  origin: string;
  publicUrl?: string;
  postback: { enabled: boolean; url: string; authType: string; resultsFormat: string };
  registration: { createOn: 'launch' | 'assign' };
  upload: { mode: 'proxy' | 'direct' | string; maxBytes: number };
  poller: { enabled: boolean; rule: string };
}

export interface PollerView {
  enabled: boolean;
  rule: string;
  running: boolean;
  pendingImports: number;
  lastRunAt: string | null;
  lastError: string | null;
  lastDurationMs: number | null;
  /** Set when imports will not be followed (poller disabled or not scheduled); said loudly on the page. */
  warning?: string | null;
}

export interface DirectUpload {
  course: CourseView;
  uploadUrl: string;
  expiresAt: string;
  fileField: string;
}

/** Strapi's error body: `{ error: { status, name, message, details } }`. */
export interface ApiErrorBody {
  error?: { status?: number; name?: string; message?: string; details?: { code?: string; [key: string]: unknown } };
}

export const isImporting = (course: Pick<CourseView, 'status'>) => course.status === 'uploading' || course.status === 'importing';

/** A registration as the admin routes answer it (server/src/registrations/view.ts). */
export type Completion = 'complete' | 'incomplete' | 'unknown';
export type Success = 'passed' | 'failed' | 'unknown';

export const COMPLETIONS: Completion[] = ['complete', 'incomplete', 'unknown'];
export const SUCCESSES: Success[] = ['passed', 'failed', 'unknown'];

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

export interface OverrideHistoryEntry {
  at: string;
  by: { id: number | string | null; email: string | null };
  action: 'set' | 'clear';
  values: OverrideValues;
  reason: string | null;
  previous: OverrideValues;
}

export interface RegistrationDetail extends RegistrationView {
  overrideHistory: OverrideHistoryEntry[];
}

export interface RegistrationList {
  data: RegistrationView[];
  meta: { pagination: PaginationMeta };
}
