import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type {
  CloudApi,
  CloudCourse,
  CloudCourseActivities,
  CloudCourseVersion,
  CloudLaunch,
  CloudLearner,
  CloudRegistration,
  CloudRegistrationQuery,
  ConnectionInfo,
  DirectUploadAnswer,
  DirectUploadTarget,
  ImportJob,
  ImportPackageOptions,
  LaunchLink,
  LaunchLinkOptions,
  NewRegistration,
} from '../api';
import { CloudAbortedError, CloudApiError, CloudError, CloudResponseError } from '../errors';
import { learningStandardOf } from '../learning-standard';
import { multipartFileBody } from '../multipart';
import type { PostbackSettings, RegistrationReport, ResultsFormat } from '../types';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../xml';
import {
  arrayField,
  enumValue,
  objectField,
  optionalDate,
  optionalInteger,
  optionalNumber,
  optionalObject,
  optionalString,
  stringArray,
  stringField,
  type JsonContext,
  type JsonObject,
} from './json';
import { registrationReportFromV2 } from './registration-report';
import { normalizeV2ServiceUrl } from './service-url';
import { errorMessageOf, kindFor, UploadIdleError, V2Transport, type CloudV2RequestEvent, type CloudV2ResponseEvent, type V2Call } from './transport';

export type { CloudV2RequestEvent, CloudV2ResponseEvent } from './transport';

export interface CloudV2ClientOptions {
  /** The V2 base, default `https://cloud.scorm.com/api/v2`; a bare host or the V1 `/api` gets `/api/v2` completed. */
  serviceUrl?: string;
  appId: string;
  secretKey: string;
  /** Deadline for one ordinary call (each attempt), default 30 s. */
  timeoutMs?: number;
  /** Uploads: longest silence allowed while sending or while waiting for the answer after the last byte. Default 5 minutes. */
  uploadIdleTimeoutMs?: number;
  /** Extra attempts for calls that are safe to repeat (and for 429s), default 2. */
  retries?: number;
  /** Delay before retry `attempt` (0-based) when the Cloud gives no Retry-After. Default: 200 ms doubling, capped at 2 s, with jitter. */
  retryDelayMs?: number | ((attempt: number) => number);
  /** Longest Retry-After waited out inside a call, default 30 s; a longer one is thrown as CloudRateLimitError at once. */
  maxRetryAfterMs?: number;
  /** Response bodies above this are refused (CloudResponseError). Default 5 MB. */
  maxResponseBytes?: number;
  dispatcher?: Dispatcher;
  /** Clock for link expiry, clock-offset measurement and Retry-After dates. */
  now?: () => Date;
  onRequest?: (event: CloudV2RequestEvent) => void;
  onResponse?: (event: CloudV2ResponseEvent) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_UPLOAD_IDLE_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;
const DEFAULT_LAUNCH_EXPIRY_SECONDS = 120;
const DEFAULT_UPLOAD_TOKEN_SECONDS = 300;

const defaultRetryDelay = (attempt: number): number => {
  const ceiling = Math.min(2_000, 200 * 2 ** attempt);
  // "Equal jitter": at least half the ceiling, so retries spread out without collapsing to zero.
  return ceiling / 2 + Math.random() * (ceiling / 2);
};

const seg = encodeURIComponent;

const JOB_STATUS: Record<string, ImportJob['status']> = { RUNNING: 'running', COMPLETE: 'complete', ERROR: 'error' };
const COMPLETION: Record<string, string> = { COMPLETED: 'complete', INCOMPLETE: 'incomplete', UNKNOWN: 'unknown' };
const SUCCESS: Record<string, string> = { PASSED: 'passed', FAILED: 'failed', UNKNOWN: 'unknown' };

const AUTH_TYPE = { form: 'FORM', httpbasic: 'HTTPBASIC' } as const;
const RESULTS_FORMAT = { course: 'COURSE', activity: 'ACTIVITY', full: 'FULL' } as const;

/** PostBackSchema. `legacy: false` asks for JSON: this client reads JSON postbacks (and V1 XML ones). */
function postBackJson(p: PostbackSettings): JsonObject {
  const out: JsonObject = { url: p.url, authType: AUTH_TYPE[p.authType] };
  if (p.username !== undefined) out.userName = p.username;
  if (p.password !== undefined) out.password = p.password;
  if (p.resultsFormat !== undefined) out.resultsFormat = RESULTS_FORMAT[p.resultsFormat];
  out.legacy = false;
  return out;
}

/** The include flags of GetRegistrationProgress for each results format. */
const progressQuery = (format: ResultsFormat): Record<string, boolean | undefined> => ({
  includeChildResults: format === 'course' ? undefined : true,
  includeInteractionsAndObjectives: format === 'full' ? true : undefined,
  includeRuntime: format === 'full' ? true : undefined,
});

/**
 * SCORM Cloud API V2 (REST/JSON) behind the `CloudApi` interface. One instance per application
 * (appId/secret); safe to share. Each method sends one call (two for lists that page) and returns typed
 * results, or throws a CloudError subclass.
 */
export class CloudV2Client implements CloudApi {
  readonly apiVersion = 'v2' as const;
  private readonly transport: V2Transport;
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(options: CloudV2ClientOptions) {
    const delay = options.retryDelayMs;
    this.now = options.now ?? (() => new Date());
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.transport = new V2Transport({
      baseUrl: normalizeV2ServiceUrl(options.serviceUrl),
      appId: options.appId,
      secretKey: options.secretKey,
      timeoutMs: this.timeoutMs,
      uploadIdleTimeoutMs: options.uploadIdleTimeoutMs ?? DEFAULT_UPLOAD_IDLE_TIMEOUT_MS,
      retries: Math.max(0, options.retries ?? 2),
      retryDelay: typeof delay === 'function' ? delay : typeof delay === 'number' ? () => delay : defaultRetryDelay,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      dispatcher: options.dispatcher,
      now: this.now,
      onRequest: options.onRequest,
      onResponse: options.onResponse,
    });
    Object.defineProperty(this, 'transport', { enumerable: false });
  }

