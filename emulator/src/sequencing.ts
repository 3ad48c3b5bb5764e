/**
 * SCORM 2004 sequencing rules beyond flow order, run over the parsed activity tree and the registration
 * instance's stored runtime data (not scorm-again's sequencer: the player gives each SCO its own runtime,
 * and the emulator must answer the rules over HTTP, between launches and without a browser).
 *
 * What it runs: pre-condition rules (`disabled`, `skip`, `hiddenFromChoice`, `stopForwardTraversal`) with
 * the conditions `satisfied`, `objectiveStatusKnown`, `completed`, `activityProgressKnown`, `attempted`,
 * `always` (others evaluate as unknown, so they never fire), `not`, and `all`/`any` combinations in
 * SCORM's three-valued logic; conditions on referenced objectives, whose status comes from the activity's
 * own data (its primary objective: its rolled-up success; others: the SCO's `cmi.objectives`) or, when that
 * is unknown, from the global objective its `mapInfo` reads; global objectives written by the `mapInfo` with
 * `writeSatisfiedStatus` of any activity in the instance. Completion and success roll up to the parents in
 * `rollup()` (runtime.ts), which also gives each cluster its status here.
 */
import type { ActivityNode, ObjectiveSpec, PreConditionRule } from './manifest';
import type { ScormVersion } from './player/contract';
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

type Tri = boolean | undefined;

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

export function evaluateSequencing(standard: ScormVersion, root: ActivityNode, activities: Record<string, ActivityState>): SequencingView {
  const outcomes = new Map<string, RuleOutcome>();
  const globals = new Map<string, boolean>();
  if (standard !== 'scorm2004') return { outcomes, globals };

  const results = new Map<string, ActivityResult>();
  const index = (r: ActivityResult) => {
    results.set(r.id, r);
    r.children.forEach(index);
  };
  index(rollup(standard, root, activities));
  const nodes: ActivityNode[] = [];
  const walk = (n: ActivityNode) => {
    nodes.push(n);
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

  const condition = (node: ActivityNode, c: PreConditionRule['conditions'][number]): Tri => {
    const result = results.get(node.id)!;
    const attempted = result.attempts > 0;
    switch (c.condition) {
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

  const holds = (node: ActivityNode, rule: PreConditionRule): boolean => {
    const values = rule.conditions.map((c) => {
      const v = condition(node, c);
      return c.not && v !== undefined ? !v : v;
    });
    if (rule.combination === 'any') return values.some((v) => v === true);
    return values.every((v) => v === true);
  };

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
