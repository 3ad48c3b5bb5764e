import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { CloudAbortedError, CloudApiError, CloudClockSkewError, CloudError, CloudResponseError, CloudUnavailableError } from './errors';
import { multipartFileBody } from './multipart';
import { watchIdle } from './watch-idle';
import { parseAsyncImportResult } from './parse/async-import-result';
import { parseCourseDetail } from './parse/course-detail';
import { parseCourseList } from './parse/course-list';
import { parseExists } from './parse/exists';
import { parseLaunchHistory } from './parse/launch-history';
import { parseManifestActivities } from './parse/manifest';
import { parsePostbackInfo } from './parse/postback-info';
import { parseRegistrationList } from './parse/registration-list';
import { parseRegistrationReport } from './parse/registration-report';
import { parseSuccess } from './parse/success';
import { parseTime } from './parse/time';
import { parseImportToken } from './parse/token';
import { SIGNATURE_WINDOW_MS } from './timestamp';
import type {
  AsyncImportResult,
  CourseDetail,
  CourseSummary,
  LaunchHistory,
  ManifestActivities,
  PostbackInfo,
  PostbackSettings,
  RegistrationReport,
  RegistrationSummary,
  ResultsFormat,
} from './types';
import { buildSignedUrl, normalizeServiceUrl, queryString, redactParams, signedParams, type CallParams, type SigningConfig } from './url';
import { DEFAULT_MAX_RESPONSE_BYTES, type ParseXmlOptions } from './xml';

export interface CloudRequestEvent {
  method: string;
  attempt: number;
  httpMethod: 'GET' | 'POST';
  /** Parameters as sent, minus `sig`, with postback passwords redacted. Never the secret. */
  params: Record<string, string | readonly string[]>;
}

export interface CloudResponseEvent {
  method: string;
  attempt: number;
  status?: number;
  elapsedMs: number;
  error?: CloudError;
}

export interface CloudClientOptions {
  /** Full V1 endpoint; `/api` is appended when missing. Default `https://cloud.scorm.com/api`. */
  serviceUrl?: string;
  appId: string;
  secretKey: string;
  /** Optional caller id, e.g. `acme.lms.1.0`; sent and signed when set. */
  origin?: string;
  /** Deadline for one ordinary call (each attempt), default 30 s. */
  timeoutMs?: number;
  /**
   * Uploads: longest silence allowed while sending the package or waiting for the Cloud's answer after
   * the last byte. Default 5 minutes. There is deliberately no overall upload deadline (see importCourseAsync).
   */
  uploadIdleTimeoutMs?: number;
  /** Extra attempts for calls that are safe to repeat, default 2. */
  retries?: number;
  /** Delay before retry `attempt` (0-based). Default: 200 ms doubling, capped at 2 s, with jitter. */
  retryDelayMs?: number | ((attempt: number) => number);
  /** Response bodies above this are refused (CloudResponseError). Default 5 MB. */
  maxResponseBytes?: number;
  /** undici transport; swap it for tests, proxies or connection pooling. */
  dispatcher?: Dispatcher;
  /** Clock used for `ts` and for clock-offset measurement. */
  now?: () => Date;
  onRequest?: (event: CloudRequestEvent) => void;
  onResponse?: (event: CloudResponseEvent) => void;
}

export type PostbackOptions = PostbackSettings;

export interface CreateRegistrationInput {
  courseId: string;
  registrationId: string;
  learnerId: string;
  firstName: string;
  lastName: string;
  email?: string;
  versionId?: string | number;
  postback?: PostbackSettings;
}

export interface RegistrationListQuery {
  courseId?: string;
  learnerId?: string;
  /** Regex on the registration id; must match the whole id. */
  filter?: string;
  /** Regex on the course id. */
  courseFilter?: string;
  after?: Date | string;
  until?: Date | string;
}

export interface SignedUrl {
  url: string;
  /** When the Cloud will start refusing the URL (its `ts` + 15 minutes). */
  expiresAt: Date;
}

