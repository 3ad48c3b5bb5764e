import type { Readable } from 'node:stream';
import type { LearningStandard } from './learning-standard';
import type { PostbackSettings, RegistrationReport, ResultsFormat } from './types';

/**
 * What the plugin needs from SCORM Cloud, with no wire format in sight. Two transports implement it:
 * V2 (REST/JSON, the default: SCORM Cloud refuses V1 to accounts created since about 2021) and V1
 * (signed XML calls, for older accounts). Services depend on this interface only.
 */
export type ApiVersion = 'v2' | 'v1';

export interface ImportPackageOptions {
  filename: string;
  signal?: AbortSignal;
  contentType?: string;
  /** A new version of a course the Cloud already has. V2 refuses a known course ID without it (409). */
  newVersion?: boolean;
}

export type ImportJobStatus = 'running' | 'complete' | 'error';

/** An import job as the poller sees it, whichever version ran it. */
export interface ImportJob {
  status: ImportJobStatus;
  /** 0–100 while running, when the Cloud says. */
  progress?: number;
  /** The Cloud's message: progress text while running, the reason on `error`. */
  message?: string;
  /** Filled on `complete`; may be absent on `error`. */
  course?: { title: string; version?: number; learningStandard?: LearningStandard };
  parserWarnings: string[];
}

export interface CloudCourse {
  id: string;
  title: string;
  /** The latest version number as the Cloud counts it. */
  version?: number;
  learningStandard?: LearningStandard;
  registrationCount?: number;
  createdAt?: Date;
  updatedAt?: Date;
}

export interface CloudCourseVersion {
  version: number;
  updatedAt?: Date;
}

/** What a version's activity tree holds that a learner can launch. */
export interface CloudCourseActivities {
  /** Activities that talk to the LMS through the SCORM runtime. */
  scos: number;
  /** Launchable content that does not (SCORM assets); it is never tracked. */
  assets: number;
}

export interface NewRegistration {
  courseId: string;
  registrationId: string;
  learnerId: string;
  firstName: string;
  lastName: string;
  email?: string;
  postback?: PostbackSettings;
}

export interface CloudLearner {
  learnerId: string;
  firstName: string;
  lastName: string;
  email?: string;
}

export interface CloudRegistration {
  id: string;
  courseId: string;
  learnerId: string;
  learnerFirstName?: string;
  learnerLastName?: string;
  email?: string;
  createdAt?: Date;
  updatedAt?: Date;
  /** Latest instance, when known. */
  instance?: number;
  /** The course version the registration (its latest instance) is on, when the Cloud says. */
  courseVersion?: number;
}

export interface CloudRegistrationQuery {
  courseId?: string;
  learnerId?: string;
  since?: Date;
  until?: Date;
  /** At most this many, read no further than needed (V2 pages stop there). */
  limit?: number;
}

export interface CloudLaunch {
  instance?: number;
  completion: string;
  success: string;
  /** 0–100, as the registration's score. */
  score?: number | null;
  totalSecondsTracked?: number;
  launchedAt?: Date;
  exitedAt?: Date;
  updatedAt?: Date;
}

export interface LaunchLinkOptions {
  /** Where the player sends the learner on exit (the plugin's exit route). */
  redirectUrl: string;
  /** V2 only: seconds the unused link lives, 10–300 (default 120). V1 links live for the 15-minute signature window. */
  expirySeconds?: number;
  signal?: AbortSignal;
}

export interface LaunchLink {
  url: string;
  expiresAt: Date;
}

export interface ConnectionInfo {
  /** The Cloud's clock minus ours in whole seconds (positive: the Cloud is ahead), when it tells its time. */
  clockOffsetSeconds?: number;
}

/**
 * A browser upload that goes straight to the Cloud. V1: a form post to a freshly signed
 * `importCourseAsync` URL. V2: a multipart POST with a short-lived bearer token for this one upload.
 */
