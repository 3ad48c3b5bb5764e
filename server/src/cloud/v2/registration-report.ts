import { timeSpanSeconds } from '../parse/fields';
import {
  isReportCount,
  REPORT_COUNT,
  type ActivityReport,
  type Completion,
  type ObjectiveReport,
  type RegistrationReport,
  type ResultsFormat,
  type Success,
} from '../types';
import type { LooseRecord, LooseValue } from '../xml';
import {
  arrayField,
  badField,
  enumValue,
  isObject,
  objectField,
  optionalBoolean,
  optionalDate,
  optionalInteger,
  optionalNumber,
  optionalObject,
  optionalString,
  stringField,
  type JsonContext,
  type JsonObject,
} from './json';

/** Reads a V2 RegistrationSchema (GetRegistrationProgress, or a JSON postback) into the shared report type. */

/** An instance number or a total of seconds (`isReportCount`), or the field's refusal. */
function count(value: number, raw: unknown, field: string, ctx: JsonContext): number {
  if (isReportCount(value)) return value;
  throw badField(field, raw, REPORT_COUNT, ctx);
}

const COMPLETION: Record<string, Completion> = { COMPLETED: 'complete', INCOMPLETE: 'incomplete', UNKNOWN: 'unknown' };
const SUCCESS: Record<string, Success> = { PASSED: 'passed', FAILED: 'failed', UNKNOWN: 'unknown' };
const COMPLETION_OUT: Record<Completion, string> = { complete: 'COMPLETED', incomplete: 'INCOMPLETE', unknown: 'UNKNOWN' };
const SUCCESS_OUT: Record<Success, string> = { passed: 'PASSED', failed: 'FAILED', unknown: 'UNKNOWN' };

/** Nesting deeper than this is not an activity tree a package can produce; refuse it rather than recurse. */
const MAX_ACTIVITY_DEPTH = 64;

/** `score` is `{ scaled: 0–100 }`, absent (or null) when the content reported none — which is not 0. */
function scoreOf(value: unknown, field: string, ctx: JsonContext): number | null {
  const score = optionalObject(value, field, ctx);
  const scaled = score ? optionalNumber(score.scaled, `${field}.scaled`, ctx) : undefined;
  return scaled ?? null;
}

/**
 * The detail a JSON report carries, for postbacks whose format nobody states: activity details make it
 * `activity`, objectives or runtime anywhere in them make it `full`.
 */
export function inferResultsFormat(json: unknown): ResultsFormat {
  if (!isObject(json) || !isObject(json.activityDetails)) return 'course';
  let full = false;
  const walk = (a: JsonObject, depth: number): void => {
    if (full || depth > MAX_ACTIVITY_DEPTH) return;
    if (a.objectives !== undefined || a.runtime !== undefined) full = true;
    if (Array.isArray(a.children)) for (const c of a.children) if (isObject(c)) walk(c, depth + 1);
  };
  walk(json.activityDetails, 0);
  return full ? 'full' : 'activity';
}

/**
 * A RegistrationSchema as a RegistrationReport. `format` is the detail asked for; without it the
 * detail present decides (postbacks). Throws CloudResponseError naming the field for anything that
 * is not a registration.
 */
