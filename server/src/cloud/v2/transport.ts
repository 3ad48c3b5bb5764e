import { watchIdle } from '../watch-idle';
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import {
  CloudAbortedError,
  CloudApiError,
  CloudAuthError,
  CloudError,
  CloudRateLimitError,
  CloudResponseError,
  CloudUnavailableError,
  type CloudErrorKind,
} from '../errors';
import { retryAfterMs } from './retry-after';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface CloudV2RequestEvent {
  /** `POST /registrations`, `GET /registrations/{registrationId}`: the route, never an ID or a secret. */
  method: string;
  attempt: number;
  httpMethod: HttpMethod;
  /** The path as sent (IDs included, which are not secrets). */
  path: string;
  /** Query parameters as sent. Request bodies are never reported: they may carry postback passwords. */
  query: Record<string, string>;
}

export interface CloudV2ResponseEvent {
  method: string;
  attempt: number;
  status?: number;
  elapsedMs: number;
  error?: CloudError;
}

export type QueryValue = string | number | boolean | undefined;

export interface V2Call {
  /** Route label for errors and events, e.g. `POST /registrations`. */
  method: string;
  httpMethod: HttpMethod;
  /** Path under the base, segments already encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  form?: Record<string, string>;
  /** Safe to send again after a network error or 5xx (429 is retried for every call: nothing happened). */
  idempotent: boolean;
  signal?: AbortSignal;
  /** Fewer retries than configured (never more). */
  maxRetries?: number;
  /** The whole call, retries and waits included, must end within this many ms of its start. */
  totalTimeoutMs?: number;
  /** Statuses returned as answers rather than thrown (HEAD's 404). */
  accept?: readonly number[];
}

export interface V2Answer {
  status: number;
  /** Parsed JSON, or undefined when the answer had no body (or the caller asked for none). */
  body: unknown;
}

export interface UploadCall {
  method: string;
  path: string;
  query: Record<string, QueryValue>;
  headers: Record<string, string>;
  body: Readable;
  /** The package stream inside `body`, watched for progress. */
  source: Readable;
  signal?: AbortSignal;
}

export interface TransportOptions {
  baseUrl: string;
  appId: string;
  secretKey: string;
  timeoutMs: number;
  uploadIdleTimeoutMs: number;
  retries: number;
  retryDelay: (attempt: number) => number;
  maxRetryAfterMs: number;
  maxResponseBytes: number;
  dispatcher?: Dispatcher;
  now: () => Date;
  onRequest?: (event: CloudV2RequestEvent) => void;
  onResponse?: (event: CloudV2ResponseEvent) => void;
}

interface AttemptLimits {
  /** Overall deadline of this attempt (ms); undefined for uploads, which have an idle timeout instead. */
  timeoutMs: number | undefined;
  headersTimeout: number;
  bodyTimeout: number;
  /** Uploads: abort when this stream has delivered nothing for `ms` before its end. */
  idle?: { stream: Readable; ms: number };
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** An upload that stopped moving. Its own class so the client does not blame the source for it. */
export class UploadIdleError extends CloudUnavailableError {}

const ALREADY_EXISTS = /already exists/i;

/** The kind callers switch on, from a V2 refusal's status and message. */
export function kindFor(status: number, message: string): CloudErrorKind {
  if (status === 404) return 'not-found';
  if (status === 409) return 'already-exists';
  if (status === 400) return ALREADY_EXISTS.test(message) ? 'already-exists' : 'invalid';
  return 'other';
}

/**
 * The Cloud's own words in an error body: the spec's MessageSchema says `message`, the live service (and
 * its docs' 401 example) say `error`, so `error ?? message`. A non-JSON body yields a short excerpt at most.
 */
export function errorMessageOf(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object') {
      const { error, message } = json as { error?: unknown; message?: unknown };
      return typeof error === 'string' && error ? error : typeof message === 'string' && message ? message : undefined;
    }
    return undefined;
  } catch {
    const plain = text.replace(/\s+/g, ' ').trim();
    return plain && !plain.startsWith('<') ? plain.slice(0, 200) : undefined;
  }
}

/**
 * The V2 wire: HTTP Basic, JSON in and out, a deadline on every attempt, jittered retries where a repeat
 * is harmless, and the Cloud's HTTP statuses mapped onto the shared error classes.
 */
export class V2Transport {
  private readonly o: TransportOptions;
  private readonly authorization: string;

  constructor(options: TransportOptions) {
    this.o = options;
    this.authorization = `Basic ${Buffer.from(`${options.appId}:${options.secretKey}`, 'utf8').toString('base64')}`;
    // Neither the secret nor the header derived from it may show up in util.inspect or JSON of the client.
    Object.defineProperty(this, 'o', { enumerable: false });
    Object.defineProperty(this, 'authorization', { enumerable: false });
  }

