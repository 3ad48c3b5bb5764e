import type { ApiErrorBody } from './types';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadResult<T> {
  status: number;
  body: T;
}

/** An upload the server refused (its error body kept) or the network lost (`status` 0). */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body?: ApiErrorBody,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

export class UploadAbortedError extends Error {
  constructor() {
    super('Upload cancelled');
    this.name = 'UploadAbortedError';
  }
}

export interface UploadRequest {
  url: string;
  form: FormData;
  token?: string | null;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** Credentials of the target: false for the Cloud, whose cookies we neither have nor want. */
  withCredentials?: boolean;
}

export interface RawAnswer {
  status: number;
  text: string;
}

/**
 * Posts a multipart form with XMLHttpRequest, because only XHR reports upload progress (`fetch` has no
 * upload events, and `useFetchClient` wraps fetch). Resolves with whatever HTTP answer came back; rejects
 * with `UploadError` status 0 when none could be read (network, CORS) and `UploadAbortedError` on abort.
 * A cross-origin post with progress listeners is preflighted, so a refused preflight means nothing was sent.
 */
export function xhrPost({
  url,
  form,
  token,
  onProgress,
  signal,
  withCredentials = false,
  accept = 'application/json',
}: UploadRequest & { accept?: string }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UploadAbortedError());
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = withCredentials;
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', accept);
    if (onProgress) {
      xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 });
    }
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const done = () => signal?.removeEventListener('abort', abort);
    xhr.onload = () => {
      done();
      resolve({ status: xhr.status, text: xhr.responseText });
    };
    xhr.onerror = () => {
      done();
      reject(new UploadError('Network error', 0));
    };
    xhr.onabort = () => {
      done();
      reject(new UploadAbortedError());
    };
    xhr.send(form);
  });
}

/** `xhrPost` to Strapi: the JSON answer, or `UploadError` with Strapi's error body for any other status. */
export async function xhrUpload<T = unknown>(request: UploadRequest): Promise<UploadResult<T>> {
  const { status, text } = await xhrPost(request);
  const body = parse(text);
  if (status >= 200 && status < 300) return { status, body: body as T };
  throw new UploadError((body as ApiErrorBody)?.error?.message ?? `HTTP ${status}`, status, body as ApiErrorBody);
}

const parse = (text: string): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** The admin's backend origin, as `useFetchClient` builds its URLs. */
export const backendUrl = (path: string) => {
  const base = (window as unknown as { strapi?: { backendURL?: string } }).strapi?.backendURL ?? window.location.origin;
  return `${base.replace(/\/$/, '')}${path}`;
};

/**
 * Tells Strapi that a direct upload the editor cancelled will not come, so that it drops the course row
 * it made for it (and whatever reached SCORM Cloud). Rejects with `UploadError` when the server refused.
 */
export async function withdrawDirectUpload({ url, token }: { url: string; token?: string | null }): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'DELETE', headers: { Accept: 'application/json', ...(token && { Authorization: `Bearer ${token}` }) } });
  } catch {
    throw new UploadError('Network error', 0);
  }
  if (response.ok) return;
  const body = parse(await response.text().catch(() => '')) as ApiErrorBody | undefined;
  throw new UploadError(body?.error?.message ?? `HTTP ${response.status}`, response.status, body);
}
