import type { Core } from '@strapi/strapi';
import { CloudError } from '../cloud/errors';
import type { RegistrationReport } from '../cloud/types';
import { NotFoundError, PluginError, UpstreamError } from '../errors';
import { getService } from '../utils/get-service';
import { mapLimit } from './concurrency';
import { effectiveResult, resultTransitions, sameResult, type EffectiveResult } from './effective';
import { emitAll, eventName, type PendingEvent } from './events';
import { cloudStateFrom, isStale, progressOf, storedProgress, type ReportSource } from './merge';
import { adminRef, applyOverride, clearOverride, parseOverrideInput } from './override';
import { registrationRepository, type RegistrationData, type RegistrationRow } from '../registrations/repository';
import { toRegistrationDetail, toRegistrationView } from '../registrations/views';

export type ApplyOutcome = 'applied' | 'stale' | 'unknown-registration';

export interface ApplyResult {
  outcome: ApplyOutcome;
  registration?: RegistrationRow;
}

export interface ReconcileResult {
  due: number;
  claimed: number;
  refreshed: number;
  failed: number;
}

/**
 * The one results module: the merge rule for Cloud reports (postbacks, refreshes, the reconciler),
 * overrides, and the effective values every reader sees. Reports and overrides of one registration are
 * serialised by a row lock, so two copies of a postback arriving at once cannot both read the old state.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService(strapi, 'config').get();
  const registrations = registrationRepository(strapi);

  /** The registrations domain's view: what every API and event payload shows (never private columns). */
  const view = toRegistrationView;
  /** Admin answers of this module also carry the override history. */
  const detailView = toRegistrationDetail;

  /** Sets or clears an override under the row lock; the Cloud values stay as they are. */
  async function changeOverride(registrationId: string, makeChange: (row: RegistrationRow) => ReturnType<typeof applyOverride>): Promise<RegistrationRow> {
    const saved = await withLockedRegistration(registrationId, async (row) => {
      const before = effectiveResult(row);
      const change = makeChange(row);
      const saved = await registrations.update(row.id, change);
      const entry = change.overrideHistory[change.overrideHistory.length - 1];
      const events: PendingEvent[] = [
        { name: eventName('overridden'), payload: { registration: view(saved), previous: before, cause: 'override', change: entry } },
        ...transitionEvents(before, saved, 'override'),
      ];
      return { value: saved, events };
    });
    if (!saved) throw new NotFoundError(`Registration ${registrationId} does not exist.`, { registrationId });
    return saved;
  }

  /** Runs `change` under the registration's row lock (see the repository's `withLock`); events go out once it committed. */
  async function withLockedRegistration<T>(
    registrationId: string,
    change: (row: RegistrationRow) => Promise<{ value: T; events: PendingEvent[] }>,
  ): Promise<T | null> {
    const outcome = await registrations.withLock(registrationId, change);
    if (!outcome) return null;
    await emitAll(strapi, outcome.events);
    return outcome.value;
  }

  function transitionEvents(before: EffectiveResult, row: RegistrationRow, cause: string, extra: Record<string, unknown> = {}): PendingEvent[] {
    const after = effectiveResult(row);
    const payload = { registration: view(row), previous: before, cause, ...extra };
    return resultTransitions(before, after).map((kind) => ({ name: eventName(kind), payload }));
  }

  /**
   * A stored state no learner could have reached: more time tracked than has passed since the
   * registration was made, or an update stamped in the future. Only such a state is worth asking the
   * Cloud about when a postback is stale against it; an ordinary stale postback is just late.
   */
  function impossibleProgress(row: RegistrationRow, now: Date): boolean {
    const slackMs = 10 * 60_000;
    const since = row.createdAt ? now.getTime() - row.createdAt.getTime() : Number.POSITIVE_INFINITY;
    const tracked = row.cloudTotalTime * 1000;
    const stamped = row.cloudUpdatedAt?.getTime();
    return tracked > since + slackMs || (stamped !== undefined && stamped > now.getTime() + slackMs);
  }

  /** One refresh of a registration whose stored state a postback contradicts, claimed across instances. */
  async function verifyWithCloud(id: number, registrationId: string): Promise<void> {
    const now = new Date();
    const cutoff = new Date(now.getTime() - config().registration.exitRefreshIntervalSeconds * 1000);
    try {
      if (!(await registrations.claimRefresh({ id }, now, cutoff))) return;
      await service.refresh(registrationId, 'refresh');
    } catch (error) {
      const message = error instanceof PluginError || error instanceof CloudError ? error.message : String(error);
      strapi.log.warn(`[scorm-cloud] checking ${registrationId} with SCORM Cloud after a stale postback failed: ${message}`);
    }
  }

  const service = {
    /** Renders a row for API answers and event payloads. */
    view,
    detailView,

    /**
     * Merges a report into the registration. A postback that is behind what is stored is stale. A refresh
     * or reconcile is the Cloud's own answer to our call, so it is the truth and always applied: one
     * postback claiming a huge tracked time or a far-off update (anyone holding the registration's
     * postback password can send one) cannot pin the row. When a postback is stale against a state that
     * came from a postback and that no learner could have reached, the Cloud is asked (at most once per
     * `exitRefreshIntervalSeconds`).
     */
    async applyReport(report: RegistrationReport, source: ReportSource): Promise<ApplyResult> {
      let verify: number | undefined;
      const applied = await withLockedRegistration<ApplyResult>(report.registrationId, async (row) => {
        if (source === 'postback' && isStale(storedProgress(row), progressOf(report))) {
          if (row.reportSource === 'postback' && impossibleProgress(row, new Date())) verify = row.id;
          return { value: { outcome: 'stale', registration: row }, events: [] };
        }
        const before = effectiveResult(row);
        const state = cloudStateFrom(report, source, new Date());
        const effective = effectiveResult({ ...row, ...state });
        const saved = await registrations.updateLocked(row, { ...state, ...effective } satisfies RegistrationData);
        const events = sameResult(before, effective) ? [] : transitionEvents(before, saved, source);
        return { value: { outcome: 'applied', registration: saved }, events };
      });
      if (verify !== undefined) void verifyWithCloud(verify, report.registrationId);
      return applied ?? { outcome: 'unknown-registration' };
    },

    /** Asks the Cloud for the registration's result now and merges it with the same rule as a postback. */
    async refresh(registrationId: string, source: ReportSource = 'refresh'): Promise<RegistrationRow> {
      if (!(await registrations.exists(registrationId))) throw new NotFoundError(`Registration ${registrationId} does not exist.`, { registrationId });
      const client = getService(strapi, 'cloud').client();
      let report: RegistrationReport;
      try {
        report = await client.getRegistrationProgress(registrationId, { format: config().postback.resultsFormat });
      } catch (error) {
        if (error instanceof CloudError) {
          throw new UpstreamError(`SCORM Cloud could not give the result of ${registrationId}: ${error.message}`, { registrationId });
        }
        throw error;
      }
      if (report.registrationId !== registrationId) {
        throw new UpstreamError(`SCORM Cloud answered with the result of another registration (${report.registrationId}).`, { registrationId });
      }
      const result = await service.applyReport(report, source);
      if (result.outcome === 'unknown-registration') throw new NotFoundError(`Registration ${registrationId} was deleted meanwhile.`, { registrationId });
      return result.registration!;
    },

    async setOverride(registrationId: string, input: unknown, adminUser: unknown): Promise<RegistrationRow> {
      const parsed = parseOverrideInput(input);
      return changeOverride(registrationId, (row) => applyOverride(row, parsed, adminRef(adminUser), new Date()));
    },

    async clearOverride(registrationId: string, adminUser: unknown, reason?: string | null): Promise<RegistrationRow> {
      return changeOverride(registrationId, (row) => clearOverride(row, adminRef(adminUser), new Date(), typeof reason === 'string' ? reason : null));
    },

    /**
     * Registrations launched within the window whose last report predates launch + delay: the Cloud
     * should have posted back by now, so ask it. Each is claimed with a conditional update of
     * `lastRefreshRequestedAt` (a lease of `poller.leaseSeconds`) that only one Strapi instance wins.
     */
    async findDueForReconcile(now: Date = new Date()): Promise<Array<{ id: number; registrationId: string }>> {
      const { delayMinutes, windowHours } = config().poller.reconcile;
      const delayMs = delayMinutes * 60_000;
      const leaseMs = config().poller.leaseSeconds * 1000;
      const rows = await registrations.findMany(
        {
          cloudStatus: 'active',
          lastLaunchedAt: { $gte: new Date(now.getTime() - windowHours * 3_600_000), $lte: new Date(now.getTime() - delayMs) },
          $or: [{ lastRefreshRequestedAt: null }, { lastRefreshRequestedAt: { $lt: new Date(now.getTime() - leaseMs) } }],
        },
        { orderBy: [{ lastLaunchedAt: 'asc' }], limit: 500 },
      );
      return rows
        .filter((r) => !r.reportedAt || r.reportedAt.getTime() < (r.lastLaunchedAt?.getTime() ?? 0) + delayMs)
        .map((r) => ({ id: r.id, registrationId: r.registrationId }));
    },

    async reconcile(now: Date = new Date()): Promise<ReconcileResult> {
      const result: ReconcileResult = { due: 0, claimed: 0, refreshed: 0, failed: 0 };
      const { reconcile, leaseSeconds } = config().poller;
      if (!reconcile.enabled || !getService(strapi, 'config').isConfigured()) return result;
      const due = await service.findDueForReconcile(now);
      result.due = due.length;
      const leaseCutoff = new Date(now.getTime() - leaseSeconds * 1000);
      await mapLimit(due, reconcile.concurrency, async ({ id, registrationId }) => {
        if (!(await registrations.claimRefresh({ id }, now, leaseCutoff))) return;
        result.claimed++;
        try {
          await service.refresh(registrationId, 'reconcile');
          result.refreshed++;
        } catch (error) {
          result.failed++;
          const message = error instanceof PluginError || error instanceof CloudError ? error.message : String(error);
          strapi.log.warn(`[scorm-cloud] reconcile of ${registrationId} failed: ${message}`);
        }
      });
      return result;
    },
  };
  return service;
};
