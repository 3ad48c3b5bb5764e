import type { ActivityReport, RegistrationReport } from './types';
import { escapeXml, type LooseRecord, type LooseValue } from './xml';

/**
 * Produces a registration report exactly as SCORM Cloud sends it in a postback (a bare, compact
 * `<registrationreport>`), so the postback route's tests and the emulator share one source of truth.
 * `envelope: true` wraps it as `getRegistrationResult` answers.
 */
export interface BuildReportOptions {
  envelope?: boolean;
  declaration?: boolean;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8" ?>';

/** `0000:15:41.98`: hours (at least 4 digits), minutes, seconds with hundredths — the V1 activity time. */
export function formatTimeSpan(totalSeconds: number): string {
  const hundredths = Math.max(0, Math.round(totalSeconds * 100));
  const h = Math.floor(hundredths / 360000);
  const m = Math.floor((hundredths % 360000) / 6000);
  const s = (hundredths % 6000) / 100;
  return `${String(h).padStart(4, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(2).padStart(5, '0')}`;
}

const el = (name: string, content: string | number): string => `<${name}>${escapeXml(String(content))}</${name}>`;
const score = (s: number | null): string => (s === null ? 'unknown' : String(s));

function looseXml(name: string, value: LooseValue): string {
  if (Array.isArray(value)) return value.map((v) => looseXml(name, v)).join('');
  if (typeof value === 'string') return value === '' ? `<${name}/>` : el(name, value);
  let attrs = '';
  let inner = '';
  for (const [k, v] of Object.entries(value as LooseRecord)) {
    if (k.startsWith('@')) attrs += ` ${k.slice(1)}="${escapeXml(String(v))}"`;
    else if (k === '#text') inner += escapeXml(String(v));
    else inner += looseXml(k, v);
  }
  return `<${name}${attrs}>${inner}</${name}>`;
}

function activityXml(a: ActivityReport, full: boolean): string {
  let body = el('title', a.title);
  if (full) {
    // The `full` format carries sequencing state rather than the Big Four words (see the parser).
    const progress = a.progressStatus ?? a.complete !== 'unknown';
    body += el('satisfied', String(a.satisfied ?? a.success === 'passed'));
    body += el('completed', String(a.completed ?? a.complete === 'complete'));
    body += el('progressstatus', String(progress));
    body += el('attempts', a.attempts);
    body += el('suspended', String(a.suspended ?? false));
    body += el('timeacrossattempts', formatTimeSpan(a.timeSeconds));
    const objectives = a.objectives ?? [
      {
        id: 'PRIMARYOBJ',
        measureStatus: a.score !== null,
        normalizedMeasure: a.score === null ? 0 : a.score / 100,
        progressStatus: a.success !== 'unknown',
        satisfiedStatus: a.success === 'passed',
      },
    ];
    body += '<objectives>';
    for (const o of objectives) {
      body += `<objective id="${escapeXml(o.id)}">`;
      if (o.measureStatus !== undefined) body += el('measurestatus', String(o.measureStatus));
      if (o.normalizedMeasure !== undefined) body += el('normalizedmeasure', String(o.normalizedMeasure));
      if (o.progressStatus !== undefined) body += el('progressstatus', String(o.progressStatus));
      if (o.satisfiedStatus !== undefined) body += el('satisfiedstatus', String(o.satisfiedStatus));
      body += '</objective>';
    }
    body += '</objectives>';
    if (a.runtime) body += looseXml('runtime', a.runtime);
  } else {
    body += el('attempts', a.attempts);
    body += el('complete', a.complete);
    body += el('success', a.success);
    body += el('time', formatTimeSpan(a.timeSeconds));
    body += el('score', score(a.score));
  }
  body += `<children>${a.children.map((c) => activityXml(c, full)).join('')}</children>`;
  return `<activity id="${escapeXml(a.id)}">${body}</activity>`;
}

export function buildRegistrationReportXml(report: RegistrationReport, options: BuildReportOptions = {}): string {
  const open = `<registrationreport format="${report.format}" regid="${escapeXml(report.registrationId)}" instanceid="${report.instanceId}">`;
  let inner: string;
  if (report.format === 'course') {
    inner =
      el('complete', report.complete) + el('success', report.success) + el('totaltime', Math.round(report.totalTimeSeconds)) + el('score', score(report.score));
  } else {
    const root: ActivityReport = report.activity ?? {
      id: 'ROOT',
      title: '',
      attempts: 0,
      complete: report.complete,
      success: report.success,
      score: report.score,
      timeSeconds: report.totalTimeSeconds,
      children: [],
    };
    inner = activityXml(root, report.format === 'full');
  }
  const xml = `${open}${inner}</registrationreport>`;
  if (options.envelope) return `${XML_DECLARATION}<rsp stat="ok">${xml}</rsp>`;
  return options.declaration ? XML_DECLARATION + xml : xml;
}