interface CallSpec<T> {
  method: string;
  params?: CallParams;
  parse: (body: string, options: ParseXmlOptions) => T;
  /** Only calls that change nothing on the Cloud may be repeated after a network failure. */
  idempotent: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_UPLOAD_IDLE_TIMEOUT_MS = 5 * 60_000;

const defaultRetryDelay = (attempt: number): number => {
  const ceiling = Math.min(2_000, 200 * 2 ** attempt);
  // "Equal jitter": at least half the ceiling, so retries spread out without collapsing to zero.
  return ceiling / 2 + Math.random() * (ceiling / 2);
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** V1 sends dates as `yyyy-MM-dd'T'HH:mm:ss.SSSZ` with a `+0000` offset; answer in the same style. */
const cloudDate = (d: Date | string): string => (typeof d === 'string' ? d : d.toISOString().replace(/Z$/, '+0000'));

const postbackParams = (p: PostbackSettings): CallParams => ({
  postbackurl: p.url,
  authtype: p.authType,
  urlname: p.username,
  urlpass: p.password,
  resultsformat: p.resultsFormat,
});

/**
 * SCORM Cloud V1 client. The only code that knows the wire format: every method signs its parameters,
 * sends them, and returns parsed, typed results or throws a CloudError subclass.
 */
export class CloudClient {
  private readonly signing: SigningConfig;
  private readonly endpoint: URL;
  private readonly timeoutMs: number;
  private readonly uploadIdleTimeoutMs: number;
  private readonly retries: number;
  private readonly retryDelay: (attempt: number) => number;
  private readonly maxResponseBytes: number;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly now: () => Date;
  private readonly onRequest: ((e: CloudRequestEvent) => void) | undefined;
  private readonly onResponse: ((e: CloudResponseEvent) => void) | undefined;

  constructor(options: CloudClientOptions) {
    this.endpoint = normalizeServiceUrl(options.serviceUrl);
    this.signing = {
      serviceUrl: this.endpoint.toString(),
      appId: options.appId,
      secretKey: options.secretKey,
      ...(options.origin ? { origin: options.origin } : {}),
    };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.uploadIdleTimeoutMs = options.uploadIdleTimeoutMs ?? DEFAULT_UPLOAD_IDLE_TIMEOUT_MS;
    this.retries = Math.max(0, options.retries ?? 2);
    const delay = options.retryDelayMs;
    this.retryDelay = typeof delay === 'function' ? delay : typeof delay === 'number' ? () => delay : defaultRetryDelay;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.dispatcher = options.dispatcher;
    this.now = options.now ?? (() => new Date());
    this.onRequest = options.onRequest;
    this.onResponse = options.onResponse;
    // Keep the secret off enumerable own properties so that util.inspect / JSON of the client cannot leak it.
    Object.defineProperty(this, 'signing', { enumerable: false });
  }

  /** Signs `method` + `params` (with appid, ts and origin) into a URL; nothing is sent. */
  buildSignedUrl(method: string, params: CallParams = {}, now: Date = this.now()): string {
    return buildSignedUrl(this.signing, method, params, now);
  }

  private signedUrlFor(method: string, params: CallParams, now: Date): SignedUrl {
    return { url: this.buildSignedUrl(method, params, now), expiresAt: new Date(now.getTime() + SIGNATURE_WINDOW_MS) };
  }

  // ---- debug ----

  ping(): Promise<void> {
    return this.call({ method: 'rustici.debug.ping', parse: parseSuccess, idempotent: true });
  }

  authPing(): Promise<void> {
    return this.call({ method: 'rustici.debug.authPing', parse: parseSuccess, idempotent: true });
  }

  /** The Cloud's clock and its offset from ours in whole seconds (positive: the Cloud is ahead). */
  async getTime(options: { retry?: boolean } = {}): Promise<{ serverTime: Date; offsetSeconds: number }> {
    const before = this.now().getTime();
    const serverTime = await this.call({ method: 'rustici.debug.getTime', parse: parseTime, idempotent: options.retry ?? true });
    const after = this.now().getTime();
    // The server stamps somewhere inside our round trip; the midpoint halves the error.
    return { serverTime, offsetSeconds: Math.round((serverTime.getTime() - (before + after) / 2) / 1000) };
  }

  // ---- courses ----

  /**
   * Streams a course package of unknown length to `importCourseAsync` as the `filedata` part of a
   * multipart POST (API parameters stay in the signed query string; the file part is not signed).
   * Never retried: the source stream cannot be replayed, and a repeated import would add a course version.
   * On failure or abort the source stream is destroyed.
   */
  async importCourseAsync(
    courseId: string,
    source: Readable,
    options: { filename: string; signal?: AbortSignal; contentType?: string },
  ): Promise<{ token: string }> {
    const method = 'rustici.course.importCourseAsync';
    const { params, sig } = signedParams(this.signing, method, { courseid: courseId }, this.now());
    const url = `${this.endpoint.toString()}?${queryString(params, sig)}`;
    let sourceError: unknown;
    source.once('error', (err) => {
      sourceError = err;
    });
    const multipart = multipartFileBody(source, { filename: options.filename, contentType: options.contentType });
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // undici's headers timer does not run while the body is still being written, so a source (or a
    // Cloud) that stops moving mid-upload is caught by watching the source itself.
    let stalled = false;
    const stopWatch = watchIdle(source, this.uploadIdleTimeoutMs, () => {
      stalled = true;
      controller.abort();
    });
    const started = Date.now();
    this.emitRequest({ method, attempt: 0, httpMethod: 'POST', params: redactParams(params) });
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': multipart.contentType },
        // A stream of unknown length goes out with chunked transfer encoding, under stream backpressure.
        body: multipart.body,
        signal: controller.signal,
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
        // After the last byte this bounds the Cloud's processing. A body-length based deadline is
        // impossible (unknown length, slow links), and the caller's signal covers "give up".
        headersTimeout: this.uploadIdleTimeoutMs,
        // The answer itself is a few hundred bytes of XML.
        bodyTimeout: this.timeoutMs,
      });
      const result = await this.handleResponse(method, res, parseImportToken);
      this.emitResponse({ method, attempt: 0, status: res.statusCode, elapsedMs: Date.now() - started });
      return result;
    } catch (err) {
      let error: CloudError;
      if (options.signal?.aborted) error = new CloudAbortedError(`Upload to ${method} aborted`, method, { cause: options.signal.reason });
      else if (stalled)
        error = new CloudUnavailableError(`${method} timed out: the upload made no progress for ${this.uploadIdleTimeoutMs} ms`, method, { cause: err });
      else if (sourceError !== undefined) error = new CloudError(`Reading the course package for ${method} failed`, method, { cause: sourceError });
      else error = this.toCloudError(err, method, false);
      if (!source.destroyed) source.destroy();
      this.emitResponse({ method, attempt: 0, elapsedMs: Date.now() - started, error });
      throw error;
    } finally {
      stopWatch();
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * A signed URL to use as the `action` of a browser `multipart/form-data` form (file input `filedata`).
   * The Cloud redirects the browser to `redirectUrl` with `success`, `courseid`, `tokenid` (or `errcode`, `msg`).
   */
  importCourseAsyncUrl(courseId: string, options: { redirectUrl?: string; now?: Date } = {}): SignedUrl {
    return this.signedUrlFor('rustici.course.importCourseAsync', { courseid: courseId, redirecturl: options.redirectUrl }, options.now ?? this.now());
  }

  getAsyncImportResult(token: string): Promise<AsyncImportResult> {
    return this.call({ method: 'rustici.course.getAsyncImportResult', params: { token }, parse: parseAsyncImportResult, idempotent: true });
  }

  getCourseList(query: { filter?: string; tags?: string | readonly string[] } = {}): Promise<CourseSummary[]> {
    const tags = typeof query.tags === 'string' ? query.tags : query.tags?.join(',');
    return this.call({ method: 'rustici.course.getCourseList', params: { filter: query.filter, tags }, parse: parseCourseList, idempotent: true });
  }

  getCourseDetail(courseId: string): Promise<CourseDetail> {
    return this.call({ method: 'rustici.course.getCourseDetail', params: { courseid: courseId }, parse: parseCourseDetail, idempotent: true });
  }

  /** The package's `imsmanifest.xml` (of `versionId`, else the latest version), read for its SCOs and assets. */
  getManifest(courseId: string, options: { versionId?: string | number } = {}): Promise<ManifestActivities> {
    return this.call({
      method: 'rustici.course.getManifest',
      params: { courseid: courseId, versionid: options.versionId },
      parse: parseManifestActivities,
      idempotent: true,
    });
  }

  courseExists(courseId: string): Promise<boolean> {
    return this.call({ method: 'rustici.course.exists', params: { courseid: courseId }, parse: parseExists, idempotent: true });
  }

  deleteCourse(courseId: string, options: { versionId?: string | number } = {}): Promise<void> {
    return this.call({
      method: 'rustici.course.deleteCourse',
      params: { courseid: courseId, versionid: options.versionId },
      parse: parseSuccess,
      idempotent: false,
    });
  }

  // ---- registrations ----

  createRegistration(input: CreateRegistrationInput): Promise<void> {
    return this.call({
      method: 'rustici.registration.createRegistration',
      params: {
        courseid: input.courseId,
        regid: input.registrationId,
        learnerid: input.learnerId,
        fname: input.firstName,
        lname: input.lastName,
        email: input.email,
        versionid: input.versionId,
        ...(input.postback ? postbackParams(input.postback) : {}),
      },
      parse: parseSuccess,
      idempotent: false,
    });
  }

  registrationExists(registrationId: string): Promise<boolean> {
    return this.call({ method: 'rustici.registration.exists', params: { regid: registrationId }, parse: parseExists, idempotent: true });
  }

  deleteRegistration(registrationId: string): Promise<void> {
    return this.call({ method: 'rustici.registration.deleteRegistration', params: { regid: registrationId }, parse: parseSuccess, idempotent: false });
  }

  resetRegistration(registrationId: string): Promise<void> {
    return this.call({ method: 'rustici.registration.resetRegistration', params: { regid: registrationId }, parse: parseSuccess, idempotent: false });
  }

  getRegistrationResult(registrationId: string, options: { format?: ResultsFormat } = {}): Promise<RegistrationReport> {
    return this.call({
      method: 'rustici.registration.getRegistrationResult',
      params: { regid: registrationId, resultsformat: options.format ?? 'course' },
      parse: parseRegistrationReport,
      idempotent: true,
    });
  }

  getRegistrationList(query: RegistrationListQuery = {}): Promise<RegistrationSummary[]> {
    return this.call({
      method: 'rustici.registration.getRegistrationList',
      params: {
        courseid: query.courseId,
        learnerid: query.learnerId,
        filter: query.filter,
        coursefilter: query.courseFilter,
        after: query.after === undefined ? undefined : cloudDate(query.after),
        until: query.until === undefined ? undefined : cloudDate(query.until),
      },
      parse: parseRegistrationList,
      idempotent: true,
    });
  }

  getLaunchHistory(registrationId: string): Promise<LaunchHistory> {
    return this.call({ method: 'rustici.registration.getLaunchHistory', params: { regid: registrationId }, parse: parseLaunchHistory, idempotent: true });
  }

  updateLearnerInfo(input: { learnerId: string; firstName: string; lastName: string; newLearnerId?: string }): Promise<void> {
    return this.call({
      method: 'rustici.registration.updateLearnerInfo',
      params: { learnerid: input.learnerId, fname: input.firstName, lname: input.lastName, newid: input.newLearnerId },
      parse: parseSuccess,
      idempotent: false,
    });
  }

  /** Note the parameter names differ from createRegistration's (`url`, `name`, `password`). */
  updatePostbackInfo(registrationId: string, postback: PostbackSettings): Promise<void> {
    return this.call({
      method: 'rustici.registration.updatePostbackInfo',
      params: {
        regid: registrationId,
        url: postback.url,
        authtype: postback.authType,
        name: postback.username,
        password: postback.password,
        resultsformat: postback.resultsFormat,
      },
      parse: parseSuccess,
      idempotent: false,
    });
  }

  getPostbackInfo(registrationId: string): Promise<PostbackInfo> {
    return this.call({ method: 'rustici.registration.getPostbackInfo', params: { regid: registrationId }, parse: parsePostbackInfo, idempotent: true });
  }

  /** Makes the Cloud post a sample report to `postback.url` now; the Cloud does not retry it, nor do we. */
  testRegistrationPostUrl(postback: PostbackSettings): Promise<void> {
    return this.call({ method: 'rustici.registration.testRegistrationPostUrl', params: postbackParams(postback), parse: parseSuccess, idempotent: false });
  }

  /**
   * Builds (never fetches) the signed `rustici.registration.launch` URL to redirect the learner's browser
   * to. Generate it right before redirecting: it expires with the 15-minute `ts` window.
   */
  launchUrl(registrationId: string, options: { redirectUrl: string; cssUrl?: string; now?: Date }): SignedUrl {
    return this.signedUrlFor(
      'rustici.registration.launch',
      { regid: registrationId, redirecturl: options.redirectUrl, cssurl: options.cssUrl },
      options.now ?? this.now(),
    );
  }

  /** Builds the signed `rustici.course.preview` URL, like `launchUrl`: the course with no registration. */
  previewUrl(courseId: string, options: { redirectUrl: string; version?: number; now?: Date }): SignedUrl {
    return this.signedUrlFor(
      'rustici.course.preview',
      { courseid: courseId, redirecturl: options.redirectUrl, versionid: options.version === undefined ? undefined : String(options.version) },
      options.now ?? this.now(),
    );
  }

  // ---- transport ----

  private async call<T>(spec: CallSpec<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(spec, attempt);
      } catch (err) {
        if (spec.idempotent && err instanceof CloudUnavailableError && attempt < this.retries) {
          await sleep(this.retryDelay(attempt));
          continue;
        }
        if (err instanceof CloudApiError && err.code === 107 && !(err instanceof CloudClockSkewError)) {
          throw await this.clockSkewError(err, spec.method);
        }
        throw err;
      }
    }
  }

  /** On 107, measure how far off our clock is (getTime is unauthenticated, so it still works). */
  private async clockSkewError(err: CloudApiError, method: string): Promise<CloudClockSkewError> {
    let offset: number | null = null;
    if (method !== 'rustici.debug.getTime') {
      try {
        offset = (await this.getTime({ retry: false })).offsetSeconds;
      } catch {
        offset = null;
      }
    }
    return new CloudClockSkewError(offset, err.cloudMessage, method, { cause: err });
  }

  private async attempt<T>(spec: CallSpec<T>, attempt: number): Promise<T> {
    const { method } = spec;
    // Sign afresh on every attempt: a retry after backoff must carry a current `ts`.
    const { params, sig } = signedParams(this.signing, method, spec.params ?? {}, this.now());
    const url = `${this.endpoint.toString()}?${queryString(params, sig)}`;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const started = Date.now();
    this.emitRequest({ method, attempt, httpMethod: 'GET', params: redactParams(params) });
    try {
      const res = await request(url, {
        method: 'GET',
        signal: controller.signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      });
      const result = await this.handleResponse(method, res, spec.parse);
      this.emitResponse({ method, attempt, status: res.statusCode, elapsedMs: Date.now() - started });
      return result;
    } catch (err) {
      const error = this.toCloudError(err, method, timedOut);
      this.emitResponse({ method, attempt, elapsedMs: Date.now() - started, error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async handleResponse<T>(method: string, res: Dispatcher.ResponseData, parse: (body: string, options: ParseXmlOptions) => T): Promise<T> {
    const status = res.statusCode;
    if (status >= 500) {
      await res.body.dump().catch(() => undefined);
      throw new CloudUnavailableError(`SCORM Cloud answered HTTP ${status} to ${method}`, method, { status });
    }
    const body = await this.readBody(res, method);
    try {
      return parse(body, { method, maxBytes: this.maxResponseBytes });
    } catch (err) {
      if (status >= 300 && err instanceof CloudResponseError) {
        throw new CloudResponseError(`SCORM Cloud answered HTTP ${status} to ${method} without a V1 response`, method, { status, cause: err });
      }
      throw err;
    }
  }

  /** Reads at most `maxResponseBytes`; a larger body is abandoned rather than buffered. */
  private async readBody(res: Dispatcher.ResponseData, method: string): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > this.maxResponseBytes) {
        res.body.destroy();
        throw new CloudResponseError(`Response to ${method} exceeds ${this.maxResponseBytes} bytes`, method, { status: res.statusCode });
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Network-level failures become CloudUnavailableError; the message names only codes, never the URL. */
  private toCloudError(err: unknown, method: string, timedOut: boolean): CloudError {
    if (err instanceof CloudError) return err;
    if (timedOut) return new CloudUnavailableError(`${method} timed out after ${this.timeoutMs} ms`, method, { cause: err });
    const code = (err as { code?: unknown })?.code;
    const name = (err as { name?: unknown })?.name;
    const label = typeof code === 'string' ? code : typeof name === 'string' ? name : 'network error';
    const what = /TIMEOUT/i.test(label) ? 'timed out' : 'failed';
    return new CloudUnavailableError(`${method} ${what} (${label})`, method, { cause: err });
  }

  private emitRequest(event: CloudRequestEvent): void {
    try {
      this.onRequest?.(event);
    } catch {
      // A logging hook must not break the call.
    }
  }

  private emitResponse(event: CloudResponseEvent): void {
    try {
      this.onResponse?.(event);
    } catch {
      // As above.
    }
  }
}
