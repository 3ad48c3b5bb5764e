import { CloudResponseError } from '../errors';

/**
 * Typed reads of V2 JSON answers. The generated clients trust the Cloud's JSON blindly; these refuse a
 * wrong type with a message naming the field, so a changed or foreign answer fails where it is read.
 */

export type JsonObject = Record<string, unknown>;

export interface JsonContext {
  method?: string;
}

const show = (value: unknown): string => {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

export const badField = (field: string, value: unknown, expected: string, ctx: JsonContext): CloudResponseError =>
  new CloudResponseError(`Invalid ${field} in SCORM Cloud response: ${show(value)} (expected ${expected})`, ctx.method);

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function objectField(value: unknown, field: string, ctx: JsonContext): JsonObject {
  if (isObject(value)) return value;
  throw badField(field, value, 'an object', ctx);
}

/** Absent and null are the same thing in these answers: the JS client drops both. */
export function optionalObject(value: unknown, field: string, ctx: JsonContext): JsonObject | undefined {
  return value === undefined || value === null ? undefined : objectField(value, field, ctx);
}

export function stringField(value: unknown, field: string, ctx: JsonContext): string {
  if (typeof value === 'string') return value;
  throw badField(field, value, 'a string', ctx);
}

export function optionalString(value: unknown, field: string, ctx: JsonContext): string | undefined {
  return value === undefined || value === null ? undefined : stringField(value, field, ctx);
}

export function optionalNumber(value: unknown, field: string, ctx: JsonContext): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw badField(field, value, 'a number', ctx);
}

export function optionalInteger(value: unknown, field: string, ctx: JsonContext): number | undefined {
  const n = optionalNumber(value, field, ctx);
  if (n !== undefined && !Number.isInteger(n)) throw badField(field, value, 'an integer', ctx);
  return n;
}

export function optionalBoolean(value: unknown, field: string, ctx: JsonContext): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  throw badField(field, value, 'true | false', ctx);
}

export function arrayField(value: unknown, field: string, ctx: JsonContext): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  throw badField(field, value, 'an array', ctx);
}

export function stringArray(value: unknown, field: string, ctx: JsonContext): string[] {
  return arrayField(value, field, ctx).map((v, i) => stringField(v, `${field}[${i}]`, ctx));
}

/** Upper-case wire enums; matched case-insensitively in case a server version changes the casing. */
export function enumValue<T extends string>(value: unknown, map: Record<string, T>, field: string, ctx: JsonContext, fallback?: T): T {
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value === 'string') {
    const hit = map[value.toUpperCase()];
    if (hit !== undefined) return hit;
  }
  throw badField(field, value, Object.keys(map).join(' | '), ctx);
}

/** ISO-8601 date-times, with or without milliseconds and offset (Z assumed when none is given). */
export function optionalDate(value: unknown, field: string, ctx: JsonContext): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
    const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
    const d = new Date(withZone.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw badField(field, value, 'an ISO-8601 date-time', ctx);
}
