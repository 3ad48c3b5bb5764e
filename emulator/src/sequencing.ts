/**
 * SCORM 2004 sequencing rules beyond flow order, run over the parsed activity tree and the registration
 * instance's stored runtime data (not scorm-again's sequencer: the player gives each SCO its own runtime,
 * and the emulator must answer the rules over HTTP, between launches and without a browser).
 *
 * What it runs: pre-condition rules (`disabled`, `skip`, `hiddenFromChoice`, `stopForwardTraversal`), and
 * once a SCO's attempt ends, exit rules on its ancestors and post-condition rules (`exitParent`, `exitAll`,
 * `retry`, `retryAll`, `continue`, `previous`; `afterAttempt`). Their conditions: `satisfied`,
 * `objectiveStatusKnown`, `objectiveMeasureKnown`, `objectiveMeasureGreaterThan`/`LessThan`, `completed`,
 * `activityProgressKnown`, `attempted`, `attemptLimitExceeded`, `always` (the time conditions evaluate as
 * unknown, so they never fire), `not`, and `all`/`any` combinations in SCORM's three-valued logic;
 * conditions on referenced objectives, whose status comes from the activity's own data (its primary
 * objective: its rolled-up success and score; others: the SCO's `cmi.objectives`) or, when that is unknown,
 * from the global objective its `mapInfo` reads; global objectives written by the `mapInfo` with
 * `writeSatisfiedStatus` of any activity in the instance. Completion, success and score roll up to the
 * parents in `rollup()` (runtime.ts, with the manifest's rollup rules: rollup-rules.ts), which also gives
 * each cluster its status here.
 */
import type { ActivityNode, ObjectiveSpec, PostConditionAction, RuleCondition } from './manifest';
import type { ScormVersion } from './player/contract';
import { combine, not, type Tri } from './rollup-rules';
import { rollup, type ActivityResult, type ActivityState } from './runtime';

/** What the pre-condition rules decide for one activity (inherited from its ancestors). */
export interface RuleOutcome {
  disabled?: true;
  skip?: true;
  hiddenFromChoice?: true;
  stopForwardTraversal?: true;
  /** The title of the activity whose rule decided it (itself or an ancestor), for the learner's notice. */
  by?: string;
}

export interface SequencingView {
  /** Each activity's outcome, keyed by activity ID; activities no rule touches are absent. */
  outcomes: Map<string, RuleOutcome>;
  /** Global objectives' satisfied status as written by the activities (`true`/`false`), keyed by target ID. */
  globals: Map<string, boolean>;
}

const primaryStatus = (objective: ObjectiveSpec | undefined, result: ActivityResult): Tri => {
  if (objective?.satisfiedByMeasure && result.score !== undefined) return result.score / 100 >= objective.minNormalizedMeasure;
  return result.success === 'passed' ? true : result.success === 'failed' ? false : undefined;
};

/** A non-primary objective as the SCO reported it in `cmi.objectives.n` (SCORM 2004). */
function cmiObjectiveStatus(state: ActivityState | undefined, id: string): Tri {
  if (!state) return undefined;
  for (const [key, value] of Object.entries(state.cmi)) {
    const m = /^cmi\.objectives\.(\d+)\.id$/.exec(key);
    if (!m || value !== id) continue;
    const success = state.cmi[`cmi.objectives.${m[1]}.success_status`];
    return success === 'passed' ? true : success === 'failed' ? false : undefined;
  }
  return undefined;
}

interface RuleContext {
  nodes: ActivityNode[];
  results: Map<string, ActivityResult>;
  globals: Map<string, boolean>;
  parents: Map<string, ActivityNode>;
  holds(node: ActivityNode, rule: { combination: 'all' | 'any'; conditions: RuleCondition[] }): boolean;
}

