/** `GET /poller`: the poller's health line on the settings page (server/src/poller/service.ts, status()). */
export interface PollerHealth {
  enabled: boolean;
  rule: string;
  running: boolean;
  pendingImports: number;
  lastRunAt: string | null;
  lastError: string | null;
  lastDurationMs: number | null;
  /** Set when imports will not be followed (poller disabled, or the cron job could not be added). */
  warning: string | null;
}
