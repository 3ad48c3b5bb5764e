import { useCallback } from 'react';
import { useAPIErrorHandler } from '@strapi/strapi/admin';
import type { ApiErrorBody } from './types';

export interface ApiFailure {
  status?: number;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

type ErrorShape = NonNullable<ApiErrorBody['error']>;

/**
 * Reads the status, code and message out of whatever failed: the error of an RTK Query endpoint (Strapi's
 * `{ status, name, message, details }`), our XHR upload error (`body`), or anything else.
 */
export function apiFailure(error: unknown): ApiFailure {
  const e = error as ErrorShape & { body?: ApiErrorBody };
  const inner: ErrorShape | undefined = e?.body?.error ?? e;
  return {
    status: inner?.status ?? e?.status,
    code: inner?.details?.code,
    message: inner?.message ?? e?.message,
    details: inner?.details,
  };
}

/**
 * The status and the words of a failure for the plugin's "{status}: {message}" texts, the words as the
 * admin formats an API error (`useAPIErrorHandler`, which also translates the messages it knows).
 */
export function useFailure() {
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();
  return useCallback(
    (error: unknown) => {
      const failure = apiFailure(error);
      const message = failure.message ? formatted(formatAPIError, failure.message) : '';
      return { ...failure, status: failure.status ?? '?', message };
    },
    [formatAPIError],
  );
}

/**
 * Only the message is given to Strapi's formatter: it would join the details' validation errors instead,
 * and throws on those whose `path` is not an array.
 */
function formatted(format: (error: { name: string; message: string }) => string, message: string): string {
  try {
    return format({ name: 'Error', message });
  } catch {
    return message;
  }
}
