import type { LearningStandard } from '../cloud/learning-standard';
import type { Page } from './pagination';

export type CourseStatus = 'uploading' | 'importing' | 'ready' | 'failed' | 'deleting';

/** A course as the admin routes answer it (server/src/courses/views.ts): never the import token or the poller's lease. */
export interface CourseView {
  documentId: string;
  courseId: string;
  title: string | null;
  status: CourseStatus;
  importProgress: number | null;
  importMessage: string | null;
  /** Always a list (empty when SCORM Cloud reported none). */
  parserWarnings: string[];
  error: string | null;
  packageName: string | null;
  /** Bytes; the biginteger column is turned into a number by the server. */
  packageBytes: number | null;
  version: number | null;
  launchable: boolean;
  registrationsCount: number;
  importStartedAt: string | null;
  importFinishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One of the registrations a course version shows, with the learner as Strapi knows them. */
export interface CourseVersionRegistration {
  registrationId: string;
  learnerId: string;
  learnerFirstName: string | null;
  learnerLastName: string | null;
  /** false: only SCORM Cloud has it (made outside this Strapi), so there is no registration page to open. */
  inStrapi: boolean;
}

/** `GET /courses/:courseId/details`: what only SCORM Cloud knows of a course, read when its page opens. */
export interface CourseCloudDetails {
  /** `scorm12`, `scorm2004-4th`, `cmi5`, … (server/src/cloud/learning-standard.ts); null before a first import. */
  learningStandard: LearningStandard | null;
  /** The live version's SCOs and assets; null when SCORM Cloud cannot say (then nothing is shown, not a zero). */
  activities: { scos: number; assets: number } | null;
  /**
   * Newest first; `live` is the version learners launch (SCORM Cloud counts from 0). `registrationCount`
   * is how many of the course's registrations are on the version; `registrations` the newest of them
   * (at most 10, server/src/courses/cloud-details.ts), so the page says "and n more" for the rest.
   */
  versions: Array<{ version: number; updatedAt: string | null; live: boolean; registrationCount: number; registrations: CourseVersionRegistration[] }>;
  /** true when the course has more registrations than are counted (the newest 1000): counts are "at least". */
  registrationsPartial: boolean;
}

/** A course as site frontends see it through the content API. */
export interface PublicCourse {
  courseId: string;
  title: string | null;
  version: number | null;
  updatedAt: string;
}

export type CourseList = Page<CourseView>;
export type PublicCourseList = Page<PublicCourse>;

/** `POST /courses/direct-upload`: the course row and where the browser posts the package. */
export interface DirectUpload {
  course: CourseView;
  uploadUrl: string;
  expiresAt: string;
  fileField: string;
  /**
   * `xhr`: a script post with `headers` (on V2 a short-lived bearer token for this one upload), whose
   * answer the page hands to `POST /courses/:courseId/import-token` as `{ cloudStatus, cloudAnswer }`.
   * `form`: a plain form post whose redirect brings the browser back to Strapi with the token (V1).
   */
  transport: 'form' | 'xhr';
  headers: Record<string, string>;
  /** V1: the form post to use when the browser could not send the script post (its preflight refused). */
  fallback?: { transport: 'form'; url: string; fileField: string };
}

/**
 * `POST /courses/:courseId/import-token`: the import job of a direct upload, either as the Cloud's answer
 * to the browser's post (read by the server, which alone knows the Cloud's formats) or as a token.
 */
export type ImportTokenReport = { token: string } | { cloudStatus: number; cloudAnswer: string };

/** `GET /courses/upload-options`: readable with the upload permission alone. */
export interface UploadOptions {
  mode: 'proxy' | 'direct';
  maxBytes: number;
}

/** `DELETE /courses/:courseId`. */
export interface CourseDeleted {
  courseId: string;
  deleted: true;
}

/** `POST /courses/:courseId/preview`: a link to open at once; it plays the course with nothing tracked. */
export interface CoursePreview {
  url: string;
  /** Until when the link opens (V2: the link's expiry; V1: the signature window). */
  expiresAt: string;
}
