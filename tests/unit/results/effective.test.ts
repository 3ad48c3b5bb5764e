import { effectiveResult, overriddenFlags, resultTransitions } from '../../../server/src/results/effective';
import { applyOverride, clearOverride, parseOverrideInput } from '../../../server/src/results/override';
import { InputError } from '../../../server/src/errors';

const cloud = { cloudComplete: 'incomplete', cloudSuccess: 'failed', cloudScore: 40 } as const;
const admin = { id: 7, email: 'editor@example.com' };
const at = new Date('2024-05-01T10:00:00Z');

describe('effective values', () => {
  it('are the Cloud values when nothing is overridden', () => {
    expect(effectiveResult(cloud)).toEqual({ complete: 'incomplete', success: 'failed', score: 40 });
    expect(overriddenFlags(cloud)).toEqual({ complete: false, success: false, score: false });
  });

  it('take each overridden field from the override and the others from the Cloud', () => {
    const row = { ...cloud, overrideSuccess: 'passed' as const, overrideScore: '75.5' };
    expect(effectiveResult(row)).toEqual({ complete: 'incomplete', success: 'passed', score: 75.5 });
    expect(overriddenFlags(row)).toEqual({ complete: false, success: true, score: true });
  });

  it('keep an unknown Cloud score as null, never as 0', () => {
    expect(effectiveResult({ cloudComplete: 'unknown', cloudSuccess: 'unknown', cloudScore: null }).score).toBeNull();
    expect(effectiveResult({}).complete).toBe('unknown');
  });

  it('name the transitions that become events', () => {
    const base = { complete: 'incomplete', success: 'unknown', score: null } as const;
    expect(resultTransitions(base, { ...base, complete: 'complete', success: 'passed' })).toEqual(['completed', 'passed']);
    expect(resultTransitions(base, { ...base, success: 'failed' })).toEqual(['failed']);
    expect(resultTransitions({ ...base, complete: 'complete' }, { ...base, complete: 'complete', score: 10 })).toEqual([]);
  });
});

describe('overrides', () => {
  it('require a reason and valid values', () => {
    expect(() => parseOverrideInput({ complete: 'complete' })).toThrow(InputError);
    expect(() => parseOverrideInput({ complete: 'done', reason: 'x' })).toThrow(/complete/);
    expect(() => parseOverrideInput({ score: 101, reason: 'x' })).toThrow(/score/);
    expect(() => parseOverrideInput({ reason: 'nothing to change' })).toThrow(/at least one/);
    expect(() => parseOverrideInput({ score: 50, reason: 'ok', extra: 1 })).toThrow(InputError);
    expect(parseOverrideInput({ success: 'passed', score: null, reason: ' exam retaken on paper ' })).toEqual({
      success: 'passed',
      score: null,
      reason: 'exam retaken on paper',
    });
  });

  it('set merges into the current override, recomputes the effective values and appends history', () => {
    const first = applyOverride(cloud, parseOverrideInput({ success: 'passed', reason: 'paper exam' }), admin, at);
    expect(first).toMatchObject({ overrideSuccess: 'passed', overrideComplete: null, success: 'passed', complete: 'incomplete', score: 40 });
    expect(first.overrideHistory).toEqual([
      {
        at: at.toISOString(),
        by: admin,
        action: 'set',
        values: { complete: null, success: 'passed', score: null },
        reason: 'paper exam',
        previous: { complete: null, success: null, score: null },
      },
    ]);
    const row = { ...cloud, ...first };
    const second = applyOverride(row, parseOverrideInput({ score: 90, reason: 'regraded' }), admin, at);
    expect(second).toMatchObject({ overrideSuccess: 'passed', overrideScore: 90, score: 90, overrideReason: 'regraded', overriddenBy: admin.email });
    expect(second.overrideHistory).toHaveLength(2);
    expect(second.overrideHistory[1]!.previous).toEqual({ complete: null, success: 'passed', score: null });
  });

  it('setting every field back to null is recorded as a clear', () => {
    const row = { ...cloud, overrideScore: 90 };
    const change = applyOverride(row, parseOverrideInput({ score: null, reason: 'undo' }), admin, at);
    expect(change).toMatchObject({ overrideScore: null, score: 40, overriddenAt: null });
    expect(change.overrideHistory[0]!.action).toBe('clear');
  });

  it('clear brings the Cloud values back and keeps the history', () => {
    const row = { ...cloud, overrideComplete: 'complete' as const, overrideHistory: [{ action: 'set' }] };
    const change = clearOverride(row, admin, at, 'mistake');
    expect(change).toMatchObject({ overrideComplete: null, complete: 'incomplete', success: 'failed', score: 40 });
    expect(change.overrideHistory).toHaveLength(2);
    expect(change.overrideHistory[1]).toMatchObject({ action: 'clear', reason: 'mistake', previous: { complete: 'complete', success: null, score: null } });
  });

  it('never touches the Cloud columns', () => {
    const change = applyOverride(cloud, parseOverrideInput({ complete: 'complete', reason: 'r' }), admin, at);
    expect(Object.keys(change).filter((k) => k.startsWith('cloud'))).toEqual([]);
  });
});
