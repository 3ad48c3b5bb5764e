import { z } from 'zod';
import type { Completion, Success } from '../cloud/types';
import type { OverrideHistoryEntry, OverrideValues } from '../contracts/registrations';
import { validate } from '../utils/validate';
import { effectiveResult, type ResultColumns } from './effective';

/**
 * Editors' overrides. Each field is optional in a change: absent keeps the current override, `null`
 * removes that field's override (the Cloud value shows again), a value sets it. The reason is required
 * so the history says why a result differs from the Cloud's.
 */
export const overrideInputSchema = z
  .object({
    complete: z.enum(['complete', 'incomplete', 'unknown']).nullable().optional(),
    success: z.enum(['passed', 'failed', 'unknown']).nullable().optional(),
    score: z.number().min(0).max(100).nullable().optional(),
    reason: z.string().trim().min(1, 'a reason is required').max(2000),
  })
  .strict()
  .refine((v) => v.complete !== undefined || v.success !== undefined || v.score !== undefined, {
    message: 'give at least one of complete, success, score',
  });

export type OverrideInput = z.infer<typeof overrideInputSchema>;

export type { OverrideHistoryEntry, OverrideValues };

/** Who set or cleared an override, as its history entry names them. */
export type AdminRef = OverrideHistoryEntry['by'];

/** Who did it, as the history keeps it, from the admin user Strapi puts in `ctx.state.user`. */
export const adminRef = (user: unknown): AdminRef => {
  const u = user as { id?: number | string; email?: string } | null | undefined;
  return { id: u?.id ?? null, email: u?.email ?? null };
};

/** A change of override as the admin sends it; a 400 naming the field otherwise (the one validation adapter). */
export const parseOverrideInput = (input: unknown): OverrideInput => validate(overrideInputSchema, input);

const toNumber = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

export const overrideValuesOf = (row: ResultColumns): OverrideValues => ({
  complete: row.overrideComplete ?? null,
  success: row.overrideSuccess ?? null,
  score: toNumber(row.overrideScore),
});

export interface OverrideChange {
  overrideComplete: Completion | null;
  overrideSuccess: Success | null;
  overrideScore: number | null;
  overrideReason: string | null;
  overriddenBy: string | null;
  overriddenAt: Date | null;
  overrideHistory: OverrideHistoryEntry[];
  complete: Completion;
  success: Success;
  score: number | null;
}

type Row = ResultColumns & { overrideHistory?: unknown };

const historyOf = (row: Row): OverrideHistoryEntry[] => (Array.isArray(row.overrideHistory) ? (row.overrideHistory as OverrideHistoryEntry[]) : []);

const withEffective = (row: ResultColumns, values: OverrideValues) =>
  effectiveResult({ ...row, overrideComplete: values.complete, overrideSuccess: values.success, overrideScore: values.score });

/** The columns a set writes: merged override values, effective values and one more history entry. */
export function applyOverride(row: Row, input: OverrideInput, by: AdminRef, at: Date): OverrideChange {
  const previous = overrideValuesOf(row);
  const values: OverrideValues = {
    complete: input.complete === undefined ? previous.complete : input.complete,
    success: input.success === undefined ? previous.success : input.success,
    score: input.score === undefined ? previous.score : input.score,
  };
  const anySet = values.complete !== null || values.success !== null || values.score !== null;
  const entry: OverrideHistoryEntry = { at: at.toISOString(), by, action: anySet ? 'set' : 'clear', values, reason: input.reason, previous };
  return {
    overrideComplete: values.complete,
    overrideSuccess: values.success,
    overrideScore: values.score,
    overrideReason: anySet ? input.reason : null,
    overriddenBy: anySet ? (by.email ?? String(by.id ?? '')) : null,
    overriddenAt: anySet ? at : null,
    overrideHistory: [...historyOf(row), entry],
    ...withEffective(row, values),
  };
}

/** The columns a clear writes: no override left, Cloud values effective again, the history kept. */
export function clearOverride(row: Row, by: AdminRef, at: Date, reason?: string | null): OverrideChange {
  const values: OverrideValues = { complete: null, success: null, score: null };
  const entry: OverrideHistoryEntry = {
    at: at.toISOString(),
    by,
    action: 'clear',
    values,
    reason: reason?.trim() || null,
    previous: overrideValuesOf(row),
  };
  return {
    overrideComplete: null,
    overrideSuccess: null,
    overrideScore: null,
    overrideReason: null,
    overriddenBy: null,
    overriddenAt: null,
    overrideHistory: [...historyOf(row), entry],
    ...withEffective(row, values),
  };
}