/** The instance's rolled-up results, its global objectives and the rule conditions over them. */
function ruleContext(standard: ScormVersion, root: ActivityNode, activities: Record<string, ActivityState>): RuleContext {
  const globals = new Map<string, boolean>();

  const results = new Map<string, ActivityResult>();
  const index = (r: ActivityResult) => {
    results.set(r.id, r);
    r.children.forEach(index);
  };
  index(rollup(standard, root, activities));
  const nodes: ActivityNode[] = [];
  const parents = new Map<string, ActivityNode>();
  const walk = (n: ActivityNode) => {
    nodes.push(n);
    for (const c of n.children) parents.set(c.id, n);
    n.children.forEach(walk);
  };
  walk(root);

  const localStatus = (node: ActivityNode, objective: ObjectiveSpec): Tri => {
    const result = results.get(node.id)!;
    return objective.primary ? primaryStatus(objective, result) : cmiObjectiveStatus(activities[node.id], objective.id);
  };

  // Writes first (document order, a later writer wins), so every read below sees the whole instance.
  for (const node of nodes) {
    for (const objective of node.sequencing?.objectives ?? []) {
      const status = localStatus(node, objective);
      if (status === undefined) continue;
      for (const map of objective.maps) if (map.writeSatisfied) globals.set(map.target, status);
    }
  }

  const objectiveStatus = (node: ActivityNode, id: string | undefined): Tri => {
    const objectives = node.sequencing?.objectives ?? [];
    const objective = id === undefined ? objectives.find((o) => o.primary) : objectives.find((o) => o.id === id);
    if (id !== undefined && !objective) return undefined;
    const local = objective ? localStatus(node, objective) : primaryStatus(undefined, results.get(node.id)!);
    if (local !== undefined) return local;
    for (const map of objective?.maps ?? []) if (map.readSatisfied && globals.has(map.target)) return globals.get(map.target);
    return undefined;
  };

  const objectiveMeasure = (node: ActivityNode, id: string | undefined): number | undefined => {
    // Only the primary objective has a measure the emulator tracks (the activity's score, as 0–1).
    const objective = id === undefined ? undefined : node.sequencing?.objectives?.find((o) => o.id === id);
    if (objective && !objective.primary) return undefined;
    const score = results.get(node.id)!.score;
    return score === undefined ? undefined : score / 100;
  };

  const condition = (node: ActivityNode, c: RuleCondition): Tri => {
    const result = results.get(node.id)!;
    const attempted = result.attempts > 0;
    switch (c.condition) {
      case 'objectiveMeasureKnown':
        return objectiveMeasure(node, c.referencedObjective) !== undefined;
      case 'objectiveMeasureGreaterThan':
      case 'objectiveMeasureLessThan': {
        const measure = objectiveMeasure(node, c.referencedObjective);
        if (measure === undefined) return undefined;
        const threshold = c.measureThreshold ?? 0;
        return c.condition === 'objectiveMeasureGreaterThan' ? measure > threshold : measure < threshold;
      }
      case 'attemptLimitExceeded': {
        const limit = node.sequencing?.attemptLimit;
        return limit === undefined ? false : result.attempts >= limit;
      }
      case 'always':
        return true;
      case 'satisfied':
        return objectiveStatus(node, c.referencedObjective);
      case 'objectiveStatusKnown':
        return objectiveStatus(node, c.referencedObjective) !== undefined;
      case 'completed':
        return result.complete === 'complete' ? true : result.complete === 'incomplete' ? false : undefined;
      case 'activityProgressKnown':
        return result.complete !== 'unknown';
      case 'attempted':
        return attempted;
      default:
        return undefined;
    }
  };

  // A rule fires only when its combined conditions are true; unknown does not fire it (SN UP.2.1).
  const holds: RuleContext['holds'] = (node, rule) =>
    combine(
      rule.conditions.map((c) => not(condition(node, c), c.not)),
      rule.combination,
    ) === true;
  return { nodes, results, globals, parents, holds };
}

export function evaluateSequencing(standard: ScormVersion, root: ActivityNode, activities: Record<string, ActivityState>): SequencingView {
  const outcomes = new Map<string, RuleOutcome>();
  if (standard !== 'scorm2004') return { outcomes, globals: new Map() };
  const { globals, holds } = ruleContext(standard, root, activities);

  const visit = (node: ActivityNode, inherited: RuleOutcome) => {
    const own: RuleOutcome = { ...inherited };
    // The first rule whose conditions hold decides, per action kind (SN UP.2: rules are checked in order).
    for (const action of ['disabled', 'hiddenFromChoice', 'skip', 'stopForwardTraversal'] as const) {
      const rule = node.sequencing?.preConditionRules?.find((r) => r.action === action && holds(node, r));
      if (rule && !own[action]) {
        own[action] = true;
        own.by ??= node.title;
      }
    }
    if (own.disabled || own.hiddenFromChoice || own.skip || own.stopForwardTraversal) outcomes.set(node.id, own);
    // Skipping a cluster skips it in flow, not its children once chosen; disabled and hidden pass down, and
    // a cluster's stopForwardTraversal stops choices past each of its SCOs (the player knows only SCOs).
    const down: RuleOutcome = {};
    if (own.disabled) down.disabled = true;
    if (own.hiddenFromChoice) down.hiddenFromChoice = true;
    if (own.skip && node !== root) down.skip = true;
    if (own.stopForwardTraversal && node !== root) down.stopForwardTraversal = true;
    if (down.disabled || down.hiddenFromChoice || down.skip || down.stopForwardTraversal) down.by = own.by;
    node.children.forEach((c) => visit(c, down));
  };
  visit(root, {});
  return { outcomes, globals };
}

