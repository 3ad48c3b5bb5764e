import type { LooseRecord } from './xml';

/** Typed results of the Cloud calls. Nothing here mentions XML or JSON: callers never see the wire format. */

export type ResultsFormat = 'course' | 'activity' | 'full';
export type PostbackAuthType = 'form' | 'httpbasic';
export type Completion = 'complete' | 'incomplete' | 'unknown';
export type Success = 'passed' | 'failed' | 'unknown';

export interface ImportResult {
  successful: boolean;
  title: string;
  message: string;
  parserWarnings: string[];
}

export type AsyncImportStatus = 'created' | 'running' | 'finished' | 'error';

export interface AsyncImportResult {
  status: AsyncImportStatus;
  message?: string;
  /** 0–100, when the Cloud reports it. */
  progress?: number;
  /** Filled once `finished`. A finished import may still be unsuccessful: check each `successful`. */
  results: ImportResult[];
  error?: { code?: number; message: string };
}

export interface ObjectiveReport {
  id: string;
  measureStatus?: boolean;
  normalizedMeasure?: number;
  progressStatus?: boolean;
  satisfiedStatus?: boolean;
}

export interface ActivityReport {
  id: string;
  title: string;
  attempts: number;
  complete: Completion;
  success: Success;
  /** 0–100, null when unknown. */
  score: number | null;
  /** Seconds of the activity's time, rounded to the nearest second. */
  timeSeconds: number;
  children: ActivityReport[];
  /** `full` only. */
  satisfied?: boolean;
  completed?: boolean;
  progressStatus?: boolean;
  suspended?: boolean;
  objectives?: ObjectiveReport[];
  /** `full` only: the SCORM runtime block as a loose record (values are strings). */
  runtime?: LooseRecord;
}

/**
 * The largest instance number or total of seconds a report may carry. SCORM Cloud's instance numbers are
 * 32-bit (V2's schema types `instance` int32) and no registration tracks 68 years; a larger value comes
 * from a broken or forged report, and would not fit the integer columns that keep it.
 */
export const MAX_REPORT_COUNT = 2_147_483_647;

/** Whether `value` is an instance number or a total of seconds a report may carry; `REPORT_COUNT` says it in words. */
export const isReportCount = (value: number): boolean => Number.isSafeInteger(value) && value >= 0 && value <= MAX_REPORT_COUNT;
export const REPORT_COUNT = `a whole number from 0 to ${MAX_REPORT_COUNT}`;

export interface RegistrationReport {
  format: ResultsFormat;
  registrationId: string;
  instanceId: number;
  complete: Completion;
  success: Success;
  /** 0–100; null when the Cloud says `unknown` (not the same as 0, nor as failed). */
  score: number | null;
  totalTimeSeconds: number;
  /** V2 only: when the Cloud last changed the registration (`updated`). Orders reports of one instance. */
  updatedAt?: Date;
  /** The activity tree for `activity` and `full` reports. */
  activity?: ActivityReport;
}

export interface CourseSummary {
  id: string;
  title: string;
  /** Number of versions; the Cloud reports -1 for some courses. */
  versions: number;
  registrations: number;
  size: number;
  tags: string[];
  learningStandard?: string;
}

export interface CourseVersion {
  versionId: string;
  updateDate?: Date;
}

export interface CourseDetail extends CourseSummary {
  versionList: CourseVersion[];
  createDate?: Date;
}

/** `getManifest`, counted: the default organization's items by their resource's scormtype. */
export interface ManifestActivities {
  scos: number;
  assets: number;
}

export interface RegistrationInstance {
  instanceId: number;
  courseVersion: string;
  updateDate?: Date;
}

export interface RegistrationSummary {
  id: string;
  courseId: string;
  appId?: string;
  courseTitle?: string;
  lastCourseVersionLaunched?: string;
  learnerId: string;
  learnerFirstName: string;
  learnerLastName: string;
  email?: string;
  createDate?: Date;
  firstAccessDate?: Date;
  lastAccessDate?: Date;
  completedDate?: Date;
  instances: RegistrationInstance[];
}

export interface LaunchInfo {
  id: string;
  completion: string;
  satisfaction: string;
  measureStatus?: string;
  normalizedMeasure?: number;
  experiencedDurationTracked?: number;
  launchTime?: Date;
  exitTime?: Date;
  updateDate?: Date;
}

export interface LaunchHistory {
  registrationId: string;
  launches: LaunchInfo[];
}

export interface PostbackSettings {
  url: string;
  authType: PostbackAuthType;
  username?: string;
  password?: string;
  resultsFormat?: ResultsFormat;
}

export interface PostbackInfo {
  registrationId: string;
  url: string;
  authType: PostbackAuthType;
  username?: string;
  password?: string;
  resultsFormat: ResultsFormat;
}