  /** The normalised V2 base URL (no trailing slash). */
  get serviceUrl(): string {
    return this.transport.baseUrl;
  }

  // ---- transport helpers ----

  private async json(call: V2Call): Promise<JsonObject> {
    const { body, status } = await this.transport.send(call);
    if (body === undefined) throw new CloudResponseError(`SCORM Cloud answered HTTP ${status} to ${call.method} without a body`, call.method, { status });
    return objectField(body, 'response', { method: call.method });
  }

  private async void(call: V2Call): Promise<void> {
    await this.transport.send(call);
  }

  // ---- service ----

  async ping(): Promise<ConnectionInfo> {
    const method = 'GET /ping';
    const before = this.now().getTime();
    const body = await this.json({ method, httpMethod: 'GET', path: '/ping', idempotent: true });
    const after = this.now().getTime();
    // currentTime is typed as a plain string of no stated format: use it only when it reads as an ISO
    // date (UTC when it names no zone), and never fail a credential check over it.
    let current: Date | undefined;
    try {
      current = optionalDate(body.currentTime, 'currentTime', { method });
    } catch {
      current = undefined;
    }
    if (!current) return {};
    // The server stamps somewhere inside our round trip; the midpoint halves the error.
    return { clockOffsetSeconds: Math.round((current.getTime() - (before + after) / 2) / 1000) };
  }

  // ---- courses ----

