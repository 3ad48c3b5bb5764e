/**
 * Counts failed postbacks per client address in a fixed one-minute window. Only failures count, so
 * SCORM Cloud's own traffic (and its retries of postbacks we answered 5xx) is never limited, while
 * someone guessing passwords is slowed to `maxFailures` tries a minute.
 */
export function createFailureLimiter(maxFailures = 60, windowMs = 60_000, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (key: string) => {
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, failures: 0 };
      windows.set(key, w);
    }
    if (windows.size > 10_000) for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
    return w;
  };
  return {
    blocked: (key: string): boolean => current(key).failures >= maxFailures,
    fail: (key: string): void => {
      current(key).failures++;
    },
    reset: (): void => windows.clear(),
  };
}
