import { apiErrorFor, CloudResponseError } from '../errors';
import type { ActivityReport, Completion, ObjectiveReport, RegistrationReport, ResultsFormat, Success } from '../types';
import { child, childrenNamed, childText, parseXml, toLoose, type LooseRecord, type ParseXmlOptions, type XmlElement } from '../xml';
import { envelopeOf } from './envelope';
import { boolField, countField, enumField, intField, nonEmpty, numberField, scoreField, timeSpanSeconds, type ParseContext } from './fields';

const COMPLETION = ['complete', 'incomplete', 'unknown'] as const;
const SUCCESS = ['passed', 'failed', 'unknown'] as const;
/** `summary` appears in doc-derived samples where live data says `course`: same shape. */
const FORMATS = ['course', 'summary', 'activity', 'full'] as const;

/**
 * Parses a registration report as `getRegistrationResult` returns it (inside `<rsp>`) or as a postback
 * delivers it (a bare `<registrationreport>`, with or without an XML declaration). Postback bodies come
 * from the network unauthenticated, hence the same DTD refusal and size limit as API responses.
 */
export function parseRegistrationReport(body: string, options: ParseXmlOptions = {}): RegistrationReport {
  const { method } = options;
  const root = parseXml(body, options);
  let reportEl: XmlElement | undefined;
  if (root.name === 'rsp') {
    const env = envelopeOf(root, method);
    if (env.stat === 'fail') throw apiErrorFor(env.code, env.message, method);
    reportEl = child(root, 'registrationreport');
  } else if (root.name === 'registrationreport') {
    reportEl = root;
  }
  if (!reportEl) throw new CloudResponseError('Invalid registrationreport in SCORM Cloud response: missing', method);
  return registrationReportFrom(reportEl, { method });
}

export function registrationReportFrom(el: XmlElement, ctx: ParseContext): RegistrationReport {
  const rawFormat = enumField(el.attrs.format, FORMATS, 'registrationreport/@format', ctx);
  const format: ResultsFormat = rawFormat === 'summary' ? 'course' : rawFormat;
  const registrationId = el.attrs.regid;
  if (!registrationId) throw new CloudResponseError('Invalid registrationreport/@regid in SCORM Cloud response: missing', ctx.method);
  const instanceId =
    el.attrs.instanceid === undefined
      ? 0
      : countField(intField(el.attrs.instanceid, 'registrationreport/@instanceid', ctx), el.attrs.instanceid, 'registrationreport/@instanceid', ctx);

  if (format === 'course') {
    return {
      format,
      registrationId,
      instanceId,
      complete: enumField(childText(el, 'complete'), COMPLETION, 'complete', ctx),
      success: enumField(childText(el, 'success'), SUCCESS, 'success', ctx),
      score: scoreField(childText(el, 'score'), 'score', ctx),
      totalTimeSeconds: countField(Math.round(timeSpanSeconds(childText(el, 'totaltime'), 'totaltime', ctx)), childText(el, 'totaltime'), 'totaltime', ctx),
    };
  }

  const rootEl = child(el, 'activity');
  if (!rootEl) throw new CloudResponseError(`Invalid activity in ${format} registrationreport: missing`, ctx.method);
  const activity = activityFrom(rootEl, format, ctx);
  // The Big Four of an activity/full report are the root activity's; its total time is the time across
  // all attempts when the Cloud gives it (the root's own <time> is often empty).
  const totalRaw =
    nonEmpty(childText(rootEl, 'timeacrossattempts')) ??
    nonEmpty(childText(rootEl, 'time')) ??
    nonEmpty(child(rootEl, 'runtime') && childText(child(rootEl, 'runtime')!, 'timetracked'));
  return {
    format,
    registrationId,
    instanceId,
    complete: activity.complete,
    success: activity.success,
    score: activity.score,
    totalTimeSeconds: countField(Math.round(timeSpanSeconds(totalRaw, 'activity/timeacrossattempts', ctx)), totalRaw, 'activity/timeacrossattempts', ctx),
    activity,
  };
}

const optionalBool = (v: string | undefined, field: string, ctx: ParseContext): boolean | undefined =>
  nonEmpty(v) === undefined ? undefined : boolField(v, field, ctx);

/**
 * The objectives in document order, the primary one moved first: live `full` reports flag it
 * (`primary="true"`, seen as a `primary` key after Hash.from_xml) and its id may be empty, so neither
 * position nor id can be relied on; without a flag the first is primary, as in the SCORM manifest.
 */