  /**
   * Streams the package as the multipart part `file`. Never retried: the stream cannot be replayed, and
   * a repeat might add a version. On failure or abort the source stream is destroyed.
   */
  async importPackage(courseId: string, source: Readable, options: ImportPackageOptions): Promise<{ jobId: string }> {
    const method = 'POST /courses/importJobs/upload';
    let sourceError: unknown;
    source.once('error', (err) => {
      sourceError = err;
    });
    const multipart = multipartFileBody(source, { fieldName: 'file', filename: options.filename, contentType: options.contentType });
    const headers: Record<string, string> = { 'content-type': multipart.contentType };
    // The Cloud reads the package type from this header (a header, not a form field), needed for media files.
    if (options.contentType) headers.uploadedContentType = options.contentType.replace(/[\r\n]/g, '');
    try {
      const { body, status } = await this.transport.upload({
        method,
        path: '/courses/importJobs/upload',
        query: { courseId, mayCreateNewVersion: options.newVersion === true },
        headers,
        body: multipart.body,
        source,
        signal: options.signal,
      });
      const ctx = { method };
      const result = objectField(body, 'response', ctx);
      const jobId = stringField(result.result, 'result', ctx);
      if (!jobId) throw new CloudResponseError(`SCORM Cloud answered HTTP ${status} to ${method} with an empty job id`, method, { status });
      return { jobId };
    } catch (err) {
      if (!source.destroyed) source.destroy();
      // Both destroy the source themselves, so its error event then says nothing about the source.
      if (err instanceof CloudAbortedError || err instanceof UploadIdleError) throw err;
      if (sourceError !== undefined) throw new CloudError(`Reading the course package for ${method} failed`, method, { cause: sourceError });
      throw err;
    }
  }

  async getImportJob(jobId: string, _courseId: string): Promise<ImportJob> {
    const method = 'GET /courses/importJobs/{importJobId}';
    const body = await this.json({ method, httpMethod: 'GET', path: `/courses/importJobs/${seg(jobId)}`, idempotent: true });
    const ctx = { method };
    const job: ImportJob = {
      status: enumValue(body.status, JOB_STATUS, 'status', ctx),
      parserWarnings: [],
    };
    const message = optionalString(body.message, 'message', ctx);
    if (message) job.message = message;
    const result = optionalObject(body.importResult, 'importResult', ctx);
    if (result) {
      job.parserWarnings = stringArray(result.parserWarnings, 'importResult.parserWarnings', ctx);
      // Absent in error states (and possibly while running): code for it rather than trust it.
      const course = optionalObject(result.course, 'importResult.course', ctx);
      if (course && job.status === 'complete') {
        job.course = { title: optionalString(course.title, 'importResult.course.title', ctx) ?? '' };
        const version = optionalInteger(course.version, 'importResult.course.version', ctx);
        if (version !== undefined) job.course.version = version;
        const standard = optionalString(course.courseLearningStandard, 'importResult.course.courseLearningStandard', ctx);
        if (standard) job.course.learningStandard = learningStandardOf(standard);
      }
    }
    return job;
  }

  /**
   * A bearer token limited to `write:course` for the browser's own upload. `redirectUrl` has no V2
   * counterpart: the browser reads the job id from the JSON answer.
   */
  async directUploadTarget(courseId: string, options: { redirectUrl: string; expirySeconds?: number }): Promise<DirectUploadTarget> {
    const method = 'POST /oauth/authenticate/application/token';
    const expiration = options.expirySeconds ?? DEFAULT_UPLOAD_TOKEN_SECONDS;
    const issuedAt = this.now().getTime();
    const body = await this.json({
      method,
      httpMethod: 'POST',
      path: '/oauth/authenticate/application/token',
      form: { scope: 'write:course', expiration: String(expiration) },
      // Minting a token changes nothing on the Cloud.
      idempotent: true,
    });
    const ctx = { method };
    const token = stringField(body.access_token, 'access_token', ctx);
    const expiresIn = optionalNumber(body.expires_in, 'expires_in', ctx) ?? expiration;
    const query = new URLSearchParams({ courseId, mayCreateNewVersion: 'false' }).toString();
    return {
      transport: 'xhr',
      url: `${this.transport.baseUrl}/courses/importJobs/upload?${query}`,
      method: 'POST',
      fileField: 'file',
      headers: { Authorization: `Bearer ${token}` },
      expiresAt: new Date(issuedAt + expiresIn * 1000),
    };
  }

