import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { CloudError } from '../cloud/errors';
import type { RegistrationReport } from '../cloud/types';
import { NotFoundError, PluginError, UpstreamError } from '../errors';
import { getService } from '../utils/get-service';
import { mapLimit } from './concurrency';
import { effectiveResult, resultTransitions, sameResult, type EffectiveResult } from './effective';
import { emitAll, eventName, type PendingEvent } from './events';
import { cloudStateFrom, isStale, progressOf, storedProgress, type ReportSource } from './merge';
import { applyOverride, clearOverride, parseOverrideInput, type AdminRef } from './override';
import { toRegistrationDetail, toRegistrationView } from '../registrations/view';
import type { RefreshJob } from '../contracts/results';

export const REGISTRATION_UID = 'plugin::scorm-cloud.registration';

export type ApplyOutcome = 'applied' | 'stale' | 'unknown-registration';

export interface ApplyResult {
  outcome: ApplyOutcome;
  registration?: Record<string, any>;
}

export type { RefreshJob };

export interface ReconcileResult {
  due: number;
  claimed: number;
  refreshed: number;
  failed: number;
}

const JOB_TTL_MS = 60 * 60 * 1000;

const adminRef = (user: any): AdminRef => ({ id: user?.id ?? null, email: user?.email ?? null });

/**
 * The one results module: the merge rule for Cloud reports (postbacks, refreshes, the reconciler),
 * overrides, and the effective values every reader sees. Reports and overrides of one registration are
 * serialised by a row lock, so two copies of a postback arriving at once cannot both read the old state.
 */
