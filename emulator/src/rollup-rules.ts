/**
 * SCORM 2004 rollup of a cluster from its children (SN RB.1.1–RB.1.4): the measure as the weighted mean of
 * the children's scores, success by measure when the cluster's primary objective says so, and the
 * manifest's rollup rules with their child sets. A kind of action the manifest gives no rule for keeps the
 * emulator's default rule for it (satisfied when every counted child passed, not satisfied when one failed;
 * completed when every counted child is complete, incomplete when one was started and another is not).
 */
import type { ActivityNode, RollupRule, RuleCondition } from './manifest';
import type { ActivityResult, Completion, Success } from './runtime';

/** SCORM's three-valued truth: true, false or unknown. */
export type Tri = boolean | undefined;

/** A score as every report keeps it: 0–100, two decimals. */
export const clampScore = (n: number): number => Math.round(Math.min(100, Math.max(0, n)) * 100) / 100;

/** One child's value for a rollup condition (RB.1.4.1); conditions the emulator does not track are unknown. */
function childCondition(child: ActivityResult, c: RuleCondition): Tri {
  switch (c.condition) {
    case 'satisfied':
      return child.success === 'passed' ? true : child.success === 'failed' ? false : undefined;
    case 'objectiveStatusKnown':
      return child.success !== 'unknown';
    case 'objectiveMeasureKnown':
      return child.score !== undefined;
    case 'completed':
      return child.complete === 'complete' ? true : child.complete === 'incomplete' ? false : undefined;
    case 'activityProgressKnown':
      return child.complete !== 'unknown';
    case 'attempted':
      return child.attempts > 0;
    default:
      return undefined;
  }
}

/** A condition's `operator="not"`: unknown stays unknown. */
export const not = (v: Tri, negate: boolean): Tri => (negate && v !== undefined ? !v : v);

/** All/any in three-valued logic: unknown where the known values do not decide. */
export function combine(values: Tri[], combination: 'all' | 'any'): Tri {
  if (combination === 'all') return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
  return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
}

function ruleFires(rule: RollupRule, children: ActivityResult[]): boolean {
  if (children.length === 0) return false;
  const bag = children.map((child) =>
    combine(
      rule.conditions.map((c) => not(childCondition(child, c), c.not)),
      rule.combination,
    ),
  );
  const yes = bag.filter((v) => v === true).length;
  switch (rule.childActivitySet) {
    case 'all':
      return yes === bag.length;
    case 'any':
      return yes > 0;
    case 'none':
      return bag.every((v) => v === false);
    case 'atLeastCount':
      return yes >= rule.minimumCount;
    case 'atLeastPercent':
      return yes / bag.length >= rule.minimumPercent;
  }
}

export interface ClusterStatus {
  complete: Completion;
  success: Success;
  score: number | undefined;
}

export function clusterStatus(node: ActivityNode, children: ActivityResult[]): ClusterStatus {
  const counts = (i: number, what: 'rollupProgressCompletion' | 'rollupObjectiveSatisfied') => node.children[i].sequencing?.[what] !== false;
  // A child whose manifest says rollupProgressCompletion / rollupObjectiveSatisfied="false" does not count
  // in its parent's completion / success (SN: the activity is not included in that rollup).
  const forCompletion = children.filter((_, i) => counts(i, 'rollupProgressCompletion'));
  const forSuccess = children.filter((_, i) => counts(i, 'rollupObjectiveSatisfied'));
  const anyStarted = children.some((c) => c.attempts > 0 || c.complete !== 'unknown');
  const rules = node.sequencing?.rollupRules ?? [];
  const fires = (action: RollupRule['action'], fallback: boolean, set: ActivityResult[]): boolean => {
    const own = rules.filter((r) => r.action === action);
    return own.length ? own.some((r) => ruleFires(r, set)) : fallback;
  };

  // Measure: the children's scores weighted by their objectiveMeasureWeight (1 unless stated); a child of
  // weight 0 does not count, and children without a score are left out rather than counted as 0.
  let weighted = 0;
  let weights = 0;
  children.forEach((c, i) => {
    const w = node.children[i].sequencing?.measureWeight ?? 1;
    if (c.score === undefined || w <= 0) return;
    weighted += c.score * w;
    weights += w;
  });
  const score = weights > 0 ? clampScore(weighted / weights) : undefined;

  // Success: by measure when the cluster's primary objective is satisfied by measure, else by the rules;
  // not satisfied is evaluated first and satisfied wins (SN RB.1.2.b).
  const primary = node.sequencing?.objectives?.find((o) => o.primary);
  let success: Success;
  if (primary?.satisfiedByMeasure && score !== undefined) success = score / 100 >= primary.minNormalizedMeasure ? 'passed' : 'failed';
  else {
    const notSatisfied = fires(
      'notSatisfied',
      forSuccess.some((c) => c.success === 'failed'),
      forSuccess,
    );
    const satisfied = fires('satisfied', anyStarted && forSuccess.length > 0 && forSuccess.every((c) => c.success === 'passed'), forSuccess);
    success = satisfied ? 'passed' : notSatisfied ? 'failed' : 'unknown';
  }

  const allComplete = forCompletion.length > 0 && forCompletion.every((c) => c.complete === 'complete');
  const incomplete = fires('incomplete', anyStarted && !allComplete, forCompletion);
  const completed = fires('completed', anyStarted && allComplete, forCompletion);
  const complete: Completion = completed ? 'complete' : incomplete || anyStarted ? 'incomplete' : 'unknown';
  return { complete, success, score };
}