  /** The browser's upload answered `{ "result": "<job id>" }`, or a refusal in the Cloud's error shape. */
  readDirectUploadAnswer(answer: DirectUploadAnswer): { jobId: string } {
    const method = 'POST /courses/importJobs/upload';
    if (answer.status < 200 || answer.status >= 300) {
      const message = errorMessageOf(answer.body) ?? `HTTP ${answer.status}`;
      throw new CloudApiError(answer.status, message, method, { status: answer.status, kind: kindFor(answer.status, message) });
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      throw new CloudResponseError(`SCORM Cloud's answer to ${method} is not JSON`, method, { status: answer.status });
    }
    const ctx = { method };
    const jobId = stringField(objectField(body, 'response', ctx).result, 'result', ctx);
    if (!jobId) throw new CloudResponseError(`SCORM Cloud answered ${method} with an empty job id`, method, { status: answer.status });
    return { jobId };
  }

  async getCourse(courseId: string): Promise<CloudCourse> {
    const method = 'GET /courses/{courseId}';
    const body = await this.json({ method, httpMethod: 'GET', path: `/courses/${seg(courseId)}`, query: { includeRegistrationCount: true }, idempotent: true });
    return courseFrom(body, 'course', { method });
  }

  async courseExists(courseId: string): Promise<boolean> {
    const { status } = await this.transport.send({
      method: 'GET /courses/{courseId}',
      httpMethod: 'GET',
      path: `/courses/${seg(courseId)}`,
      idempotent: true,
      accept: [404],
    });
    return status !== 404;
  }

  async getCourseVersions(courseId: string): Promise<CloudCourseVersion[]> {
    const method = 'GET /courses/{courseId}/versions';
    const body = await this.json({ method, httpMethod: 'GET', path: `/courses/${seg(courseId)}/versions`, idempotent: true });
    const ctx = { method };
    return arrayField(body.courses, 'courses', ctx).map((c, i) => {
      const course = objectField(c, `courses[${i}]`, ctx);
      const version = optionalInteger(course.version, `courses[${i}].version`, ctx);
      if (version === undefined) throw new CloudResponseError(`Invalid courses[${i}].version in SCORM Cloud response: missing`, method);
      const out: CloudCourseVersion = { version };
      const updatedAt = optionalDate(course.updated, `courses[${i}].updated`, ctx);
      if (updatedAt) out.updatedAt = updatedAt;
      return out;
    });
  }

  /** The activity tree comes only with the metadata (`includeCourseMetadata`); an answer without one cannot say. */
  async getCourseActivities(courseId: string, version?: number): Promise<CloudCourseActivities | undefined> {
    const versioned = version !== undefined;
    const method = versioned ? 'GET /courses/{courseId}/versions/{versionId}' : 'GET /courses/{courseId}';
    const path = versioned ? `/courses/${seg(courseId)}/versions/${seg(String(version))}` : `/courses/${seg(courseId)}`;
    const body = await this.json({ method, httpMethod: 'GET', path, query: { includeCourseMetadata: true }, idempotent: true });
    const ctx = { method };
    const root = optionalObject(body.rootActivity, 'rootActivity', ctx);
    if (!root) return undefined;
    const counts: CloudCourseActivities = { scos: 0, assets: 0 };
    // An explicit stack: a hostile or broken answer nested thousands deep must not overflow the call stack.
    const pending: Array<{ node: JsonObject; path: string }> = [{ node: root, path: 'rootActivity' }];
    for (let next = pending.pop(); next; next = pending.pop()) {
      const type = optionalString(next.node.activityType, `${next.path}.activityType`, ctx);
      if (type === 'SCO') counts.scos++;
      else if (type === 'ASSET') counts.assets++;
      const at = next.path;
      arrayField(next.node.children, `${at}.children`, ctx).forEach((c, i) =>
        pending.push({ node: objectField(c, `${at}.children[${i}]`, ctx), path: `${at}.children[${i}]` }),
      );
    }
    return counts;
  }

