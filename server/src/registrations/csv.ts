import type { RegistrationRow } from './repository';

/**
 * The registrations export: one row per registration with its effective values and SCORM Cloud's beside
 * them, in the columns an LMS report expects. Values are RFC 4180 fields; text that a spreadsheet would
 * run as a formula (a learner named "=HYPERLINK(…)") is prefixed with an apostrophe.
 */
const COLUMNS: Array<[header: string, value: (r: RegistrationRow) => unknown]> = [
  ['registration_id', (r) => r.registrationId],
  ['course_id', (r) => r.course?.courseId],
  ['course_title', (r) => r.course?.title],
  ['learner_id', (r) => r.learnerId],
  ['first_name', (r) => r.learnerFirstName],
  ['last_name', (r) => r.learnerLastName],
  ['email', (r) => r.learnerEmail],
  ['attempt', (r) => r.attempt],
  ['completion', (r) => r.complete],
  ['success', (r) => r.success],
  ['score', (r) => r.score],
  ['total_time_seconds', (r) => r.cloudTotalTime],
  ['cloud_completion', (r) => r.cloudComplete],
  ['cloud_success', (r) => r.cloudSuccess],
  ['cloud_score', (r) => r.cloudScore],
  ['overridden', (r) => overriddenList(r)],
  ['override_reason', (r) => r.overrideReason],
  ['overridden_by', (r) => r.overriddenBy],
  ['launches', (r) => r.launchCount],
  ['last_launched_at', (r) => r.lastLaunchedAt],
  ['last_report_at', (r) => r.reportedAt],
  ['created_at', (r) => r.createdAt],
];

const overriddenList = (r: RegistrationRow) =>
  [r.overrideComplete !== null && 'completion', r.overrideSuccess !== null && 'success', r.overrideScore !== null && 'score'].filter(Boolean).join(' ');

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return String(value);
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (fields: string[]) => `${fields.join(',')}\r\n`;

export const csvHeader = (): string => line(COLUMNS.map(([header]) => header));

export const csvRows = (rows: RegistrationRow[]): string => rows.map((r) => line(COLUMNS.map(([, value]) => csvField(value(r))))).join('');