export function registrationReportFromV2(json: unknown, format?: ResultsFormat, ctx: JsonContext = {}): RegistrationReport {
  const reg = objectField(json, 'registration', ctx);
  const registrationId = stringField(reg.id, 'registration.id', ctx);
  if (registrationId === '') throw badField('registration.id', reg.id, 'a non-empty string', ctx);
  const resolved = format ?? inferResultsFormat(reg);
  const report: RegistrationReport = {
    format: resolved,
    registrationId,
    instanceId: count(optionalInteger(reg.instance, 'registration.instance', ctx) ?? 0, reg.instance, 'registration.instance', ctx),
    complete: enumValue(reg.registrationCompletion, COMPLETION, 'registration.registrationCompletion', ctx, 'unknown'),
    success: enumValue(reg.registrationSuccess, SUCCESS, 'registration.registrationSuccess', ctx, 'unknown'),
    score: scoreOf(reg.score, 'registration.score', ctx),
    // Whole seconds, as the V1 parser rounds its totals: reports of both versions compare alike.
    totalTimeSeconds: count(
      Math.round(optionalNumber(reg.totalSecondsTracked, 'registration.totalSecondsTracked', ctx) ?? 0),
      reg.totalSecondsTracked,
      'registration.totalSecondsTracked',
      ctx,
    ),
  };
  const updatedAt = optionalDate(reg.updated, 'registration.updated', ctx);
  if (updatedAt) report.updatedAt = updatedAt;
  const details = optionalObject(reg.activityDetails, 'registration.activityDetails', ctx);
  // A course-level report ignores any tree it is given, like V1's `course` format has none.
  if (details && resolved !== 'course') report.activity = activityFrom(details, resolved === 'full', 'activityDetails', 0, ctx);
  return report;
}

function activityFrom(a: JsonObject, full: boolean, path: string, depth: number, ctx: JsonContext): ActivityReport {
  if (depth > MAX_ACTIVITY_DEPTH) throw badField(path, '…', `at most ${MAX_ACTIVITY_DEPTH} levels of activities`, ctx);
  const children = arrayField(a.children, `${path}.children`, ctx).map((c, i) =>
    activityFrom(objectField(c, `${path}.children[${i}]`, ctx), full, `${path}.children[${i}]`, depth + 1, ctx),
  );
  const time = a.timeTracked;
  if (time !== undefined && time !== null && typeof time !== 'string') throw badField(`${path}.timeTracked`, time, 'a duration string', ctx);
  const activity: ActivityReport = {
    id: optionalString(a.id, `${path}.id`, ctx) ?? '',
    title: optionalString(a.title, `${path}.title`, ctx) ?? '',
    attempts: optionalInteger(a.attempts, `${path}.attempts`, ctx) ?? 0,
    complete: enumValue(a.activityCompletion, COMPLETION, `${path}.activityCompletion`, ctx, 'unknown'),
    success: enumValue(a.activitySuccess, SUCCESS, `${path}.activitySuccess`, ctx, 'unknown'),
    score: scoreOf(a.score, `${path}.score`, ctx),
    // Both the SCORM 1.2 style `0000:01:02.50` and ISO 8601 `PT1M2.5S` occur; the V1 reader takes both.
    timeSeconds: Math.round(timeSpanSeconds(time ?? undefined, `${path}.timeTracked`, ctx)),
    children,
  };
  const suspended = optionalBoolean(a.suspended, `${path}.suspended`, ctx);
  if (full) {
    if (suspended !== undefined) activity.suspended = suspended;
    activity.objectives = arrayField(a.objectives, `${path}.objectives`, ctx).map((o, i) => objectiveFrom(o, `${path}.objectives[${i}]`, ctx));
    const runtime = optionalObject(a.runtime, `${path}.runtime`, ctx);
    if (runtime) activity.runtime = looseRecord(runtime);
  }
  return activity;
}

/** V2 objectives state outcomes; the shared type has V1's sequencing view of them. */
function objectiveFrom(value: unknown, path: string, ctx: JsonContext): ObjectiveReport {
  const o = objectField(value, path, ctx);
  const objective: ObjectiveReport = { id: optionalString(o.id, `${path}.id`, ctx) ?? '' };
  const scaled = scoreOf(o.score, `${path}.score`, ctx);
  objective.measureStatus = scaled !== null;
  if (scaled !== null) objective.normalizedMeasure = scaled / 100;
  const success = enumValue(o.objectiveSuccess, SUCCESS, `${path}.objectiveSuccess`, ctx, 'unknown');
  objective.progressStatus = success !== 'unknown';
  if (success !== 'unknown') objective.satisfiedStatus = success === 'passed';
  return objective;
}