function objectivesFrom(el: XmlElement, ctx: ParseContext): ObjectiveReport[] {
  const list = child(el, 'objectives');
  const all = list ? childrenNamed(list, 'objective') : [];
  const isPrimary = (o: XmlElement): boolean => (o.attrs.primary ?? childText(o, 'primary'))?.trim().toLowerCase() === 'true';
  const primary = all.find(isPrimary);
  const ordered = primary ? [primary, ...all.filter((o) => o !== primary)] : all;
  return ordered.map((o) => {
    const objective: ObjectiveReport = { id: o.attrs.id ?? '' };
    const measureStatus = optionalBool(childText(o, 'measurestatus'), 'objective/measurestatus', ctx);
    if (measureStatus !== undefined) objective.measureStatus = measureStatus;
    const measure = nonEmpty(childText(o, 'normalizedmeasure'));
    if (measure !== undefined) objective.normalizedMeasure = numberField(measure, 'objective/normalizedmeasure', ctx);
    const progress = optionalBool(childText(o, 'progressstatus'), 'objective/progressstatus', ctx);
    if (progress !== undefined) objective.progressStatus = progress;
    const satisfied = optionalBool(childText(o, 'satisfiedstatus'), 'objective/satisfiedstatus', ctx);
    if (satisfied !== undefined) objective.satisfiedStatus = satisfied;
    return objective;
  });
}

function activityFrom(el: XmlElement, format: ResultsFormat, ctx: ParseContext): ActivityReport {
  const text = (name: string): string | undefined => nonEmpty(childText(el, name));
  const id = el.attrs.id ?? '';
  const path = `activity[${id}]`;
  const childrenEl = child(el, 'children');
  const activity: ActivityReport = {
    id,
    title: childText(el, 'title') ?? '',
    attempts: text('attempts') === undefined ? 0 : intField(text('attempts'), `${path}/attempts`, ctx),
    complete: 'unknown',
    success: 'unknown',
    score: null,
    timeSeconds: Math.round(timeSpanSeconds(text('time') ?? text('timeacrossattempts'), `${path}/time`, ctx)),
    children: (childrenEl ? childrenNamed(childrenEl, 'activity') : []).map((c) => activityFrom(c, format, ctx)),
  };

  const objectives = objectivesFrom(el, ctx);
  if (format === 'full') {
    const flags = { satisfied: 'satisfied', completed: 'completed', progressStatus: 'progressstatus', suspended: 'suspended' } as const;
    for (const [key, name] of Object.entries(flags) as Array<[keyof typeof flags, string]>) {
      const v = optionalBool(text(name), `${path}/${name}`, ctx);
      if (v !== undefined) activity[key] = v;
    }
    activity.objectives = objectives;
    const runtime = child(el, 'runtime');
    if (runtime) {
      const loose = toLoose(runtime);
      activity.runtime = typeof loose === 'object' && !Array.isArray(loose) ? loose : ({} as LooseRecord);
    }
    if (activity.timeSeconds === 0 && runtime) {
      activity.timeSeconds = Math.round(timeSpanSeconds(nonEmpty(childText(runtime, 'timetracked')), `${path}/runtime/timetracked`, ctx));
    }
  }

  // `activity` reports state the Big Four per node; `full` reports state sequencing flags instead, so
  // derive them from attempt progress and the primary (first) objective as SCORM 2004 rolls them up.
  activity.complete = text('complete') !== undefined ? enumField(text('complete'), COMPLETION, `${path}/complete`, ctx) : deriveCompletion(activity);
  activity.success = text('success') !== undefined ? enumField(text('success'), SUCCESS, `${path}/success`, ctx) : deriveSuccess(objectives);
  activity.score = text('score') !== undefined ? scoreField(text('score'), `${path}/score`, ctx) : deriveScore(objectives);
  return activity;
}

function deriveCompletion(a: ActivityReport): Completion {
  if (a.progressStatus === true && a.completed !== undefined) return a.completed ? 'complete' : 'incomplete';
  return 'unknown';
}

function deriveSuccess(objectives: ObjectiveReport[]): Success {
  const primary = objectives[0];
  if (primary?.progressStatus === true && primary.satisfiedStatus !== undefined) return primary.satisfiedStatus ? 'passed' : 'failed';
  return 'unknown';
}

function deriveScore(objectives: ObjectiveReport[]): number | null {
  const primary = objectives[0];
  if (primary?.measureStatus === true && primary.normalizedMeasure !== undefined) {
    return Math.round(primary.normalizedMeasure * 10000) / 100;
  }
  return null;
}
