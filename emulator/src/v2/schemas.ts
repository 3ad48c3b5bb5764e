/**
 * State → V2 JSON (the models of the generated V2 clients: CourseSchema, RegistrationSchema, ...). The
 * same builders serve GET responses and V2 postbacks, so a postback is exactly what a GET would return.
 */
import type { EmulatorCore } from '../core';
import type { ActivityNode, ParsedCourse } from '../manifest';
import type { ScormVersion } from '../player/contract';
import { formatScorm12Time, interactionsOf, rollup, type ActivityResult, type ActivityState, type Completion, type Success } from '../runtime';
import type { CourseRecord, CourseVersionRecord, InstanceRecord, RegistrationRecord, ResultsFormat } from '../store';

type Json = Record<string, unknown>;

export const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** What `GET /registrations/{id}` adds on request (`includeChildResults`, ...). */
export interface Detail {
  children: boolean;
  objectives: boolean;
  runtime: boolean;
}

export const NO_DETAIL: Detail = { children: false, objectives: false, runtime: false };

/** The detail a postback's resultsFormat stands for (the reference leaves the mapping open; README). */
export function detailFor(format: ResultsFormat): Detail {
  if (format === 'full') return { children: true, objectives: true, runtime: true };
  if (format === 'activity') return { children: true, objectives: false, runtime: false };
  return NO_DETAIL;
}

export function learningStandard(course: ParsedCourse): string {
  switch (course.standard) {
    case 'scorm12':
      return 'SCORM12';
    case 'scorm2004':
      return course.edition === '2004 4th Edition'
        ? 'SCORM20044THEDITION'
        : course.edition === '2004 2nd Edition'
          ? 'SCORM20042NDEDITION'
          : 'SCORM20043RDEDITION';
    case 'aicc':
      return 'AICC';
    case 'cmi5':
      return 'CMI5';
    default:
      return 'UNKNOWN';
  }
}

function courseActivity(node: ActivityNode): Json {
  return {
    externalIdentifier: node.id,
    itemIdentifier: node.id,
    // A leaf with no resource launches nothing: neither a SCO nor an asset.
    activityType: node.children.length ? 'AGGREGATION' : node.scormType === 'asset' ? 'ASSET' : node.scormType === 'sco' ? 'SCO' : 'UNKNOWN',
    href: node.href,
    title: node.title,
    children: node.children.map(courseActivity),
  };
}

export function courseSchema(
  core: EmulatorCore,
  course: CourseRecord,
  version?: CourseVersionRecord,
  options: { registrationCount?: boolean; metadata?: boolean } = {},
): Json {
  const v = version ?? course.versions[course.versions.length - 1];
  const out: Json = {
    id: course.courseId,
    title: v.course.title,
    xapiActivityId: v.course.identifier || course.courseId,
    created: iso(course.createdAt),
    updated: iso(v.createdAt),
    version: v.version,
    activityId: v.course.root.id,
    courseLearningStandard: learningStandard(v.course),
    tags: [...course.tags],
    dispatched: false,
  };
  if (options.registrationCount) out.registrationCount = core.registrations(course.appId).filter((r) => r.courseId === course.courseId).length;
  if (options.metadata) out.metadata = { title: v.course.title, keywords: [] };
  out.rootActivity = courseActivity(v.course.root);
  return out;
}

const completionEnum = (c: Completion): string => (c === 'complete' ? 'COMPLETED' : c === 'incomplete' ? 'INCOMPLETE' : 'UNKNOWN');
const successEnum = (s: Success): string => (s === 'passed' ? 'PASSED' : s === 'failed' ? 'FAILED' : 'UNKNOWN');
const scoreOf = (score: number | undefined): Json | undefined => (score === undefined ? undefined : { scaled: score });

const INTERACTION_TYPES: Record<string, string> = {
  'true-false': 'TrueFalse',
  choice: 'Choice',
  'fill-in': 'FillIn',
  'long-fill-in': 'LongFillIn',
  likert: 'Likert',
  matching: 'Matching',
  performance: 'Performance',
  sequencing: 'Sequencing',
  numeric: 'Numeric',
  other: 'Other',
};

const twelve = (standard: ScormVersion) => standard === 'scorm12' || standard === 'aicc';