/** What the rules ask for once the learner's attempt on a SCO has ended (SN TB.2.1–TB.2.3). */
export interface AfterAttempt {
  /** The sequencing request of a post-condition rule (`retryAll` as a retry of the root), or `exitAll`; absent when no rule asks for anything. */
  request?: 'continue' | 'previous' | 'retry' | 'exitAll';
  /** The activity it acts on: the SCO, or the cluster that an exit or `exitParent` rule ended. */
  activityId: string;
  /** The first and last SCO of that activity: where a retry starts, and where flow leaves it. */
  firstSco: string;
  lastSco: string;
  /** The SCOs whose runtime data a retry starts afresh (a new attempt on each). */
  retried?: string[];
  /** Why a retry the rules asked for is not done (the attempt limit), for the learner's notice. */
  refused?: string;
}

const scosOf = (node: ActivityNode): ActivityNode[] => (node.children.length ? node.children.flatMap(scosOf) : node.href ? [node] : []);

/**
 * Exit rules on the SCO's ancestors (from the root down: the first that holds ends that cluster), then the
 * post-condition rules of what ended, repeated up the tree while they say `exitParent`. Ending the root
 * leaves the course; `retryAll` retries the root. Retrying past an activity's attempt
 * limit is refused (SN UP.1: a limit-violated activity is not delivered).
 */
export function afterAttempt(standard: ScormVersion, root: ActivityNode, activities: Record<string, ActivityState>, scoId: string): AfterAttempt | undefined {
  if (standard !== 'scorm2004') return undefined;
  const ctx = ruleContext(standard, root, activities);
  let node = ctx.nodes.find((n) => n.id === scoId);
  if (!node) return undefined;
  const path: ActivityNode[] = [];
  for (let p = ctx.parents.get(node.id); p; p = ctx.parents.get(p.id)) path.unshift(p);
  const exited = path.find((a) => a.sequencing?.exitConditionRules?.some((r) => ctx.holds(a, r)));
  if (exited) node = exited;

  let request: Exclude<PostConditionAction, 'exitParent'> | undefined;
  for (;;) {
    const current: ActivityNode = node;
    const rule = current.sequencing?.postConditionRules?.find((r) => ctx.holds(current, r));
    if (!rule) break;
    if (rule.action === 'exitParent') {
      const parent = ctx.parents.get(current.id);
      if (!parent) break;
      node = parent;
      continue;
    }
    request = rule.action;
    break;
  }
  if (request === 'retryAll') {
    node = root;
    request = 'retry';
  }
  // Ending the root ends the course, unless it is retried (SN TB.2.3 step 3.5).
  if (node === root && request !== 'retry') request = 'exitAll';

  const scos = scosOf(node);
  if (scos.length === 0) return undefined;
  const out: AfterAttempt = { activityId: node.id, firstSco: scos[0].id, lastSco: scos[scos.length - 1].id };
  if (request === 'retry') {
    const limited = [node, ...scos].find((a) => a.sequencing?.attemptLimit !== undefined && ctx.results.get(a.id)!.attempts >= a.sequencing.attemptLimit);
    if (limited) {
      out.refused = `${limited.title} has had the ${limited.sequencing!.attemptLimit} attempt${limited.sequencing!.attemptLimit === 1 ? '' : 's'} the course allows.`;
      return out;
    }
    out.retried = scos.map((s) => s.id);
  }
  if (request) out.request = request;
  return request || node.id !== scoId ? out : undefined;
}
