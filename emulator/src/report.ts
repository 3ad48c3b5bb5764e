import type { ScormVersion } from './player/contract';
import { cdata, el, textEl } from './xml';
import type { ActivityResult, ActivityState } from './runtime';
import { formatScorm12Time, interactionsOf, rollup } from './runtime';
import type { ActivityNode } from './manifest';
import type { ResultsFormat } from './store';

export interface ReportInput {
  regId: string;
  instanceId: number;
  standard: ScormVersion;
  root: ActivityNode;
  activities: Record<string, ActivityState>;
  /** The registration's learner, for the runtime's `static` block when the content never read it. */
  learner?: { id: string; name: string };
}

const scoreText = (s: number | undefined): string => (s === undefined ? 'unknown' : String(s));

/** Real reports write their doubles the way Java prints them: `0.0`, `1.0`, `100.0`, `0.925`. */
export function javaDouble(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** A number the content reported, in the report's double notation; anything else as it came. */
const reportedNumber = (v: string | undefined): string => {
  if (v === undefined || v.trim() === '') return '';
  const n = Number(v);
  return Number.isFinite(n) ? javaDouble(n) : v;
};

/** `<children>` is always there, empty on leaves, as in real activity and full reports. */
const childrenEl = (items: string[]): string => `<children>${items.join('')}</children>`;

/** The `<registrationreport>` element (no envelope): the body of getRegistrationResult and of postbacks. */
export function registrationReportXml(input: ReportInput, format: ResultsFormat): string {
  const result = rollup(input.standard, input.root, input.activities);
  const attrs = { format, regid: input.regId, instanceid: String(input.instanceId) };
  if (format === 'course') {
    return el(
      'registrationreport',
      attrs,
      textEl('complete', result.complete),
      textEl('success', result.success),
      textEl('totaltime', result.totalSeconds),
      textEl('score', scoreText(result.score)),
    );
  }
  const activity = format === 'full' ? fullActivityXml(result, input) : activityXml(result);
  return el('registrationreport', attrs, activity);
}

/**
 * `activity` reports, in the real order: title, attempts, complete, success, timeacrossattempts, time, score,
 * children. The emulator keeps no per-attempt time, so a SCO's `time` is its time across attempts; a
 * cluster has no runtime of its own and its `time` is empty (as the root's in the samples).
 */
function activityXml(a: ActivityResult): string {
  const leaf = a.children.length === 0;
  return el(
    'activity',
    { id: a.id },
    textEl('title', a.title),
    textEl('attempts', a.attempts),
    textEl('complete', a.complete),
    textEl('success', a.success),
    textEl('timeacrossattempts', formatScorm12Time(a.seconds)),
    `<time>${leaf ? formatScorm12Time(a.seconds) : ''}</time>`,
    textEl('score', scoreText(a.score)),
    childrenEl(a.children.map(activityXml)),
  );
}

/**
 * `full` reports state sequencing flags, not the Big Four: title, satisfied, completed, timeacrossattempts,
 * progressstatus, attemptprogressstatus, attempts, suspended, objectives, runtime, children. The Big Four
 * are read back from the flags and the primary objective (measure = score / 100).
 */
function fullActivityXml(a: ActivityResult, input: ReportInput): string {
  const known = a.complete !== 'unknown';
  const state = a.state;
  const suspended = state?.cmi['cmi.exit'] === 'suspend' || state?.cmi['cmi.core.exit'] === 'suspend';
  return el(
    'activity',
    { id: a.id },
    textEl('title', a.title),
    textEl('satisfied', a.success === 'passed'),
    textEl('completed', a.complete === 'complete'),
    textEl('timeacrossattempts', formatScorm12Time(a.seconds)),
    textEl('progressstatus', known),
    textEl('attemptprogressstatus', known),
    textEl('attempts', a.attempts),
    textEl('suspended', suspended),
    el(
      'objectives',
      null,
      // The captured sample's primary objective: no id of its own, flagged primary.
      el(
        'objective',
        { id: '', primary: 'true' },
        textEl('measurestatus', a.score !== undefined),
        textEl('normalizedmeasure', javaDouble(a.score === undefined ? 0 : a.score / 100)),
        textEl('progressstatus', a.success !== 'unknown'),
        textEl('satisfiedstatus', a.success === 'passed'),
      ),
    ),
    a.children.length === 0 && state ? runtimeXml(state, input) : undefined,
    childrenEl(a.children.map((c) => fullActivityXml(c, input))),
  );
}

/** Engine's spelling of the CMI vocabulary in reports: `Credit`, `AbInitio`, `Suspend`, `TimeOut`, ... */
const camel = (v: string): string =>
  v
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
    .join('');

const credit = (v: string): string => (v.toLowerCase().replace(/[^a-z]/g, '') === 'nocredit' ? 'NoCredit' : 'Credit');
const entry = (v: string): string => (v.toLowerCase() === 'resume' ? 'Resume' : 'AbInitio');
const exitValue = (v: string): string => (v === '' ? 'Unknown' : v.toLowerCase() === 'time-out' ? 'TimeOut' : camel(v));
const mode = (v: string): string => (v === '' ? 'Normal' : camel(v));
const timeLimitAction = (v: string): string => (v === '' ? 'Undefined' : camel(v));
const runtimeSuccess = (v: string): string => (v === 'passed' ? 'Passed' : v === 'failed' ? 'Failed' : 'Unknown');
/** Empty free-text values are written `null` in real reports (location, objective description). */
const orNull = (v: string | undefined): string => (v === undefined || v === '' ? 'null' : v);

/** `cmi.<prefix>.N.field` keys grouped per N, in index order. */
function indexed(cmi: Record<string, string>, prefix: string): Array<Record<string, string>> {
  const byIndex = new Map<number, Record<string, string>>();
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.(.+)$`);
  for (const [key, value] of Object.entries(cmi)) {
    const m = re.exec(key);
    if (!m) continue;
    const entry = byIndex.get(Number(m[1])) ?? {};
    entry[m[2]] = value;
    byIndex.set(Number(m[1]), entry);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

const commentXml = (value: string, location = '', dateTime = ''): string =>
  el('comment', null, textEl('value', value), textEl('location', location), textEl('date_time', dateTime));

function runtimeXml(state: ActivityState, input: ReportInput): string {
  const c = state.cmi;
  const twelve = input.standard === 'scorm12' || input.standard === 'aicc';
  const get = (k12: string, k2004: string) => (twelve ? c[k12] : c[k2004]) ?? '';
  const lesson = (c['cmi.core.lesson_status'] ?? '').toLowerCase();
  const completion = twelve ? lessonToCompletion(lesson) : (c['cmi.completion_status'] ?? 'unknown');
  const success = twelve ? lessonToSuccess(lesson) : (c['cmi.success_status'] ?? 'unknown').toLowerCase();
  const reportedSeconds = state.priorSeconds + state.sessionSeconds;

  const interactions = interactionsOf(c).map((it) =>
    el(
      'interaction',
      { id: it.id ?? '' },
      // Not in the (all-empty, doc-style) samples, but the one value a report reader needs to make sense of
      // the rest; kept first.
      textEl('type', it.type ?? ''),
      el(
        'objectives',
        null,
        ...Object.entries(it)
          .filter(([k]) => /^objectives\.\d+\.id$/.test(k))
          .map(([, v]) => el('objective', { id: v })),
      ),
      textEl('timestamp', it.timestamp ?? it.time ?? ''),
      el(
        'correct_responses',
        null,
        ...Object.entries(it)
          .filter(([k]) => /^correct_responses\.\d+\.pattern$/.test(k))
          .map(([, v]) => el('response', { id: v })),
      ),
      textEl('weighting', it.weighting ?? ''),
      textEl('learner_response', it.learner_response ?? it.student_response ?? ''),
      textEl('result', it.result ?? ''),
      textEl('latency', it.latency ?? ''),
      textEl('description', it.description ?? ''),
    ),
  );

  const objectives = indexed(c, 'cmi.objectives').map((o) => {
    const status12 = (o.status ?? '').toLowerCase();
    return el(
      'objective',
      { id: o.id ?? '' },
      textEl('score_scaled', reportedNumber(o['score.scaled'])),
      textEl('score_min', o['score.min'] ?? ''),
      textEl('score_raw', reportedNumber(o['score.raw'])),
      textEl('score_max', reportedNumber(o['score.max'])),
      textEl('success_status', twelve ? lessonToSuccess(status12) : (o.success_status ?? 'unknown')),
      textEl('completion_status', twelve ? lessonToCompletion(status12) : (o.completion_status ?? 'unknown')),
      textEl('progress_measure', o.progress_measure ?? ''),
      textEl('description', orNull(o.description)),
    );
  });

  const fromLearner = twelve
    ? c['cmi.comments']
      ? [commentXml(c['cmi.comments'])]
      : []
    : indexed(c, 'cmi.comments_from_learner').map((x) => commentXml(x.comment ?? '', x.location, x.timestamp));
  const fromLms = twelve
    ? c['cmi.comments_from_lms']
      ? [commentXml(c['cmi.comments_from_lms'])]
      : []
    : indexed(c, 'cmi.comments_from_lms').map((x) => commentXml(x.comment ?? '', x.location, x.timestamp));

  const suspendData = c['cmi.suspend_data'] ?? '';
  return el(
    'runtime',
    null,
    textEl('completion_status', completion),
    textEl('credit', credit(get('cmi.core.credit', 'cmi.credit'))),
    textEl('entry', entry(get('cmi.core.entry', 'cmi.entry'))),
    textEl('exit', exitValue(get('cmi.core.exit', 'cmi.exit'))),
    el(
      'learnerpreference',
      null,
      textEl('audio_level', reportedNumber(get('cmi.student_preference.audio', 'cmi.learner_preference.audio_level') || '1')),
      textEl('language', get('cmi.student_preference.language', 'cmi.learner_preference.language')),
      textEl('delivery_speed', reportedNumber(get('cmi.student_preference.speed', 'cmi.learner_preference.delivery_speed') || '1')),
      textEl('audio_captioning', get('cmi.student_preference.text', 'cmi.learner_preference.audio_captioning') || '0'),
    ),
    textEl('location', orNull(get('cmi.core.lesson_location', 'cmi.location'))),
    textEl('mode', mode(get('cmi.core.lesson_mode', 'cmi.mode'))),
    textEl('progress_measure', c['cmi.progress_measure'] ?? ''),
    textEl('score_scaled', twelve ? '' : reportedNumber(c['cmi.score.scaled'])),
    textEl('score_raw', reportedNumber(get('cmi.core.score.raw', 'cmi.score.raw'))),
    // As in the captured sample, the minimum is written as reported (`0`) while raw and max are doubles.
    textEl('score_min', get('cmi.core.score.min', 'cmi.score.min')),
    textEl('score_max', reportedNumber(get('cmi.core.score.max', 'cmi.score.max'))),
    // total_time is what the content reported (the sum of its session times); timetracked is what the
    // player measured between launch and exit. Real reports show the two apart.
    textEl('total_time', formatScorm12Time(reportedSeconds)),
    textEl('timetracked', formatScorm12Time(state.trackedSeconds ?? reportedSeconds)),
    textEl('success_status', runtimeSuccess(success)),
    suspendData === '' ? el('suspend_data') : `<suspend_data>${cdata(suspendData)}</suspend_data>`,
    el('comments_from_learner', null, ...fromLearner),
    el('comments_from_lms', null, ...fromLms),
    el('interactions', null, ...interactions),
    el('objectives', null, ...objectives),
    el(
      'static',
      null,
      textEl('completion_threshold', c['cmi.completion_threshold'] ?? ''),
      textEl('launch_data', get('cmi.launch_data', 'cmi.launch_data')),
      textEl('learner_id', get('cmi.core.student_id', 'cmi.learner_id') || (input.learner?.id ?? '')),
      textEl('learner_name', get('cmi.core.student_name', 'cmi.learner_name') || (input.learner?.name ?? '')),
      textEl('max_time_allowed', get('cmi.student_data.max_time_allowed', 'cmi.max_time_allowed')),
      textEl('scaled_passing_score', c['cmi.scaled_passing_score'] ?? ''),
      textEl('time_limit_action', timeLimitAction(get('cmi.student_data.time_limit_action', 'cmi.time_limit_action'))),
    ),
  );
}

const lessonToCompletion = (s = ''): string =>
  ['passed', 'failed', 'completed'].includes(s) ? 'completed' : s === 'incomplete' || s === 'browsed' ? 'incomplete' : 'unknown';
const lessonToSuccess = (s = ''): string => (s === 'passed' || s === 'failed' ? s : 'unknown');

/** A plausible report for testRegistrationPostUrl (which has no real registration behind it). */
export function sampleReportXml(format: ResultsFormat): string {
  const root: ActivityNode = {
    id: 'sample_org',
    title: 'Sample Course',
    children: [{ id: 'sample_sco', title: 'Sample SCO', href: 'index.html', scormType: 'sco', children: [] }],
  };
  return registrationReportXml(
    {
      regId: 'sample-registration',
      instanceId: 0,
      standard: 'scorm2004',
      root,
      activities: {
        sample_sco: {
          cmi: { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed', 'cmi.score.scaled': '0.9' },
          attempts: 1,
          priorSeconds: 120,
          sessionSeconds: 0,
          trackedSeconds: 125,
        },
      },
      learner: { id: 'sample-learner', name: 'Learner, Sample' },
    },
    format,
  );
}
