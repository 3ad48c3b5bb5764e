import type { Completion, Success } from '../cloud/types';

/**
 * The one place that decides what a registration's result is: an editor's override when set, else the
 * Cloud's value. Every reader (admin, content API, events) sees these, so they are stored on the row.
 */
export interface ResultColumns {
  cloudComplete?: Completion | null;
  cloudSuccess?: Success | null;
  cloudScore?: number | string | null;
  overrideComplete?: Completion | null;
  overrideSuccess?: Success | null;
  overrideScore?: number | string | null;
}

export interface EffectiveResult {
  complete: Completion;
  success: Success;
  score: number | null;
}

export interface OverriddenFlags {
  complete: boolean;
  success: boolean;
  score: boolean;
}

// Decimals come back as strings from PostgreSQL and MariaDB.
const num = (v: number | string | null | undefined): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const isSet = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

export const overriddenFlags = (row: ResultColumns): OverriddenFlags => ({
  complete: isSet(row.overrideComplete),
  success: isSet(row.overrideSuccess),
  score: isSet(row.overrideScore),
});

export function effectiveResult(row: ResultColumns): EffectiveResult {
  return {
    complete: row.overrideComplete ?? row.cloudComplete ?? 'unknown',
    success: row.overrideSuccess ?? row.cloudSuccess ?? 'unknown',
    score: isSet(row.overrideScore) ? num(row.overrideScore) : num(row.cloudScore),
  };
}

/** The effective values that changed between two states, in the words of the outbound events. */
export function resultTransitions(before: EffectiveResult, after: EffectiveResult): Array<'completed' | 'passed' | 'failed'> {
  const events: Array<'completed' | 'passed' | 'failed'> = [];
  if (after.complete === 'complete' && before.complete !== 'complete') events.push('completed');
  if (after.success !== before.success) {
    if (after.success === 'passed') events.push('passed');
    if (after.success === 'failed') events.push('failed');
  }
  return events;
}

export const sameResult = (a: EffectiveResult, b: EffectiveResult): boolean => a.complete === b.complete && a.success === b.success && a.score === b.score;