  /** Not retried: a repeat after a lost answer would report a 404 for a course that was deleted. */
  deleteCourse(courseId: string): Promise<void> {
    return this.void({ method: 'DELETE /courses/{courseId}', httpMethod: 'DELETE', path: `/courses/${seg(courseId)}`, idempotent: false });
  }

  // ---- registrations ----

  /** Never retried: a repeat after a lost answer would be refused as a duplicate. */
  createRegistration(input: NewRegistration): Promise<void> {
    const learner: JsonObject = { id: input.learnerId, firstName: input.firstName, lastName: input.lastName };
    if (input.email !== undefined) learner.email = input.email;
    const json: JsonObject = { courseId: input.courseId, registrationId: input.registrationId, learner };
    if (input.postback) json.postBack = postBackJson(input.postback);
    return this.void({ method: 'POST /registrations', httpMethod: 'POST', path: '/registrations', json, idempotent: false });
  }

  async registrationExists(registrationId: string): Promise<boolean> {
    const { status } = await this.transport.send({
      method: 'HEAD /registrations/{registrationId}',
      httpMethod: 'HEAD',
      path: `/registrations/${seg(registrationId)}`,
      idempotent: true,
      accept: [404],
    });
    return status !== 404;
  }

  async getRegistrationProgress(registrationId: string, options: { format?: ResultsFormat } = {}): Promise<RegistrationReport> {
    const method = 'GET /registrations/{registrationId}';
    const format = options.format ?? 'course';
    const body = await this.json({ method, httpMethod: 'GET', path: `/registrations/${seg(registrationId)}`, query: progressQuery(format), idempotent: true });
    return registrationReportFromV2(body, format, { method });
  }

  /** Follows `more` to the last page: the filters travel only with the first request, as the API requires. */
  async listRegistrations(query: CloudRegistrationQuery = {}): Promise<CloudRegistration[]> {
    const method = 'GET /registrations';
    const ctx = { method };
    const out: CloudRegistration[] = [];
    const seen = new Set<string>();
    let more: string | undefined;
    for (;;) {
      const q = more
        ? { more }
        : { courseId: query.courseId, learnerId: query.learnerId, since: query.since?.toISOString(), until: query.until?.toISOString() };
      const body = await this.json({ method, httpMethod: 'GET', path: '/registrations', query: q, idempotent: true });
      arrayField(body.registrations, 'registrations', ctx).forEach((r, i) => out.push(registrationFrom(r, `registrations[${i}]`, ctx)));
      if (query.limit !== undefined && out.length >= query.limit) return out.slice(0, query.limit);
      more = optionalString(body.more, 'more', ctx);
      if (!more) return out;
      // A server that hands back a token it gave before would page forever.
      if (seen.has(more)) throw new CloudResponseError(`SCORM Cloud repeated a pagination token in ${method}`, method);
      seen.add(more);
    }
  }

  /** Not retried, like deleteCourse. */
  deleteRegistration(registrationId: string): Promise<void> {
    return this.void({
      method: 'DELETE /registrations/{registrationId}',
      httpMethod: 'DELETE',
      path: `/registrations/${seg(registrationId)}`,
      idempotent: false,
    });
  }

  /** Clearing progress twice leaves the same state: safe to retry. */
  resetRegistration(registrationId: string): Promise<void> {
    return this.void({
      method: 'DELETE /registrations/{registrationId}/progress',
      httpMethod: 'DELETE',
      path: `/registrations/${seg(registrationId)}/progress`,
      idempotent: true,
    });
  }