export interface DirectUploadTarget {
  /**
   * `xhr`: a script post whose answer the page hands to `readDirectUploadAnswer` (through Strapi), so it
   * shows real progress. `form`: a plain form post answered by a redirect to `redirectUrl` (V1 only).
   */
  transport: 'form' | 'xhr';
  url: string;
  method: 'POST';
  /** The multipart field that carries the package. */
  fileField: string;
  /** Headers the browser must send (V2: `Authorization: Bearer …`). */
  headers: Record<string, string>;
  expiresAt: Date;
  /**
   * V1: a form post signed with the redirect, for a browser that cannot read the Cloud's answer. A script
   * post with upload progress is preflighted, so when the preflight is refused nothing was sent and the
   * page can fall back to this without importing the package twice.
   */
  fallback?: { transport: 'form'; url: string; fileField: string };
}

/** What the Cloud answered the browser's own upload: its HTTP status and body, as read by the page. */
export interface DirectUploadAnswer {
  status: number;
  body: string;
}

export interface CloudApi {
  readonly apiVersion: ApiVersion;

  /** Proves the credentials. Rejects with CloudAuthError when they are refused. */
  ping(): Promise<ConnectionInfo>;

  /** Streams a package to the Cloud and returns the import job to follow. Never retried (a stream cannot be replayed). */
  importPackage(courseId: string, source: Readable, options: ImportPackageOptions): Promise<{ jobId: string }>;
  /** `courseId` is the course the job imports (V1's answer does not name it). */
  getImportJob(jobId: string, courseId: string): Promise<ImportJob>;
  /** Where a browser may upload a package itself (`upload.mode: "direct"`). */
  directUploadTarget(courseId: string, options: { redirectUrl: string; expirySeconds?: number }): Promise<DirectUploadTarget>;
  /**
   * The import job in the Cloud's answer to a browser's `xhr` upload. A refusal (V1's `stat="fail"`, a V2
   * 4xx) rejects with a CloudApiError carrying the Cloud's message; an answer that is not the Cloud's
   * format rejects with CloudResponseError.
   */
  readDirectUploadAnswer(answer: DirectUploadAnswer): { jobId: string };

  getCourse(courseId: string): Promise<CloudCourse>;
  /** false when the Cloud does not know the course (never throws for that). */
  courseExists(courseId: string): Promise<boolean>;
  getCourseVersions(courseId: string): Promise<CloudCourseVersion[]>;
  /**
   * The SCOs and assets of one version (the latest without `version`). Undefined when the Cloud cannot
   * say, e.g. for a course with no SCORM manifest (cmi5, AICC) on V1: never a zero that is not one.
   */
  getCourseActivities(courseId: string, version?: number): Promise<CloudCourseActivities | undefined>;
  deleteCourse(courseId: string): Promise<void>;

  /** Rejects with a CloudApiError of kind `already-exists` when the ID is taken. */
  createRegistration(input: NewRegistration): Promise<void>;
  registrationExists(registrationId: string): Promise<boolean>;
  /** The registration's results at the detail the results format asks for. */
  getRegistrationProgress(registrationId: string, options?: { format?: ResultsFormat }): Promise<RegistrationReport>;
  listRegistrations(query?: CloudRegistrationQuery): Promise<CloudRegistration[]>;
  deleteRegistration(registrationId: string): Promise<void>;
  /** Clears progress in the Cloud; the registration stays. */
  resetRegistration(registrationId: string): Promise<void>;
  getLaunchHistory(registrationId: string): Promise<CloudLaunch[]>;
  /** Mints (V2) or signs (V1) a launch link now; it must be used at once. */
  launchLink(registrationId: string, options: LaunchLinkOptions): Promise<LaunchLink>;
  /**
   * Mints (V2) or signs (V1) a preview link: the course played with no registration and nothing tracked,
   * for editors. The latest version without `version`.
   */
  previewLink(courseId: string, options: LaunchLinkOptions & { version?: number }): Promise<LaunchLink>;

  /** Renames the learner on all their registrations. */
  updateLearner(learner: CloudLearner): Promise<void>;
  /**
   * Asks the Cloud to erase the learner's personal data in the background, confirmed by e-mail to
   * `initiatorEmail` (an owner or administrator of the account). False where the API version has no such
   * call (V1), so the caller can say so.
   */
  eraseLearnerData(learnerId: string, initiatorEmail: string): Promise<boolean>;
  /** Makes the Cloud send a sample postback to `settings.url` now. */
  testPostback(settings: PostbackSettings): Promise<void>;
}
