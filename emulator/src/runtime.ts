import type { CmiData, ScormVersion } from './player/contract';
import type { ActivityNode } from './manifest';
import { clampScore, clusterStatus } from './rollup-rules';

/** What the emulator keeps per activity of one registration instance. */
export interface ActivityState {
  /** The latest value of every CMI element the content set (merged over commits and launches). */
  cmi: CmiData;
  attempts: number;
  /** Session time of sessions that have ended, in seconds. */
  priorSeconds: number;
  /** Session time reported so far by the session in progress. */
  sessionSeconds: number;
  /**
   * Time the player measured over ended sessions (launch to exit), apart from what the content reported:
   * full reports show both (`timetracked`, `total_time`). Absent in state saved before it existed.
   */
  trackedSeconds?: number;
}

export type Completion = 'complete' | 'incomplete' | 'unknown';
export type Success = 'passed' | 'failed' | 'unknown';

export interface BigFour {
  complete: Completion;
  success: Success;
  /** 0–100, or undefined when no score was reported. */
  score: number | undefined;
  /** Whole seconds. */
  totalSeconds: number;
}

export interface ActivityResult extends BigFour {
  id: string;
  title: string;
  attempts: number;
  seconds: number;
  state?: ActivityState;
  children: ActivityResult[];
}

/** `HHHH:MM:SS.SS` (SCORM 1.2 CMITimespan); the hour part may have 2–4 digits. */
export function parseScorm12Time(value: string): number | undefined {
  const m = /^\s*(\d{1,4}):([0-5]?\d):([0-5]?\d(?:\.\d{1,2})?)\s*$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** ISO-8601 duration (SCORM 2004 timeinterval), e.g. `PT1H2M3.5S`, `P1DT2H`. */
export function parseIsoDuration(value: string): number | undefined {
  const m =
    /^\s*P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?\s*$/.exec(
      value,
    );
  if (!m || value.trim() === 'P' || value.trim().endsWith('T')) return undefined;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return n(1) * 365 * 86400 + n(2) * 30 * 86400 + n(3) * 7 * 86400 + n(4) * 86400 + n(5) * 3600 + n(6) * 60 + n(7);
}

/** Either notation, or a plain number of seconds (the test controls accept all three). */
export function parseAnyDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return value.trim().startsWith('P') ? parseIsoDuration(value) : parseScorm12Time(value);
}

/** `HHHH:MM:SS.SS`, the form the activity report uses for time. */
export function formatScorm12Time(seconds: number): string {
  const cs = Math.round(seconds * 100);
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  return `${String(h).padStart(4, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(2).padStart(5, '0')}`;
}

export function formatIsoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round((seconds % 60) * 100) / 100;
  return `PT${h}H${m}M${s}S`;
}

export const sessionTimeKey = (standard: ScormVersion): string =>
  standard === 'scorm12' || standard === 'aicc' ? 'cmi.core.session_time' : 'cmi.session_time';

export function newActivityState(): ActivityState {
  return { cmi: {}, attempts: 0, priorSeconds: 0, sessionSeconds: 0 };
}

/** A commit from the content: merge the elements, and take the session's time as reported so far. */
export function applyCommit(state: ActivityState, standard: ScormVersion, cmi: CmiData): void {
  for (const [key, value] of Object.entries(cmi)) state.cmi[key] = String(value);
  const raw = cmi[sessionTimeKey(standard)];
  if (raw !== undefined && raw !== '') {
    const seconds = standard === 'scorm12' || standard === 'aicc' ? parseScorm12Time(raw) : parseIsoDuration(raw);
    if (seconds !== undefined) state.sessionSeconds = seconds;
  }
}

/** The session ended: its time joins the total (SCORM adds session times up). */
export function endSession(state: ActivityState, standard: ScormVersion): void {
  state.priorSeconds += state.sessionSeconds;
  state.sessionSeconds = 0;
  delete state.cmi[sessionTimeKey(standard)];
}

