import { CloudResponseError } from '../errors';
import { isReportCount, REPORT_COUNT } from '../types';

/** Field converters shared by the shape parsers. Each names the offending field when it refuses a value. */

export interface ParseContext {
  method?: string;
}

const bad = (field: string, value: string | undefined, ctx: ParseContext, expected: string): CloudResponseError =>
  new CloudResponseError(
    `Invalid ${field} in SCORM Cloud response: ${value === undefined ? 'missing' : JSON.stringify(value.slice(0, 60))} (expected ${expected})`,
    ctx.method,
  );

export function enumField<T extends string>(value: string | undefined, allowed: readonly T[], field: string, ctx: ParseContext): T {
  const v = value?.trim().toLowerCase();
  if (v !== undefined && (allowed as readonly string[]).includes(v)) return v as T;
  throw bad(field, value, ctx, allowed.join(' | '));
}

export function intField(value: string | undefined, field: string, ctx: ParseContext): number {
  const v = value?.trim();
  if (v !== undefined && /^-?\d+$/.test(v)) return Number(v);
  throw bad(field, value, ctx, 'an integer');
}

export function optionalInt(value: string | undefined, field: string, ctx: ParseContext): number | undefined {
  return value === undefined || value.trim() === '' ? undefined : intField(value, field, ctx);
}

export function numberField(value: string | undefined, field: string, ctx: ParseContext): number {
  const v = value?.trim();
  if (v !== undefined && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return Number(v);
  throw bad(field, value, ctx, 'a number');
}

export function boolField(value: string | undefined, field: string, ctx: ParseContext): boolean {
  const v = value?.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw bad(field, value, ctx, 'true | false');
}

export function stringField(value: string | undefined, field: string, ctx: ParseContext): string {
  if (value === undefined) throw bad(field, value, ctx, 'a value');
  return value;
}

/** `score` is 0–100 or the word `unknown` (which is not a zero: a passed course may have no score). */
export function scoreField(value: string | undefined, field: string, ctx: ParseContext): number | null {
  const v = value?.trim();
  if (v === undefined || v === '' || v.toLowerCase() === 'unknown') return null;
  return numberField(v, field, ctx);
}

/**
 * Activity times look like `0000:15:41.98` (hours:minutes:seconds.hundredths, hours unbounded); ISO 8601
 * durations (`PT15M41.98S`) and bare seconds are accepted too. Returns seconds, unrounded.
 */
export function timeSpanSeconds(value: string | undefined, field: string, ctx: ParseContext): number {
  const v = value?.trim() ?? '';
  if (v === '') return 0;
  let m = /^(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)$/.exec(v);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(v);
  if (m && v.length > 1 && !/T$/i.test(v)) {
    return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  }
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  throw bad(field, value, ctx, 'a duration like 0000:15:41.98');
}

/**
 * V1 dates are `yyyy-MM-dd'T'HH:mm:ss.SSSZ` with a `+0000` style offset, which `Date` does not parse
 * portably; normalise the offset to `+00:00` first. Empty → undefined.
 */
export function dateField(value: string | undefined, field: string, ctx: ParseContext): Date | undefined {
  const v = value?.trim();
  if (!v || v.toLowerCase() === 'null') return undefined;
  const normalized = v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const d = /^\d{4}-\d{2}-\d{2}T/.test(normalized) ? new Date(normalized) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw bad(field, value, ctx, 'an ISO-8601 date');
  return d;
}

export const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s);

/** An instance number or a total of seconds (`isReportCount`), or the field's refusal. */
export function countField(value: number, raw: string | undefined, field: string, ctx: ParseContext): number {
  if (isReportCount(value)) return value;
  throw bad(field, raw, ctx, REPORT_COUNT);
}
