import type { AsyncImportResult } from '../types';
import { child, childText, type ParseXmlOptions } from '../xml';
import { expectOk } from './envelope';
import { enumField, nonEmpty, numberField, optionalInt } from './fields';
import { importResultsFrom } from './import-result';

const STATUSES = ['created', 'running', 'finished', 'error'] as const;

/** `stat="ok"` even when the import failed: a failed job is `status=error` plus an `<error>` element. */
export function parseAsyncImportResult(body: string, options: ParseXmlOptions = {}): AsyncImportResult {
  const ctx = { method: options.method };
  const rsp = expectOk(body, options);
  const status = enumField(childText(rsp, 'status'), STATUSES, 'status', ctx);
  const result: AsyncImportResult = { status, results: importResultsFrom(rsp, ctx) };
  const message = nonEmpty(childText(rsp, 'message'));
  if (message !== undefined) result.message = message;
  const progress = nonEmpty(childText(rsp, 'progress'));
  if (progress !== undefined) result.progress = numberField(progress, 'progress', ctx);
  const error = child(rsp, 'error');
  if (error) {
    const code = optionalInt(error.attrs.code, 'error/@code', ctx);
    result.error = code === undefined ? { message: error.text } : { code, message: error.text };
  }
  return result;
}
