/**
 * Typed failures of the SCORM Cloud V1 client, modelled on stripe-node: one base class so callers can
 * `catch (e) { if (e instanceof CloudError) ... }`, and one subclass per failure kind.
 *
 * None of these ever carries the secret key, the `sig` value or a full signed URL: messages are built
 * only from the method name, the Cloud's own code/message, HTTP status and network error codes.
 */

export interface CloudErrorOptions {
  cause?: unknown;
}

export class CloudError extends Error {
  /** The V1 method (`rustici.course.importCourseAsync`, ...) the failure belongs to, when known. */
  readonly method: string | undefined;
  declare readonly cause?: unknown;

  constructor(message: string, method?: string, options: CloudErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    // Set by hand: the server tsconfig's lib predates ES2022's Error options. Non-enumerable, like native.
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: true, configurable: true });
    }
    this.method = method;
  }
}

/**
 * What a refusal means, whichever API version said it, so callers never switch on V1 codes or V2
 * statuses: `not-found` (unknown course, registration or job), `already-exists` (the ID is taken),
 * `invalid` (the Cloud refused a parameter), `v1-refused` (V1 error 300: the account must use V2).
 */
export type CloudErrorKind = 'not-found' | 'already-exists' | 'invalid' | 'v1-refused' | 'other';

export interface CloudApiErrorOptions extends CloudErrorOptions {
  kind?: CloudErrorKind;
  /** HTTP status of a V2 answer. */
  status?: number;
}

/**
 * The Cloud refused the call: V1 `<rsp stat="fail"><err code=".." msg=".."/></rsp>` (`code` is the V1
 * code), or a V2 4xx answer (`code` and `status` are the HTTP status).
 */
export class CloudApiError extends CloudError {
  readonly code: number;
  /** The Cloud's message, verbatim. Wording differs between server versions: switch on `kind`. */
  readonly cloudMessage: string;
  readonly kind: CloudErrorKind;
  readonly status: number | undefined;

  constructor(code: number, message: string, method?: string, options: CloudApiErrorOptions = {}) {
    super(`SCORM Cloud error ${code}${method ? ` in ${method}` : ''}: ${message}`, method, options);
    this.code = code;
    this.cloudMessage = message;
    this.kind = options.kind ?? 'other';
    this.status = options.status;
  }
}

/** Codes 100–106 and 108 (bad or missing credentials/signature) and 300 (account refused V1). */
export class CloudAuthError extends CloudApiError {}

/**
 * Code 107: `ts` is more than 15 minutes away from the Cloud's clock. `offsetSeconds` is the server clock
 * minus ours (positive = the Cloud is ahead), measured with `getTime` right after the failure; `null` when
 * that measurement itself failed.
 */
export class CloudClockSkewError extends CloudApiError {
  readonly offsetSeconds: number | null;

  constructor(offsetSeconds: number | null, message: string, method?: string, options: CloudErrorOptions = {}) {
    super(107, message, method, options);
    this.offsetSeconds = offsetSeconds;
    const skew = offsetSeconds === null ? 'unmeasured' : `${offsetSeconds > 0 ? '+' : ''}${offsetSeconds}s`;
    this.message = `${this.message} (clock offset vs SCORM Cloud: ${skew}; sync this host with NTP)`;
  }
}

/** The Cloud could not be reached or did not answer in time: network errors, timeouts, resets, HTTP 5xx. */
export class CloudUnavailableError extends CloudError {
  /** HTTP status when the Cloud answered with a 5xx, otherwise undefined. */
  readonly status: number | undefined;

  constructor(message: string, method?: string, options: CloudErrorOptions & { status?: number } = {}) {
    super(message, method, options);
    this.status = options.status;
  }
}

/** HTTP 429: the Cloud asks us to slow down; `retryAfterSeconds` is its `Retry-After`, when given. */
export class CloudRateLimitError extends CloudUnavailableError {
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, method?: string, options: CloudErrorOptions & { retryAfterSeconds?: number } = {}) {
    super(message, method, { ...options, status: 429 });
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The Cloud answered something that is not a well-formed response of its API. */
export class CloudResponseError extends CloudError {
  readonly status: number | undefined;

  constructor(message: string, method?: string, options: CloudErrorOptions & { status?: number } = {}) {
    super(message, method, options);
    this.status = options.status;
  }
}

/** The caller's AbortSignal fired (e.g. the admin cancelled an upload). Never retried. */
export class CloudAbortedError extends CloudError {}

/** Authentication codes of the V1 error table (missing or unknown app, bad signature, expired request, V1 refused to the account); 107, clock skew, has its own class. */
const AUTH_CODES = new Set([100, 101, 102, 103, 104, 105, 106, 108, 300]);

export const isAuthErrorCode = (code: number): boolean => AUTH_CODES.has(code);

/** Maps a `stat="fail"` envelope to the matching class (107 needs the offset, so the client builds it). */
export function apiErrorFor(code: number, message: string, method?: string): CloudApiError {
  if (code === 300) return new CloudAuthError(code, message, method, { kind: 'v1-refused' });
  return isAuthErrorCode(code) ? new CloudAuthError(code, message, method) : new CloudApiError(code, message, method);
}