  async getLaunchHistory(registrationId: string): Promise<CloudLaunch[]> {
    const method = 'GET /registrations/{registrationId}/launchHistory';
    const ctx = { method };
    const body = await this.json({ method, httpMethod: 'GET', path: `/registrations/${seg(registrationId)}/launchHistory`, idempotent: true });
    return arrayField(body.launchHistory, 'launchHistory', ctx).map((l, i) => launchFrom(l, `launchHistory[${i}]`, ctx));
  }

  /**
   * Mints a link for a learner who is waiting on it: at most one retry, and the whole call, retry and
   * backoff included, ends within `timeoutMs`.
   */
  launchLink(registrationId: string, options: LaunchLinkOptions): Promise<LaunchLink> {
    return this.mintLink('POST /registrations/{registrationId}/launchLink', `/registrations/${seg(registrationId)}/launchLink`, options);
  }

  previewLink(courseId: string, options: LaunchLinkOptions & { version?: number }): Promise<LaunchLink> {
    return options.version === undefined
      ? this.mintLink('POST /courses/{courseId}/preview', `/courses/${seg(courseId)}/preview`, options)
      : this.mintLink('POST /courses/{courseId}/versions/{versionId}/preview', `/courses/${seg(courseId)}/versions/${options.version}/preview`, options);
  }

  /** Launch and preview links: the same request body (their other fields left out) and the same answer. */
  private async mintLink(method: string, path: string, options: LaunchLinkOptions): Promise<LaunchLink> {
    const expiry = options.expirySeconds ?? DEFAULT_LAUNCH_EXPIRY_SECONDS;
    if (!Number.isInteger(expiry) || expiry < 10 || expiry > 300) {
      // A caller bug, not a Cloud answer: thrown before any call, and not a CloudError.
      throw new RangeError(`Launch link expiry must be a whole number of seconds from 10 to 300, got ${expiry}`);
    }
    const body = await this.json({
      method,
      httpMethod: 'POST',
      path,
      json: { redirectOnExitUrl: options.redirectUrl, expiry },
      // An unused link expires by itself: minting a second one is harmless.
      idempotent: true,
      maxRetries: 1,
      totalTimeoutMs: this.timeoutMs,
      signal: options.signal,
    });
    const url = stringField(body.launchLink, 'launchLink', { method });
    if (!url) throw new CloudResponseError(`Invalid launchLink in SCORM Cloud response: empty`, method);
    return { url, expiresAt: new Date(this.now().getTime() + expiry * 1000) };
  }

  // ---- learners and postbacks ----

  /** Sets the same fields again on a repeat: safe to retry. */
  updateLearner(learner: CloudLearner): Promise<void> {
    const json: JsonObject = { id: learner.learnerId, firstName: learner.firstName, lastName: learner.lastName };
    if (learner.email !== undefined) json.email = learner.email;
    return this.void({
      method: 'POST /learner/{learnerId}/updateInfo',
      httpMethod: 'POST',
      path: `/learner/${seg(learner.learnerId)}/updateInfo`,
      json,
      idempotent: true,
    });
  }

  /** A repeat starts the same erasure again: safe to retry. */
  async eraseLearnerData(learnerId: string, initiatorEmail: string): Promise<boolean> {
    await this.void({
      method: 'POST /learner/{learnerId}/delete-information',
      httpMethod: 'POST',
      path: `/learner/${seg(learnerId)}/delete-information`,
      query: { userEmail: initiatorEmail },
      idempotent: true,
    });
    return true;
  }

