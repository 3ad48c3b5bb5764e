import type { ImportJob } from '../cloud';
import type { CourseData, CourseRow, CourseWhere } from './repository';

/**
 * The life of a course row, in one place for the upload paths and the import follower:
 *
 *   uploading ──token──▶ importing ──job complete──▶ ready
 *       │                    │
 *       ├──failure───────────┴──job error, timeout──▶ failed, or ready with the error shown when a
 *       │                                             version of the course is already live
 *       └──the browser cancelled──▶ no row (a new course), or the course as it was (a new version)
 *
 * `uploading` rows hold a lease: a proxy upload's (renewed while bytes flow) or `direct`, for a browser's
 * own upload awaiting its token. Each transition is the row change it makes plus the state it requires.
 */

/** Where a new upload (a course or a new version of one) may start. */
export const REPLACEABLE: CourseWhere = { status: { $in: ['ready', 'failed'] } };
export const UPLOADING: CourseWhere = { status: 'uploading' };
export const IMPORTING: CourseWhere = { status: 'importing' };
/** Courses on their way to ready or failed. */
export const IN_FLIGHT: CourseWhere = { status: { $in: ['uploading', 'importing'] } };
/** The lease owner of a browser's own upload. */
export const DIRECT_OWNER = 'direct';

export const isAwaitingDirectUpload = (row: CourseRow): boolean => row.status === 'uploading' && row.leaseOwner === DIRECT_OWNER;

/** Imports the follower should ask the Cloud about now. */
export const dueImports = (now: Date): CourseWhere => ({ ...IMPORTING, $or: [{ nextPollAt: { $null: true } }, { nextPollAt: { $lte: now } }] });

/** Uploads whose lease ran out: the browser went, or Strapi stopped mid-stream. */
export const abandonedUploads = (now: Date): CourseWhere => ({ ...UPLOADING, leaseUntil: { $lt: now } });

const released = { leaseOwner: null, leaseUntil: null } as const;

/** Seconds until the next poll of an import after `attempts` polls: doubles from the first delay up to the ceiling. */
export function backoffSeconds(attempts: number, initial: number, max: number): number {
  return Math.min(max, initial * 2 ** Math.min(attempts, 30));
}

export interface PollTiming {
  initialDelaySeconds: number;
  maxDelaySeconds: number;
}

const nextPoll = (now: Date, attempts: number, timing: PollTiming) =>
  new Date(now.getTime() + backoffSeconds(attempts, timing.initialDelaySeconds, timing.maxDelaySeconds) * 1000);

/** → uploading, under `lease`. A title given with the upload is the editor's and survives the import. */
export function startUpload(input: { packageName: string; title?: string; lease: { leaseOwner: string; leaseUntil: Date } }, now: Date): CourseData {
  return {
    status: 'uploading',
    packageName: input.packageName,
    packageBytes: null,
    importToken: null,
    importProgress: 0,
    importMessage: null,
    error: null,
    importStartedAt: now,
    importFinishedAt: null,
    nextPollAt: null,
    pollAttempts: 0,
    updatedAt: now,
    ...input.lease,
    ...(input.title ? { title: input.title, titleSource: 'editor' as const } : {}),
  };
}

/** uploading → importing: the Cloud took the package and named its import job. */
export function uploaded(token: string, bytes: number | null, now: Date, timing: PollTiming): CourseData {
  return {
    status: 'importing',
    importToken: token,
    updatedAt: now,
    ...(bytes !== null ? { packageBytes: bytes } : {}),
    importProgress: 0,
    nextPollAt: new Date(now.getTime() + timing.initialDelaySeconds * 1000),
    pollAttempts: 0,
    ...released,
  };
}

/** uploading or importing → failed, or back to ready with the error shown when a version of the course is live. */
export function failed(row: CourseRow, message: string, now: Date): CourseData {
  return { status: row.version == null ? 'failed' : 'ready', error: message, importFinishedAt: now, updatedAt: now, nextPollAt: null, ...released };
}

/** uploading → the course as it was before a new version's upload that the browser gave up on. */
export function uploadWithdrawn(previous: CourseRow, now: Date): CourseData {
  return {
    status: previous.status,
    title: previous.title,
    titleSource: previous.titleSource,
    packageName: previous.packageName,
    packageBytes: previous.packageBytes,
    importToken: previous.importToken,
    importProgress: previous.importProgress,
    importMessage: previous.importMessage,
    error: previous.error,
    importStartedAt: previous.importStartedAt,
    importFinishedAt: previous.importFinishedAt,
    nextPollAt: previous.nextPollAt,
    pollAttempts: previous.pollAttempts,
    updatedAt: now,
    ...released,
  };
}

/** importing, still running: its progress, and when to ask again. */
export function stillImporting(row: CourseRow, job: ImportJob, now: Date, timing: PollTiming): CourseData {
  const attempts = row.pollAttempts + 1;
  return {
    importProgress: job.progress ?? row.importProgress ?? 0,
    importMessage: job.message ?? null,
    pollAttempts: attempts,
    updatedAt: now,
    nextPollAt: nextPoll(now, attempts, timing),
    ...released,
  };
}

/** importing, the Cloud could not be asked (unreachable, 5xx, credentials, clock): ask again later. */
export function askAgainLater(row: CourseRow, now: Date, timing: PollTiming): CourseData {
  const attempts = row.pollAttempts + 1;
  return { pollAttempts: attempts, nextPollAt: nextPoll(now, attempts, timing), ...released };
}

/** importing → ready, or failed with the Cloud's reason. An editor's title survives; the manifest's fills an empty one. */
export function importEnded(row: CourseRow, job: ImportJob, now: Date): CourseData {
  if (job.status === 'error') {
    const warnings = job.parserWarnings.length ? { parserWarnings: job.parserWarnings } : {};
    return {
      ...failed(row, job.message || 'SCORM Cloud could not import the package and gave no reason.', now),
      ...warnings,
      importMessage: job.message ?? null,
    };
  }
  const keepTitle = row.titleSource === 'editor' && row.title;
  return {
    status: 'ready',
    title: keepTitle ? row.title : job.course?.title || row.title || row.packageName,
    parserWarnings: job.parserWarnings,
    importProgress: 100,
    importMessage: job.message || null,
    error: null,
    // The version is informative only: when the Cloud does not say, count on from the last one.
    version: job.course?.version ?? (row.version ?? -1) + 1,
    importFinishedAt: now,
    updatedAt: now,
    nextPollAt: null,
    ...released,
  };
}