/** The runtime block keeps its shape; values become strings, as the type (made for V1's XML) says. */
function looseValue(value: unknown, depth: number): LooseValue {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return depth > MAX_ACTIVITY_DEPTH ? '' : value.map((v) => looseValue(v, depth + 1));
  if (typeof value === 'object') return depth > MAX_ACTIVITY_DEPTH ? '' : looseRecord(value as JsonObject, depth + 1);
  return String(value);
}

function looseRecord(obj: JsonObject, depth = 0): LooseRecord {
  const out: LooseRecord = {};
  for (const [k, v] of Object.entries(obj)) out[k] = looseValue(v, depth);
  return out;
}

// ---- the inverse, for fixtures ----

const scoreJson = (score: number | null): { scaled: number } | undefined => (score === null ? undefined : { scaled: score });

/** `0000:01:02.50`, the shape SCORM Cloud uses for `timeTracked`. */
function timeTracked(seconds: number): string {
  const hundredths = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(hundredths / 360000);
  const m = Math.floor((hundredths % 360000) / 6000);
  const s = (hundredths % 6000) / 100;
  return `${String(h).padStart(4, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(2).padStart(5, '0')}`;
}

function activityJson(a: ActivityReport, format: ResultsFormat): JsonObject {
  const out: JsonObject = {
    id: a.id,
    title: a.title,
    attempts: a.attempts,
    activityCompletion: COMPLETION_OUT[a.complete],
    activitySuccess: SUCCESS_OUT[a.success],
    timeTracked: timeTracked(a.timeSeconds),
    children: a.children.map((c) => activityJson(c, format)),
  };
  const score = scoreJson(a.score);
  if (score) out.score = score;
  if (format === 'full') {
    out.suspended = a.suspended ?? false;
    out.objectives = (a.objectives ?? []).map((o) => {
      const obj: JsonObject = {
        id: o.id,
        primary: false,
        objectiveCompletion: 'UNKNOWN',
        objectiveSuccess: o.progressStatus && o.satisfiedStatus !== undefined ? (o.satisfiedStatus ? 'PASSED' : 'FAILED') : 'UNKNOWN',
      };
      if (o.measureStatus && o.normalizedMeasure !== undefined) obj.score = { scaled: o.normalizedMeasure * 100 };
      return obj;
    });
    if (a.runtime) out.runtime = a.runtime;
  }
  return out;
}

/**
 * A RegistrationSchema as SCORM Cloud sends it (GetRegistrationProgress and JSON postbacks), built from
 * a report: the test fixtures' single source of truth, like `buildRegistrationReportXml` for V1.
 */
export function buildRegistrationJson(report: RegistrationReport & { courseId?: string; courseTitle?: string }): JsonObject {
  const out: JsonObject = {
    id: report.registrationId,
    instance: report.instanceId,
    registrationCompletion: COMPLETION_OUT[report.complete],
    registrationSuccess: SUCCESS_OUT[report.success],
    totalSecondsTracked: report.totalTimeSeconds,
  };
  if (report.updatedAt) out.updated = report.updatedAt.toISOString();
  const score = scoreJson(report.score);
  if (score) out.score = score;
  if (report.courseId !== undefined || report.courseTitle !== undefined) {
    out.course = { id: report.courseId ?? '', title: report.courseTitle ?? '' };
  }
  if (report.format !== 'course') {
    const root: ActivityReport = report.activity ?? {
      id: report.courseId ?? 'ROOT',
      title: report.courseTitle ?? '',
      attempts: 0,
      complete: report.complete,
      success: report.success,
      score: report.score,
      timeSeconds: report.totalTimeSeconds,
      children: [],
    };
    const details = activityJson(root, report.format);
    // A `full` tree must read back as full even without objectives.
    if (report.format === 'full' && details.objectives === undefined) details.objectives = [];
    out.activityDetails = details;
  }
  return out;
}