function runtimeObjectives(cmi: Record<string, string>): Json[] {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(cmi)) {
    const m = /^cmi\.objectives\.(\d+)\.(.+)$/.exec(key);
    if (m) byIndex.set(Number(m[1]), { ...(byIndex.get(Number(m[1])) ?? {}), [m[2]]: value });
  }
  return [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, o]) => ({
      id: o.id ?? '',
      scoreScaled: o['score.scaled'] ?? '',
      scoreMin: o['score.min'] ?? '',
      scoreMax: o['score.max'] ?? '',
      scoreRaw: o['score.raw'] ?? '',
      runtimeObjectiveSuccessStatus: (o.success_status ?? (o.status === 'passed' || o.status === 'failed' ? o.status : 'unknown')).toUpperCase(),
      runtimeObjectiveCompletionStatus: (o.completion_status ?? 'unknown').toUpperCase().replace(/ /g, '_'),
      progressMeasure: o.progress_measure ?? '',
      description: o.description ?? '',
    }));
}

function runtimeSchema(state: ActivityState, standard: ScormVersion): Json {
  const c = state.cmi;
  const t = twelve(standard);
  const get = (k12: string, k2004: string) => (t ? c[k12] : c[k2004]) ?? '';
  const lesson = c['cmi.core.lesson_status'] ?? '';
  const completion = t ? (['passed', 'failed', 'completed'].includes(lesson) ? 'completed' : lesson || 'unknown') : (c['cmi.completion_status'] ?? 'unknown');
  const success = t ? (lesson === 'passed' || lesson === 'failed' ? lesson : 'unknown') : (c['cmi.success_status'] ?? 'unknown');
  const time = formatScorm12Time(state.priorSeconds + state.sessionSeconds);
  return {
    completionStatus: completion.toUpperCase().replace(/ /g, '_'),
    credit: get('cmi.core.credit', 'cmi.credit') || 'credit',
    entry: get('cmi.core.entry', 'cmi.entry'),
    exit: get('cmi.core.exit', 'cmi.exit'),
    learnerPreference: {
      audioLevel: Number(get('cmi.student_preference.audio', 'cmi.learner_preference.audio_level') || 1),
      language: get('cmi.student_preference.language', 'cmi.learner_preference.language'),
      deliverySpeed: Number(get('cmi.student_preference.speed', 'cmi.learner_preference.delivery_speed') || 1),
      audioCaptioning: Number(get('cmi.student_preference.text', 'cmi.learner_preference.audio_captioning') || 0),
    },
    location: get('cmi.core.lesson_location', 'cmi.location'),
    mode: get('cmi.core.lesson_mode', 'cmi.mode') || 'normal',
    progressMeasure: c['cmi.progress_measure'] ?? '',
    scoreScaled: t ? '' : (c['cmi.score.scaled'] ?? ''),
    scoreRaw: get('cmi.core.score.raw', 'cmi.score.raw'),
    scoreMin: get('cmi.core.score.min', 'cmi.score.min'),
    scoreMax: get('cmi.core.score.max', 'cmi.score.max'),
    totalTime: time,
    timeTracked: time,
    runtimeSuccessStatus: success.toUpperCase(),
    suspendData: c['cmi.suspend_data'] ?? '',
    learnerComments: [],
    lmsComments: [],
    runtimeInteractions: interactionsOf(c).map((it) => ({
      id: it.id ?? '',
      type: INTERACTION_TYPES[(it.type ?? '').toLowerCase()] ?? 'Other',
      objectives: Object.entries(it)
        .filter(([k]) => /^objectives\.\d+\.id$/.test(k))
        .map(([, v]) => v),
      timestamp: it.timestamp ?? it.time ?? '',
      timestampUtc: it.timestamp ?? it.time ?? '',
      correctResponses: Object.entries(it)
        .filter(([k]) => /^correct_responses\.\d+\.pattern$/.test(k))
        .map(([, v]) => v),
      weighting: it.weighting ?? '',
      learnerResponse: it.learner_response ?? it.student_response ?? '',
      result: it.result ?? '',
      latency: it.latency ?? '',
      description: it.description ?? '',
    })),
    runtimeObjectives: runtimeObjectives(c),
  };
}

