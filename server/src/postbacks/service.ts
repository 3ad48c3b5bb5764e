import { createHash, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { CloudError } from '../cloud/errors';
import { CloudPostbackError, parsePostback, parseStoredReport, type ParsedPostback } from '../cloud/postback';
import type { RegistrationReport } from '../cloud/types';
import { NotFoundError, PluginError } from '../errors';
import type { InboxOutcome, PostbackInboxEntry } from '../contracts/postbacks';
import { getService } from '../utils/get-service';
import { verifyPostbackPassword } from './credentials';
import { PostbackAuthError, PostbackBodyError } from './errors';
import { TooManyRequestsError } from '../errors';
import { fixedWindowCounter } from '../utils/fixed-window';
import { registrationRepository } from '../registrations/repository';
import { postbackRepository } from './repository';

export type { InboxOutcome };

export interface IncomingPostback {
  contentType?: string;
  authorization?: string;
  body: Buffer;
  /** The client's address, for the failure limiter. */
  client: string;
}

export interface ReceiveResult {
  id: number;
  /** `test`: SCORM Cloud's test postback, recognised by its one-time password; nothing is stored. */
  outcome: InboxOutcome | 'test';
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const sameText = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** Reads a postback of either API version; the wire format stays in `cloud/`. */
function parseIncoming(incoming: IncomingPostback, maxBytes: number): ParsedPostback {
  try {
    return parsePostback({ contentType: incoming.contentType, authorization: incoming.authorization, body: incoming.body, maxBytes });
  } catch (error) {
    if (error instanceof CloudPostbackError) {
      throw error.reason === 'credentials' ? new PostbackAuthError(error.message) : new PostbackBodyError(error.message);
    }
    throw error;
  }
}

/**
 * The postback inbox: authenticate, store, apply. Every accepted postback is stored before it is
 * applied, so nothing received is lost and any report can be replayed; forged ones are not stored, so
 * nobody can fill the database without a registration's password.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Only failures count, and credentials are checked before any limit: a genuine postback is never
  // refused, so bad posts from anyone (behind the same proxy, or with a forged X-Forwarded-For) cannot
  // stop SCORM Cloud's results. Failed guesses are slowed per address and, so that many addresses
  // cannot share the work on one registration, per registration too.
  const failures = fixedWindowCounter(60_000);
  const MAX_FAILURES_PER_ADDRESS = 60;
  const MAX_FAILURES_PER_REGISTRATION = 20;
  const inbox = postbackRepository(strapi);
  const registrations = registrationRepository(strapi);
  const queues = new Map<string, Promise<unknown>>();
  /** Runs `task` after every earlier task of the same key has settled. */
  function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return run;
  }
  const config = () => getService(strapi, 'config').get();

  // How each registration's postbacks are sent is fixed when it is created, and every postback asks it:
  // the answers are kept (a bounded number, oldest dropped first) so a postback costs one read less. A
  // kept answer that refuses a postback is read again first, in case the ID was deleted and made anew.
  const AUTH_TYPES_KEPT = 10_000;
  const authTypes = new Map<string, 'form' | 'httpbasic'>();
  async function authTypeOf(registrationId: string, fresh = false): Promise<'form' | 'httpbasic' | undefined> {
    const kept = fresh ? undefined : authTypes.get(registrationId);
    if (kept) return kept;
    const stored = (await registrations.postbackAuthTypeOf(registrationId)) ?? undefined;
    authTypes.delete(registrationId);
    if (stored) {
      if (authTypes.size >= AUTH_TYPES_KEPT) authTypes.delete(authTypes.keys().next().value as string);
      authTypes.set(registrationId, stored);
    }
    return stored;
  }

  async function applyStored(id: number, report: RegistrationReport): Promise<InboxOutcome> {
    const { outcome, registration } = await getService(strapi, 'results').applyReport(report, 'postback');
    let detail: string;
    if (outcome === 'stale') {
      detail = `stale: report (instance ${report.instanceId}, ${report.totalTimeSeconds}s) is behind the stored (instance ${registration?.instanceId}, ${registration?.cloudTotalTime}s)`;
    } else if (outcome === 'unknown-registration') {
      detail = `no registration ${report.registrationId} in this Strapi`;
      strapi.log.warn(`[scorm-cloud] Postback for unknown registration ${report.registrationId} stored (inbox #${id}) and not applied.`);
    } else {
      detail = `applied: instance ${report.instanceId}, ${report.totalTimeSeconds}s, ${report.complete}/${report.success}/${report.score ?? 'unknown'}`;
    }
    await inbox.setOutcome(id, outcome, detail);
    return outcome;
  }

  const service = {
    /** How long a stalled postback body is waited for; a property so tests can shorten it. */
    limits: { bodyIdleTimeoutMs: 10_000 },

    /**
     * Answers: the result when stored (whatever its outcome); PostbackAuthError (401), PostbackBodyError
     * (400) or TooManyRequestsError (429) otherwise. A failure while applying propagates (500) after
     * the row is stored, so the Cloud retries and the inbox keeps the report.
     */
    async receive(incoming: IncomingPostback): Promise<ReceiveResult> {
      const attempt: { registrationId?: string; authenticated?: boolean } = {};
      try {
        return await service.authenticateAndStore(incoming, attempt);
      } catch (error) {
        // An authenticated sender is never counted: its refusals (an invalid report) are the Cloud's own.
        if (attempt.authenticated || !(error instanceof PostbackAuthError || error instanceof PostbackBodyError)) throw error;
        const byAddress = failures.add(`address:${incoming.client}`);
        const byRegistration = attempt.registrationId === undefined ? 0 : failures.add(`registration:${attempt.registrationId}`);
        if (byRegistration > MAX_FAILURES_PER_REGISTRATION) {
          throw new TooManyRequestsError('Too many failed postbacks for this registration; try again in a minute.', {
            retryAfterSeconds: failures.retryAfterSeconds(`registration:${attempt.registrationId}`),
          });
        }
        if (byAddress > MAX_FAILURES_PER_ADDRESS) {
          throw new TooManyRequestsError('Too many failed postbacks from this address; try again in a minute.', {
            retryAfterSeconds: failures.retryAfterSeconds(`address:${incoming.client}`),
          });
        }
        throw error;
      }
    },

    /** `attempt` says, for the limiter, which registration was named and whether its password was right. */
    async authenticateAndStore(incoming: IncomingPostback, attempt: { registrationId?: string; authenticated?: boolean } = {}): Promise<ReceiveResult> {
      const cfg = config();
      const request = parseIncoming(incoming, cfg.postback.maxBytes);
      const { registrationId, report, invalid } = request;
      attempt.registrationId = registrationId.slice(0, 255);
      if (!sameText(request.username, cfg.postback.username)) throw new PostbackAuthError('Postback credentials rejected.');
      if (!verifyPostbackPassword(cfg, registrationId, request.password)) {
        // Only a password that is no registration's costs this read: SCORM Cloud's test postback (settings page).
        if (await getService(strapi, 'settings').acceptTestPostback(request.password, { authType: request.authType, wire: request.wire })) {
          attempt.authenticated = true;
          return { id: 0, outcome: 'test' };
        }
        throw new PostbackAuthError('Postback credentials rejected.');
      }
      // The Cloud sends a registration's postbacks the way it was told at the registration's creation;
      // the other way is not the Cloud. A registration made before this was recorded (or unknown here)
      // goes by the configured postback.authType.
      const id = registrationId.slice(0, 255);
      let expected = (await authTypeOf(id)) ?? cfg.postback.authType;
      if (request.authType !== expected) expected = (await authTypeOf(id, true)) ?? cfg.postback.authType;
      if (request.authType !== expected) {
        throw new PostbackAuthError(
          `Postback credentials rejected: this registration's postbacks are sent ${expected === 'httpbasic' ? 'with HTTP Basic authentication' : 'as form fields'}.`,
        );
      }
      attempt.authenticated = true;

      // SCORM Cloud retries a postback it thinks failed, and anyone holding the request can replay it:
      // an identical report is recorded once. Looking and recording are serialized per registration in
      // this instance, so two copies arriving together (the Cloud's retry racing its original) are too.
      const found = await oneAtATime(registrationId, async () => {
        const same = await inbox.findSame(registrationId.slice(0, 255), request.raw);
        if (same) return { row: same, existed: true };
        const created = await inbox.create({
          registrationId: registrationId.slice(0, 255),
          receivedAt: new Date(),
          body: request.raw,
          authType: request.authType,
          outcome: invalid ? 'invalid' : 'received',
          detail: invalid ?? null,
        });
        return { row: created, existed: false };
      });
      const row = found.row;
      if (found.existed) {
        if (row.outcome === 'invalid') throw new PostbackBodyError(`Postback report is invalid: ${row.detail ?? invalid}`, { inboxId: row.id });
        // Applied (or found stale) already; one never applied (a failure while applying) is applied now.
        if (row.outcome !== 'received' || !report) return { id: row.id, outcome: row.outcome };
        return { id: row.id, outcome: await applyStored(row.id, report) };
      }
      // Authenticated but unreadable: kept for a human to look at, and refused so the sender knows.
      if (invalid) throw new PostbackBodyError(`Postback report is invalid: ${invalid}`, { inboxId: row.id });
      const outcome = await applyStored(row.id, report!);
      return { id: row.id, outcome };
    },

    /** Applies a stored postback again (after a failure while applying, or to re-run an old report). */
    async replay(id: number): Promise<{ id: number; outcome: InboxOutcome; registrationId: string | null }> {
      const row = await inbox.find(id);
      if (!row) throw new NotFoundError(`Postback ${id} is not in the inbox.`, { id });
      let report: RegistrationReport;
      try {
        report = parseStoredReport(row.body ?? '', { maxBytes: Math.max(config().postback.maxBytes, Buffer.byteLength(row.body ?? '')) });
      } catch (error) {
        if (error instanceof PluginError || error instanceof CloudError) {
          await inbox.setOutcome(id, 'invalid', error.message);
          return { id, outcome: 'invalid', registrationId: row.registrationId };
        }
        throw error;
      }
      return { id, outcome: await applyStored(id, report), registrationId: row.registrationId };
    },

    /** A registration's inbox entries, newest first (the report XML included: it holds no credentials). */
    async listForRegistration(registrationId: string, limit = 100): Promise<PostbackInboxEntry[]> {
      const rows = await inbox.listForRegistration(registrationId, Math.min(Math.max(limit, 1), 500));
      return rows.map((r) => ({
        id: r.id,
        registrationId: r.registrationId,
        receivedAt: r.receivedAt.toISOString(),
        outcome: r.outcome,
        authType: r.authType,
        detail: r.detail,
        body: r.body,
      }));
    },

    /** Deletes inbox rows older than `postback.inboxRetentionDays`; run from the poller. */
    async purgeInbox(now: Date = new Date()): Promise<number> {
      const cutoff = new Date(now.getTime() - config().postback.inboxRetentionDays * 86_400_000);
      return inbox.removeReceivedBefore(cutoff);
    },

    /** Tests only: forget the failure counts. */
    resetRateLimit(): void {
      failures.reset();
    },
  };
  return service;
};
