import { effectiveResult, overriddenFlags } from './effective';

/**
 * Minimal public shape of a registration's result, used until the registrations domain's
 * `toRegistrationView` is available. Never includes private columns.
 */
export function resultView(row: Record<string, any>) {
  const effective = effectiveResult(row);
  return {
    registrationId: row.registrationId as string,
    learnerId: row.learnerId as string,
    attempt: row.attempt as number,
    ...effective,
    overridden: overriddenFlags(row),
    totalTimeSeconds: Number(row.cloudTotalTime ?? 0),
    cloud: {
      complete: row.cloudComplete ?? 'unknown',
      success: row.cloudSuccess ?? 'unknown',
      score: row.cloudScore === null || row.cloudScore === undefined ? null : Number(row.cloudScore),
      totalTimeSeconds: Number(row.cloudTotalTime ?? 0),
      instanceId: Number(row.instanceId ?? 0),
      reportedAt: row.reportedAt ?? null,
      reportSource: row.reportSource ?? null,
    },
    override: {
      complete: row.overrideComplete ?? null,
      success: row.overrideSuccess ?? null,
      score: row.overrideScore === null || row.overrideScore === undefined ? null : Number(row.overrideScore),
      reason: row.overrideReason ?? null,
      by: row.overriddenBy ?? null,
      at: row.overriddenAt ?? null,
      history: Array.isArray(row.overrideHistory) ? row.overrideHistory : [],
    },
    lastLaunchedAt: row.lastLaunchedAt ?? null,
  };
}