function activitySchema(a: ActivityResult, standard: ScormVersion, detail: Detail): Json {
  const cmi = a.state?.cmi ?? {};
  const out: Json = {
    id: a.id,
    title: a.title,
    attempts: a.attempts,
    activityCompletion: completionEnum(a.complete),
    activitySuccess: successEnum(a.success),
    score: scoreOf(a.score),
    timeTracked: formatScorm12Time(a.seconds),
    suspended: cmi['cmi.exit'] === 'suspend' || cmi['cmi.core.exit'] === 'suspend',
  };
  if (detail.children) out.children = a.children.map((c) => activitySchema(c, standard, detail));
  if (detail.objectives) {
    out.objectives = [
      {
        id: `PRIMARYOBJ_${a.id}`,
        primary: true,
        score: scoreOf(a.score),
        objectiveCompletion: completionEnum(a.complete),
        objectiveSuccess: successEnum(a.success),
        previousObjectiveSuccess: 'UNKNOWN',
      },
    ];
  }
  if (detail.runtime && a.children.length === 0 && a.state) out.runtime = runtimeSchema(a.state, standard);
  return out;
}

/** The RegistrationSchema of one instance (latest by default). */
export function registrationSchema(core: EmulatorCore, reg: RegistrationRecord, detail: Detail = NO_DETAIL, inst?: InstanceRecord): Json {
  const instance = inst ?? reg.instances[reg.instances.length - 1];
  const course = core.course(reg.appId, reg.courseId);
  const version = course && (core.courseVersion(course, instance.courseVersion) ?? core.courseVersion(course));
  const parsed = version?.course;
  const standard = parsed?.standard ?? 'scorm12';
  const root: ActivityNode = parsed?.root ?? { id: reg.courseId, title: reg.courseId, children: [] };
  const result = rollup(standard, root, instance.activities);
  const latest = instance === reg.instances[reg.instances.length - 1];
  const out: Json = {
    id: reg.regId,
    instance: instance.instanceId,
    xapiRegistrationId: reg.xapiRegistrationId,
    updated: iso(latest ? Math.max(reg.updatedAt, instance.updatedAt) : instance.updatedAt),
    registrationCompletion: completionEnum(result.complete),
    registrationCompletionAmount: result.complete === 'complete' ? 100 : 0,
    registrationSuccess: successEnum(result.success),
    score: scoreOf(result.score),
    totalSecondsTracked: result.seconds,
    firstAccessDate: latest ? iso(reg.firstAccessAt) : undefined,
    lastAccessDate: latest ? iso(reg.lastAccessAt) : undefined,
    completedDate: latest ? iso(reg.completedAt) : undefined,
    createdDate: iso(reg.createdAt),
    course: { id: reg.courseId, title: parsed?.title ?? course?.title ?? reg.courseId, version: version?.version ?? instance.courseVersion },
    learner: { id: reg.learnerId, firstName: reg.firstName, lastName: reg.lastName, email: reg.email },
    tags: [...reg.registrationTags],
  };
  if (detail.children || detail.objectives || detail.runtime) out.activityDetails = activitySchema(result, standard, detail);
  return out;
}

/** A registration that does not exist, for `POST /registrations/postBackTest`. */
export function sampleRegistrationSchema(now: number, format: ResultsFormat): Json {
  const detail = detailFor(format);
  const root: ActivityNode = {
    id: 'sample_org',
    title: 'Sample Course',
    children: [{ id: 'sample_sco', title: 'Sample SCO', href: 'index.html', scormType: 'sco', children: [] }],
  };
  const activities: Record<string, ActivityState> = {
    sample_sco: {
      cmi: { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed', 'cmi.score.scaled': '0.9' },
      attempts: 1,
      priorSeconds: 120,
      sessionSeconds: 0,
    },
  };
  const result = rollup('scorm2004', root, activities);
  const at = iso(now);
  const out: Json = {
    id: 'sample-registration',
    instance: 0,
    updated: at,
    registrationCompletion: completionEnum(result.complete),
    registrationCompletionAmount: 100,
    registrationSuccess: successEnum(result.success),
    score: scoreOf(result.score),
    totalSecondsTracked: result.seconds,
    firstAccessDate: at,
    lastAccessDate: at,
    completedDate: at,
    createdDate: at,
    course: { id: 'sample-course', title: 'Sample Course', version: 0 },
    learner: { id: 'sample-learner', firstName: 'Sample', lastName: 'Learner', email: '' },
    tags: [],
  };
  if (detail.children) out.activityDetails = activitySchema(result, 'scorm2004', detail);
  return out;
}

/** JSON.stringify drops undefined members: fields absent until they have a value (score, dates). */
export const toJson = (value: unknown): string => JSON.stringify(value);
