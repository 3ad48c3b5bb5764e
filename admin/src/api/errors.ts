import type { ApiErrorBody } from './types';

export interface ApiFailure {
  status?: number;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/**
 * Reads the status, code and message out of whatever failed: a FetchError of `useFetchClient`
 * (`error.response.data`), our XHR upload error (`body`), or anything else.
 */
export function apiFailure(error: unknown): ApiFailure {
  const e = error as { status?: number; response?: { status?: number; data?: ApiErrorBody }; body?: ApiErrorBody; message?: string };
  const body = e?.response?.data ?? e?.body;
  const inner = body?.error;
  return {
    status: inner?.status ?? e?.response?.status ?? e?.status,
    code: inner?.details?.code,
    message: inner?.message ?? e?.message,
    details: inner?.details,
  };
}
