import type { ScormVersion } from './player/contract';
import { el, textEl } from './xml';
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
}

const scoreText = (s: number | undefined): string => (s === undefined ? 'unknown' : String(s));

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
  return el('registrationreport', attrs, activityXml(result, format === 'full', input.standard));
}

function activityXml(a: ActivityResult, full: boolean, standard: ScormVersion): string {
  const common = [
    textEl('title', a.title),
    textEl('attempts', a.attempts),
    textEl('complete', a.complete),
    textEl('success', a.success),
    textEl('time', formatScorm12Time(a.seconds)),
    textEl('score', scoreText(a.score)),
  ];
  const extra = full
    ? [
        textEl('satisfied', a.success === 'passed'),
        textEl('completed', a.complete === 'complete'),
        textEl('progressstatus', a.attempts > 0),
        textEl('attemptprogressstatus', a.attempts > 0),
        textEl('suspended', a.state?.cmi['cmi.exit'] === 'suspend' || a.state?.cmi['cmi.core.exit'] === 'suspend'),
        el(
          'objectives',
          null,
          el(
            'objective',
            { id: `PRIMARYOBJ_${a.id}` },
            textEl('measurestatus', a.score !== undefined),
            textEl('normalizedmeasure', a.score === undefined ? 0 : a.score / 100),
            textEl('progressstatus', a.success !== 'unknown'),
            textEl('satisfiedstatus', a.success === 'passed'),
          ),
        ),
        a.children.length === 0 && a.state ? runtimeXml(a.state, standard) : undefined,
      ]
    : [];
  const children = a.children.length ? el('children', null, ...a.children.map((c) => activityXml(c, full, standard))) : undefined;
  return el('activity', { id: a.id }, ...common, ...extra, children);
}

function runtimeXml(state: ActivityState, standard: ScormVersion): string {
  const c = state.cmi;
  const twelve = standard === 'scorm12' || standard === 'aicc';
  const get = (k12: string, k2004: string) => (twelve ? c[k12] : c[k2004]) ?? '';
  const completion = twelve ? lessonToCompletion(c['cmi.core.lesson_status']) : (c['cmi.completion_status'] ?? 'unknown');
  const success = twelve ? lessonToSuccess(c['cmi.core.lesson_status']) : (c['cmi.success_status'] ?? 'unknown');
  const interactions = interactionsOf(c).map((it) =>
    el(
      'interaction',
      { id: it.id ?? '' },
      textEl('type', it.type ?? ''),
      textEl('timestamp', it.timestamp ?? it.time ?? ''),
      el('correct_responses', null, ...Object.entries(it).filter(([k]) => /^correct_responses\.\d+\.pattern$/.test(k)).map(([, v]) => textEl('response', v))),
      textEl('weighting', it.weighting ?? ''),
      textEl('learner_response', it.learner_response ?? it.student_response ?? ''),
      textEl('result', it.result ?? ''),
      textEl('latency', it.latency ?? ''),
      textEl('description', it.description ?? ''),
    ),
  );
  return el(
    'runtime',
    null,
    textEl('completion_status', completion),
    textEl('credit', get('cmi.core.credit', 'cmi.credit') || 'credit'),
    textEl('entry', get('cmi.core.entry', 'cmi.entry')),
    textEl('exit', get('cmi.core.exit', 'cmi.exit')),
    el('learnerpreference', null, textEl('audio_level', get('cmi.student_preference.audio', 'cmi.learner_preference.audio_level') || '1'), textEl('language', get('cmi.student_preference.language', 'cmi.learner_preference.language')), textEl('delivery_speed', get('cmi.student_preference.speed', 'cmi.learner_preference.delivery_speed') || '1'), textEl('audio_captioning', get('cmi.student_preference.text', 'cmi.learner_preference.audio_captioning') || '0')),
    textEl('location', get('cmi.core.lesson_location', 'cmi.location')),
    textEl('mode', get('cmi.core.lesson_mode', 'cmi.mode') || 'normal'),
    textEl('progress_measure', c['cmi.progress_measure'] ?? ''),
    textEl('score_scaled', twelve ? '' : (c['cmi.score.scaled'] ?? '')),
    textEl('score_raw', get('cmi.core.score.raw', 'cmi.score.raw')),
    textEl('score_min', get('cmi.core.score.min', 'cmi.score.min')),
    textEl('score_max', get('cmi.core.score.max', 'cmi.score.max')),
    textEl('total_time', formatScorm12Time(state.priorSeconds + state.sessionSeconds)),
    textEl('timetracked', formatScorm12Time(state.priorSeconds + state.sessionSeconds)),
    textEl('success_status', success),
    textEl('suspend_data', c['cmi.suspend_data'] ?? ''),
    el('comments_from_learner', null),
    el('comments_from_lms', null),
    el('interactions', null, ...interactions),
    el('objectives', null),
    el('static', null, textEl('completion_threshold', c['cmi.completion_threshold'] ?? ''), textEl('launch_data', get('cmi.launch_data', 'cmi.launch_data')), textEl('learner_id', get('cmi.core.student_id', 'cmi.learner_id')), textEl('learner_name', get('cmi.core.student_name', 'cmi.learner_name')), textEl('max_time_allowed', ''), textEl('scaled_passing_score', c['cmi.scaled_passing_score'] ?? ''), textEl('time_limit_action', '')),
  );
}

const lessonToCompletion = (s = ''): string =>
  ['passed', 'failed', 'completed'].includes(s) ? 'completed' : s === 'incomplete' || s === 'browsed' ? 'incomplete' : 'unknown';
const lessonToSuccess = (s = ''): string => (s === 'passed' || s === 'failed' ? s : 'unknown');

/** A plausible report for testRegistrationPostUrl (which has no real registration behind it). */
export function sampleReportXml(format: ResultsFormat): string {
  const root: ActivityNode = { id: 'sample_org', title: 'Sample Course', children: [{ id: 'sample_sco', title: 'Sample SCO', href: 'index.html', scormType: 'sco', children: [] }] };
  return registrationReportXml(
    {
      regId: 'sample-registration',
      instanceId: 0,
      standard: 'scorm2004',
      root,
      activities: {
        sample_sco: { cmi: { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed', 'cmi.score.scaled': '0.9' }, attempts: 1, priorSeconds: 120, sessionSeconds: 0 },
      },
    },
    format,
  );
}