const results = ({ strapi }: { strapi: Core.Strapi }) => {
  const jobs = new Map<string, RefreshJob>();

  const config = () => getService(strapi, 'config').get();
  const registrations = () => strapi.db.query(REGISTRATION_UID as any);

  /** The registrations domain's view: what every API and event payload shows (never private columns). */
  const view = (row: Record<string, any>) => toRegistrationView(row);
  /** Admin answers of this module also carry the override history. */
  const detailView = toRegistrationDetail;
  const populate = { course: { select: ['courseId', 'title'] } };

  /**
   * Runs `change` on the registration's row inside a transaction holding its lock. On PostgreSQL and
   * MariaDB a `SELECT ... FOR UPDATE` is the first statement, so a concurrent writer waits and then
   * reads what the first one committed (MariaDB's snapshot is only taken at the first plain read).
   * SQLite has one writer at a time: Strapi's knex pool there is a single connection.
   */
  /** Sets or clears an override under the row lock; the Cloud values stay as they are. */
  async function changeOverride(registrationId: string, makeChange: (row: Record<string, any>) => ReturnType<typeof applyOverride>) {
    const saved = await withLockedRegistration(registrationId, async (row) => {
      const before = effectiveResult(row);
      const change = makeChange(row);
      const saved = await update(row.id, change as unknown as Record<string, unknown>);
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

  async function withLockedRegistration<T>(
    registrationId: string,
    change: (row: Record<string, any>) => Promise<{ value: T; events: PendingEvent[] }>,
  ): Promise<T | null> {
    const found = await registrations().findOne({ where: { registrationId }, select: ['id'] });
    if (!found) return null;
    const outcome = await strapi.db.transaction(async ({ trx }) => {
      if (strapi.db.dialect.client !== 'sqlite') {
        const table = strapi.db.metadata.get(REGISTRATION_UID).tableName;
        await strapi.db.connection(table).transacting(trx).where('id', found.id).forUpdate().select('id');
      }
      const row = await registrations().findOne({ where: { id: found.id }, populate });
      if (!row) return null;
      return change(row);
    });
    if (!outcome) return null;
    await emitAll(strapi, outcome.events);
    return outcome.value;
  }

  function transitionEvents(before: EffectiveResult, row: Record<string, any>, cause: string, extra: Record<string, unknown> = {}): PendingEvent[] {
    const after = effectiveResult(row);
    const payload = { registration: view(row), previous: before, cause, ...extra };
    return resultTransitions(before, after).map((kind) => ({ name: eventName(kind), payload }));
  }

  async function update(id: number, data: Record<string, unknown>) {
    return registrations().update({ where: { id }, data, populate });
  }

  /**
   * A stored state no learner could have reached: more time tracked than has passed since the
   * registration was made, or an update stamped in the future. Only such a state is worth asking the
   * Cloud about when a postback is stale against it; an ordinary stale postback is just late.
   */
  function impossibleProgress(row: Record<string, any>, now: Date): boolean {
    const slackMs = 10 * 60_000;
    const since = row.createdAt ? now.getTime() - new Date(row.createdAt).getTime() : Number.POSITIVE_INFINITY;
    const tracked = Number(row.cloudTotalTime ?? 0) * 1000;
    const stamped = row.cloudUpdatedAt ? new Date(row.cloudUpdatedAt).getTime() : undefined;
    return tracked > since + slackMs || (stamped !== undefined && stamped > now.getTime() + slackMs);
  }

  /** One refresh of a registration whose stored state a postback contradicts, claimed across instances. */
  async function verifyWithCloud(id: number, registrationId: string): Promise<void> {
    const now = new Date();
    const cutoff = new Date(now.getTime() - config().registration.exitRefreshIntervalSeconds * 1000);
    try {
      const claim = await registrations().updateMany({
        where: { id, $or: [{ lastRefreshRequestedAt: null }, { lastRefreshRequestedAt: { $lt: cutoff } }] },
        data: { lastRefreshRequestedAt: now },
      });
      if (Number((claim as { count?: number }).count ?? 0) !== 1) return;
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
          if (row.reportSource === 'postback' && impossibleProgress(row, new Date())) verify = row.id as number;
          return { value: { outcome: 'stale', registration: row }, events: [] };
        }
        const before = effectiveResult(row);
        const state = cloudStateFrom(report, source, new Date());
        const effective = effectiveResult({ ...row, ...state });
        const saved = await update(row.id, { ...state, ...effective });
        const events = sameResult(before, effective) ? [] : transitionEvents(before, saved, source);
        return { value: { outcome: 'applied', registration: saved }, events };
      });
      if (verify !== undefined) void verifyWithCloud(verify, report.registrationId);
      return applied ?? { outcome: 'unknown-registration' };
    },

    /** Asks the Cloud for the registration's result now and merges it with the same rule as a postback. */
    async refresh(registrationId: string, source: ReportSource = 'refresh'): Promise<Record<string, any>> {
      const exists = await registrations().findOne({ where: { registrationId }, select: ['id'] });
      if (!exists) throw new NotFoundError(`Registration ${registrationId} does not exist.`, { registrationId });
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

    async setOverride(registrationId: string, input: unknown, adminUser: unknown): Promise<Record<string, any>> {
      const parsed = parseOverrideInput(input);
      return changeOverride(registrationId, (row) => applyOverride(row, parsed, adminRef(adminUser), new Date()));
    },

    async clearOverride(registrationId: string, adminUser: unknown, reason?: string | null): Promise<Record<string, any>> {
      return changeOverride(registrationId, (row) => clearOverride(row, adminRef(adminUser), new Date(), typeof reason === 'string' ? reason : null));
    },

    /**
     * Refreshes every registration of a course in the background, `poller.reconcile.concurrency` at a
     * time, and answers at once with a job the admin polls (`getRefreshJob`). Jobs live in this
     * instance's memory for an hour: progress is a convenience, the results themselves are in the rows.
     */
    async startCourseRefresh(courseId: string): Promise<RefreshJob> {
      const course = await strapi.db.query('plugin::scorm-cloud.course' as any).findOne({ where: { courseId }, select: ['id'] });
      if (!course) throw new NotFoundError(`Course ${courseId} does not exist.`, { courseId });
      getService(strapi, 'cloud').client(); // Not configured: fail now rather than in every item.
      const rows = await registrations().findMany({
        where: { course: { id: course.id }, cloudStatus: 'active' },
        select: ['registrationId'],
        orderBy: { id: 'asc' },
      });
      const job: RefreshJob = {
        id: randomUUID(),
        courseId,
        status: 'running',
        total: rows.length,
        done: 0,
        applied: 0,
        stale: 0,
        failed: 0,
        errors: [],
        startedAt: new Date().toISOString(),
        finishedAt: null,
      };
      for (const [id, old] of jobs) if (old.finishedAt && Date.now() - Date.parse(old.finishedAt) > JOB_TTL_MS) jobs.delete(id);
      jobs.set(job.id, job);
      const ids = rows.map((r: any) => r.registrationId as string);
      void mapLimit(ids, config().poller.reconcile.concurrency, async (registrationId) => {
        try {
          const before = await registrations().findOne({ where: { registrationId }, select: ['reportedAt'] });
          const row = await service.refresh(registrationId, 'refresh');
          if (before && row.reportedAt && String(row.reportedAt) !== String(before.reportedAt)) job.applied++;
          else job.stale++;
        } catch (error) {
          job.failed++;
          if (job.errors.length < 100) job.errors.push({ registrationId, message: (error as Error).message });
        } finally {
          job.done++;
        }
      }).finally(() => {
        job.status = 'finished';
        job.finishedAt = new Date().toISOString();
      });
      return job;
    },

    getRefreshJob(jobId: string): RefreshJob {
      const job = jobs.get(jobId);
      if (!job) throw new NotFoundError(`Refresh job ${jobId} is unknown here (jobs are kept for an hour, on the instance that started them).`);
      return job;
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
      const rows = await registrations().findMany({
        where: {
          cloudStatus: 'active',
          lastLaunchedAt: { $gte: new Date(now.getTime() - windowHours * 3_600_000), $lte: new Date(now.getTime() - delayMs) },
          $or: [{ lastRefreshRequestedAt: null }, { lastRefreshRequestedAt: { $lt: new Date(now.getTime() - leaseMs) } }],
        },
        select: ['id', 'registrationId', 'lastLaunchedAt', 'reportedAt'],
        orderBy: { lastLaunchedAt: 'asc' },
        limit: 500,
      });
      return rows
        .filter((r: any) => !r.reportedAt || new Date(r.reportedAt).getTime() < new Date(r.lastLaunchedAt).getTime() + delayMs)
        .map((r: any) => ({ id: r.id as number, registrationId: r.registrationId as string }));
    },

    async reconcile(now: Date = new Date()): Promise<ReconcileResult> {
      const result: ReconcileResult = { due: 0, claimed: 0, refreshed: 0, failed: 0 };
      const { reconcile, leaseSeconds } = config().poller;
      if (!reconcile.enabled || !getService(strapi, 'config').isConfigured()) return result;
      const due = await service.findDueForReconcile(now);
      result.due = due.length;
      const leaseCutoff = new Date(now.getTime() - leaseSeconds * 1000);
      await mapLimit(due, reconcile.concurrency, async ({ id, registrationId }) => {
        const claim = await registrations().updateMany({
          where: { id, $or: [{ lastRefreshRequestedAt: null }, { lastRefreshRequestedAt: { $lt: leaseCutoff } }] },
          data: { lastRefreshRequestedAt: now },
        });
        if (Number((claim as { count?: number }).count ?? 0) !== 1) return;
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

export default { results };