  /** Not retried: each call makes the Cloud post to the receiver. */
  testPostback(settings: PostbackSettings): Promise<void> {
    return this.void({
      method: 'POST /registrations/postBackTest',
      httpMethod: 'POST',
      path: '/registrations/postBackTest',
      json: postBackJson(settings),
      idempotent: false,
    });
  }
}

function courseFrom(value: unknown, path: string, ctx: JsonContext): CloudCourse {
  const c = objectField(value, path, ctx);
  const course: CloudCourse = { id: stringField(c.id, `${path}.id`, ctx), title: optionalString(c.title, `${path}.title`, ctx) ?? '' };
  const version = optionalInteger(c.version, `${path}.version`, ctx);
  if (version !== undefined) course.version = version;
  const standard = optionalString(c.courseLearningStandard, `${path}.courseLearningStandard`, ctx);
  if (standard) course.learningStandard = learningStandardOf(standard);
  const count = optionalInteger(c.registrationCount, `${path}.registrationCount`, ctx);
  if (count !== undefined) course.registrationCount = count;
  const created = optionalDate(c.created, `${path}.created`, ctx);
  if (created) course.createdAt = created;
  const updated = optionalDate(c.updated, `${path}.updated`, ctx);
  if (updated) course.updatedAt = updated;
  return course;
}

function registrationFrom(value: unknown, path: string, ctx: JsonContext): CloudRegistration {
  const r = objectField(value, path, ctx);
  const course = optionalObject(r.course, `${path}.course`, ctx);
  const learner = optionalObject(r.learner, `${path}.learner`, ctx);
  const out: CloudRegistration = {
    id: stringField(r.id, `${path}.id`, ctx),
    courseId: course ? stringField(course.id, `${path}.course.id`, ctx) : '',
    learnerId: learner ? stringField(learner.id, `${path}.learner.id`, ctx) : '',
  };
  const first = learner && optionalString(learner.firstName, `${path}.learner.firstName`, ctx);
  if (first !== undefined) out.learnerFirstName = first;
  const last = learner && optionalString(learner.lastName, `${path}.learner.lastName`, ctx);
  if (last !== undefined) out.learnerLastName = last;
  const email = learner && optionalString(learner.email, `${path}.learner.email`, ctx);
  if (email) out.email = email;
  const created = optionalDate(r.createdDate, `${path}.createdDate`, ctx);
  if (created) out.createdAt = created;
  const updated = optionalDate(r.updated, `${path}.updated`, ctx);
  if (updated) out.updatedAt = updated;
  const instance = optionalInteger(r.instance, `${path}.instance`, ctx);
  if (instance !== undefined) out.instance = instance;
  const courseVersion = course && optionalInteger(course.version, `${path}.course.version`, ctx);
  if (courseVersion !== undefined) out.courseVersion = courseVersion;
  return out;
}

function launchFrom(value: unknown, path: string, ctx: JsonContext): CloudLaunch {
  const l = objectField(value, path, ctx);
  const score = optionalObject(l.score, `${path}.score`, ctx);
  const launch: CloudLaunch = {
    completion: enumValue(l.completionStatus, COMPLETION, `${path}.completionStatus`, ctx, 'unknown'),
    success: enumValue(l.successStatus, SUCCESS, `${path}.successStatus`, ctx, 'unknown'),
    score: (score && optionalNumber(score.scaled, `${path}.score.scaled`, ctx)) ?? null,
  };
  const instance = optionalInteger(l.instance, `${path}.instance`, ctx);
  if (instance !== undefined) launch.instance = instance;
  const seconds = optionalNumber(l.totalSecondsTracked, `${path}.totalSecondsTracked`, ctx);
  if (seconds !== undefined) launch.totalSecondsTracked = seconds;
  const launchedAt = optionalDate(l.launchTime, `${path}.launchTime`, ctx);
  if (launchedAt) launch.launchedAt = launchedAt;
  const exitedAt = optionalDate(l.exitTime, `${path}.exitTime`, ctx);
  if (exitedAt) launch.exitedAt = exitedAt;
  const updatedAt = optionalDate(l.lastRuntimeUpdate, `${path}.lastRuntimeUpdate`, ctx);
  if (updatedAt) launch.updatedAt = updatedAt;
  return launch;
}
