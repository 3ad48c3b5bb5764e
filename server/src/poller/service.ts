import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import type { PollerHealth } from '../contracts/poller';

export const CRON_JOB = 'scorm-cloud-poller';

/** The poller's health, as `GET /poller` answers it. */
export type PollerStatus = PollerHealth;

/**
 * One cron job drives every periodic task of the plugin (import follow-up, the registrations
 * reconciler, ...), so that there is one switch, one rule and one health line on the settings page.
 * Strapi 5.54 starts its cron service whatever `server.cron.enabled` says: that flag only decides
 * whether the app's own `server.cron.tasks` are added (source: @strapi/core/dist/providers/cron.js),
 * so the plugin's job runs in hosts that disable cron too.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Identifies this Strapi process in lease columns; two instances on one database never share it. */
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const tasks = new Map<string, () => Promise<void>>();
  let running = false;
  let scheduled = false;
  let lastRunAt: Date | null = null;
  let lastError: string | null = null;
  let lastDurationMs: number | null = null;
  let warning: string | null = null;

  const config = () => getService(strapi, 'config').get().poller;

  return {
    owner,

    /** Adds a task to every tick (idempotent by name). Tasks run one after the other; one failing does not stop the others. */
    registerTask(name: string, run: () => Promise<void>): void {
      tasks.set(name, run);
    },

    /** One round of every task. A tick that finds the previous one still running is skipped, never stacked. */
    async tick(): Promise<void> {
      if (running) return;
      running = true;
      const started = Date.now();
      const errors: string[] = [];
      try {
        for (const [name, run] of tasks) {
          try {
            await run();
          } catch (error) {
            errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
            strapi.log.warn(`[scorm-cloud] poller task ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      } finally {
        lastRunAt = new Date();
        lastDurationMs = Date.now() - started;
        lastError = errors.length ? errors.join('; ') : null;
        running = false;
      }
    },

    /** Adds the cron job (bootstrap). Says loudly when imports will not be followed. */
    start(): void {
      const { enabled, rule } = config();
      if (!enabled) {
        warning = 'The poller is disabled (poller.enabled: false): uploaded courses will stay "importing" until refreshed by hand.';
        strapi.log.warn(`[scorm-cloud] ${warning}`);
        return;
      }
      try {
        strapi.cron.add({ [CRON_JOB]: { task: () => this.tick(), options: { rule } } });
        scheduled = true;
        warning = null;
      } catch (error) {
        warning = `The poller could not be scheduled (${error instanceof Error ? error.message : String(error)}): imports will not be followed.`;
        strapi.log.error(`[scorm-cloud] ${warning}`);
      }
    },

    stop(): void {
      if (!scheduled) return;
      scheduled = false;
      strapi.cron.remove(CRON_JOB);
    },

    async status(): Promise<PollerStatus> {
      const { enabled, rule } = config();
      const pendingImports = await getService(strapi, 'courses').countInFlight();
      return {
        enabled,
        rule,
        running,
        pendingImports,
        lastRunAt: lastRunAt?.toISOString() ?? null,
        lastError,
        lastDurationMs,
        warning,
      };
    },
  };
};