const num = (v: string | undefined): number | undefined => {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

function scoreFromRaw(raw: number | undefined, min: number | undefined, max: number | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (max !== undefined && max > (min ?? 0) && !(max === 100 && (min ?? 0) === 0)) return clampScore(((raw - (min ?? 0)) / (max - (min ?? 0))) * 100);
  return clampScore(raw);
}

/** complete/success/score of one activity from its CMI data. */
export function activityStatus(standard: ScormVersion, state: ActivityState | undefined): Omit<BigFour, 'totalSeconds'> {
  if (!state || state.attempts === 0) return { complete: 'unknown', success: 'unknown', score: undefined };
  const c = state.cmi;
  if (standard === 'scorm12' || standard === 'aicc') {
    const status = (c['cmi.core.lesson_status'] ?? '').toLowerCase();
    const score = scoreFromRaw(num(c['cmi.core.score.raw']), num(c['cmi.core.score.min']), num(c['cmi.core.score.max']));
    const complete: Completion = ['passed', 'failed', 'completed'].includes(status) ? 'complete' : 'incomplete';
    const success: Success = status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'unknown';
    return { complete, success, score };
  }
  const completion = (c['cmi.completion_status'] ?? '').toLowerCase();
  const successStatus = (c['cmi.success_status'] ?? '').toLowerCase();
  const scaled = num(c['cmi.score.scaled']);
  const score = scaled !== undefined ? clampScore(scaled * 100) : scoreFromRaw(num(c['cmi.score.raw']), num(c['cmi.score.min']), num(c['cmi.score.max']));
  return {
    complete: completion === 'completed' ? 'complete' : 'incomplete',
    success: successStatus === 'passed' ? 'passed' : successStatus === 'failed' ? 'failed' : 'unknown',
    score,
  };
}

/** The activity tree with each node's results; clusters roll their children up. */
export function rollup(standard: ScormVersion, root: ActivityNode, activities: Record<string, ActivityState>): ActivityResult {
  const visit = (node: ActivityNode): ActivityResult => {
    const children = node.children.map(visit);
    const state = activities[node.id];
    const own = state ? state.priorSeconds + state.sessionSeconds : 0;
    if (children.length === 0) {
      const s = activityStatus(standard, state);
      return { id: node.id, title: node.title, attempts: state?.attempts ?? 0, seconds: own, totalSeconds: Math.round(own), state, children, ...s };
    }
    const tracked = children.filter((c) => c.attempts > 0 || c.children.length > 0);
    const { complete, success, score } = clusterStatus(node, children);
    const seconds = own + children.reduce((a, c) => a + c.seconds, 0);
    const attempts = Math.max(state?.attempts ?? 0, ...tracked.map((c) => c.attempts), 0);
    return { id: node.id, title: node.title, attempts, seconds, totalSeconds: Math.round(seconds), state, children, complete, success, score };
  };
  return visit(root);
}

/** `cmi.interactions.N.field` keys grouped per N, in index order. */
export function interactionsOf(cmi: CmiData): Array<Record<string, string>> {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(cmi)) {
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(key);
    if (!m) continue;
    const i = Number(m[1]);
    const entry = byIndex.get(i) ?? {};
    entry[m[2]] = value;
    byIndex.set(i, entry);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

export interface RuntimeInput {
  completion?: string;
  success?: string;
  /** 0–100. */
  score?: number;
  sessionTime?: string | number;
  location?: string;
  suspendData?: string;
  interactions?: Array<{
    id: string;
    type?: string;
    result?: string;
    learnerResponse?: string;
    correctResponse?: string;
    description?: string;
    weighting?: string | number;
    latency?: string;
    timestamp?: string;
  }>;
  /** Raw CMI elements, applied last. */
  cmi?: CmiData;
}

/** The test controls' friendly runtime input, written as the content itself would have set it. */
export function toCmi(standard: ScormVersion, input: RuntimeInput): CmiData {
  const out: CmiData = {};
  const twelve = standard === 'scorm12' || standard === 'aicc';
  const seconds = input.sessionTime !== undefined ? parseAnyDuration(input.sessionTime) : undefined;
  if (twelve) {
    const completion = input.completion?.toLowerCase();
    const success = input.success?.toLowerCase();
    if (success === 'passed' || success === 'failed') out['cmi.core.lesson_status'] = success;
    else if (completion === 'completed' || completion === 'complete') out['cmi.core.lesson_status'] = 'completed';
    else if (completion) out['cmi.core.lesson_status'] = completion === 'unknown' ? 'not attempted' : completion;
    if (input.score !== undefined) {
      out['cmi.core.score.raw'] = String(input.score);
      out['cmi.core.score.min'] = '0';
      out['cmi.core.score.max'] = '100';
    }
    if (seconds !== undefined) out['cmi.core.session_time'] = formatScorm12Time(seconds);
    if (input.location !== undefined) out['cmi.core.lesson_location'] = input.location;
  } else {
    if (input.completion) out['cmi.completion_status'] = input.completion === 'complete' ? 'completed' : input.completion;
    if (input.success) out['cmi.success_status'] = input.success;
    if (input.score !== undefined) {
      out['cmi.score.scaled'] = String(input.score / 100);
      out['cmi.score.raw'] = String(input.score);
      out['cmi.score.min'] = '0';
      out['cmi.score.max'] = '100';
    }
    if (seconds !== undefined) out['cmi.session_time'] = formatIsoDuration(seconds);
    if (input.location !== undefined) out['cmi.location'] = input.location;
  }
  if (input.suspendData !== undefined) out['cmi.suspend_data'] = input.suspendData;
  (input.interactions ?? []).forEach((it, i) => {
    const p = `cmi.interactions.${i}.`;
    out[p + 'id'] = it.id;
    if (it.type) out[p + 'type'] = it.type;
    if (it.result) out[p + 'result'] = it.result;
    if (it.learnerResponse !== undefined) out[p + (twelve ? 'student_response' : 'learner_response')] = it.learnerResponse;
    if (it.correctResponse !== undefined) out[p + 'correct_responses.0.pattern'] = it.correctResponse;
    if (it.description !== undefined && !twelve) out[p + 'description'] = it.description;
    if (it.weighting !== undefined) out[p + 'weighting'] = String(it.weighting);
    if (it.latency !== undefined) out[p + 'latency'] = it.latency;
    if (it.timestamp !== undefined) out[p + (twelve ? 'time' : 'timestamp')] = it.timestamp;
  });
  Object.assign(out, input.cmi ?? {});
  return out;
}