  get baseUrl(): string {
    return this.o.baseUrl;
  }

  async send(call: V2Call): Promise<V2Answer> {
    const started = Date.now();
    const deadline = call.totalTimeoutMs === undefined ? undefined : started + call.totalTimeoutMs;
    const maxRetries = Math.min(this.o.retries, call.maxRetries ?? Number.POSITIVE_INFINITY);
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline === undefined ? this.o.timeoutMs : Math.min(this.o.timeoutMs, deadline - Date.now());
      try {
        return await this.attempt(call, attempt, remaining);
      } catch (err) {
        const wait = this.retryWait(err, call, attempt, maxRetries);
        if (wait === undefined || (deadline !== undefined && Date.now() + wait >= deadline)) throw err;
        try {
          await sleep(wait, call.signal);
        } catch (reason) {
          throw new CloudAbortedError(`${call.method} aborted`, call.method, { cause: reason });
        }
      }
    }
  }

  /** Milliseconds to wait before the next attempt, or undefined when `err` must be thrown. */
  private retryWait(err: unknown, call: V2Call, attempt: number, maxRetries: number): number | undefined {
    if (attempt >= maxRetries) return undefined;
    if (err instanceof CloudRateLimitError) {
      if (err.retryAfterSeconds === undefined) return this.o.retryDelay(attempt);
      const ms = err.retryAfterSeconds * 1000;
      // Waiting out a long Retry-After inside one call would hold a request (or a learner) for minutes;
      // the caller gets the error with the Cloud's figure and decides.
      return ms > this.o.maxRetryAfterMs ? undefined : ms;
    }
    if (call.idempotent && err instanceof CloudUnavailableError) return this.o.retryDelay(attempt);
    return undefined;
  }

  private async attempt(call: V2Call, attempt: number, timeoutMs: number): Promise<V2Answer> {
    const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
    let body: string | undefined;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    } else if (call.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(call.form).toString();
    }
    const limits = { timeoutMs: Math.max(1, timeoutMs), headersTimeout: Math.max(1, timeoutMs), bodyTimeout: Math.max(1, timeoutMs) };
    return this.exchange(call.method, call.httpMethod, call.path, call.query, headers, body, call.signal, attempt, limits, call.accept);
  }

  /**
   * Streams `call.body` as the request body. Never retried (a stream cannot be replayed). There is no
   * overall deadline (unknown length, slow links), only idleness: undici's `headersTimeout` bounds the
   * Cloud's processing after the last byte, but it does not fire while a request is still being written
   * unless the socket is full — a source that stalls (a browser that stops sending) would hold the call
   * forever. So the source itself is watched too.
   */
  async upload(call: UploadCall): Promise<V2Answer> {
    const headers = { ...call.headers, authorization: this.authorization, accept: 'application/json' };
    const limits: AttemptLimits = {
      timeoutMs: undefined,
      headersTimeout: this.o.uploadIdleTimeoutMs,
      bodyTimeout: this.o.timeoutMs,
      idle: { stream: call.source, ms: this.o.uploadIdleTimeoutMs },
    };
    return this.exchange(call.method, 'POST', call.path, call.query, headers, call.body, call.signal, 0, limits, undefined);
  }

  private async exchange(
    method: string,
    httpMethod: HttpMethod,
    path: string,
    query: Record<string, QueryValue> | undefined,
    headers: Record<string, string>,
    body: string | Readable | undefined,
    signal: AbortSignal | undefined,
    attempt: number,
    limits: AttemptLimits,
    accept: readonly number[] | undefined,
  ): Promise<V2Answer> {
    const sent: Record<string, string> = {};
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) sent[k] = String(v);
    const qs = new URLSearchParams(sent).toString();
    const url = `${this.o.baseUrl}${path}${qs ? `?${qs}` : ''}`;
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      limits.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, limits.timeoutMs);
    const onAbort = (): void => controller.abort();
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let stalled = false;
    const stopWatch = limits.idle
      ? watchIdle(limits.idle.stream, limits.idle.ms, () => {
          stalled = true;
          controller.abort();
        })
      : undefined;
    const started = Date.now();
    this.emitRequest({ method, attempt, httpMethod, path, query: sent });
    try {
      const res = await request(url, {
        method: httpMethod,
        headers,
        body,
        signal: controller.signal,
        headersTimeout: limits.headersTimeout,
        bodyTimeout: limits.bodyTimeout,
        ...(this.o.dispatcher ? { dispatcher: this.o.dispatcher } : {}),
      });
      const answer = await this.handle(method, httpMethod, res, accept);
      this.emitResponse({ method, attempt, status: res.statusCode, elapsedMs: Date.now() - started });
      return answer;
    } catch (err) {
      let error: CloudError;
      if (signal?.aborted) error = err instanceof CloudAbortedError ? err : new CloudAbortedError(`${method} aborted`, method, { cause: signal.reason });
      else if (stalled) error = new UploadIdleError(`${method} timed out: the upload made no progress for ${limits.idle!.ms} ms`, method, { cause: err });
      else error = this.toCloudError(err, method, timedOut, limits.timeoutMs);
      this.emitResponse({ method, attempt, status: (error as { status?: number }).status, elapsedMs: Date.now() - started, error });
      throw error;
    } finally {
      clearTimeout(timer);
      stopWatch?.();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async handle(method: string, httpMethod: HttpMethod, res: Dispatcher.ResponseData, accept: readonly number[] | undefined): Promise<V2Answer> {
    const status = res.statusCode;
    if (accept?.includes(status)) {
      await res.body.dump().catch(() => undefined);
      return { status, body: undefined };
    }
    if (status >= 200 && status < 300) {
      if (httpMethod === 'HEAD' || status === 204) {
        await res.body.dump().catch(() => undefined);
        return { status, body: undefined };
      }
      const text = await this.readBody(res, method);
      if (text.trim() === '') return { status, body: undefined };
      try {
        return { status, body: JSON.parse(text) as unknown };
      } catch (cause) {
        throw new CloudResponseError(`SCORM Cloud answered HTTP ${status} to ${method} with a body that is not JSON`, method, { status, cause });
      }
    }
    if (status >= 500) {
      await res.body.dump().catch(() => undefined);
      throw new CloudUnavailableError(`SCORM Cloud answered HTTP ${status} to ${method}`, method, { status });
    }
    if (status === 429) {
      await res.body.dump().catch(() => undefined);
      const ms = retryAfterMs(res.headers['retry-after'], this.o.now());
      const retryAfterSeconds = ms === undefined ? undefined : ms / 1000;
      const after = retryAfterSeconds === undefined ? '' : ` (Retry-After ${Math.ceil(retryAfterSeconds)} s)`;
      throw new CloudRateLimitError(`SCORM Cloud rate-limited ${method}${after}`, method, { retryAfterSeconds });
    }
    if (status >= 400) {
      const message = await this.errorMessage(res, status);
      if (status === 401 || status === 403) throw new CloudAuthError(status, message, method, { status, kind: 'other' });
      throw new CloudApiError(status, message, method, { status, kind: kindFor(status, message) });
    }
    await res.body.dump().catch(() => undefined);
    // undici does not follow redirects; a 3xx here is a proxy or a wrong base URL, not the API.
    throw new CloudResponseError(`SCORM Cloud answered HTTP ${status} to ${method}, which is not an API answer`, method, { status });
  }

  /** The Cloud's own words (errorMessageOf), never the secret. */
  private async errorMessage(res: Dispatcher.ResponseData, status: number): Promise<string> {
    let text: string;
    try {
      text = await this.readBody(res, 'error body');
    } catch {
      return `HTTP ${status}`;
    }
    return this.scrub(errorMessageOf(text) ?? `HTTP ${status}`);
  }

  /** An error message could only echo the secret if the server did; make sure it never travels on. */
  private scrub(text: string): string {
    let out = text;
    const basic = this.authorization.slice('Basic '.length);
    for (const secret of [this.o.secretKey, basic]) if (secret) out = out.split(secret).join('[redacted]');
    return out;
  }

  /** Reads at most `maxResponseBytes`; a larger body is abandoned rather than buffered. */
  private async readBody(res: Dispatcher.ResponseData, method: string): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > this.o.maxResponseBytes) {
        res.body.destroy();
        throw new CloudResponseError(`Response to ${method} exceeds ${this.o.maxResponseBytes} bytes`, method, { status: res.statusCode });
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Network-level failures become CloudUnavailableError; the message names only codes, never the URL. */
  private toCloudError(err: unknown, method: string, timedOut: boolean, timeoutMs: number | undefined): CloudError {
    if (err instanceof CloudError) return err;
    if (timedOut) return new CloudUnavailableError(`${method} timed out after ${timeoutMs} ms`, method, { cause: err });
    const code = (err as { code?: unknown })?.code;
    const name = (err as { name?: unknown })?.name;
    const label = typeof code === 'string' ? code : typeof name === 'string' ? name : 'network error';
    const what = /TIMEOUT/i.test(label) ? 'timed out' : 'failed';
    return new CloudUnavailableError(`${method} ${what} (${label})`, method, { cause: err });
  }

  private emitRequest(event: CloudV2RequestEvent): void {
    try {
      this.o.onRequest?.(event);
    } catch {
      // A logging hook must not break the call.
    }
  }

  private emitResponse(event: CloudV2ResponseEvent): void {
    try {
      this.o.onResponse?.(event);
    } catch {
      // As above.
    }
  }
}
