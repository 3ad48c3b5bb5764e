/**
 * Counts events per key in fixed windows, in memory. Each Strapi instance counts on its own, which only
 * loosens a limit by the number of instances; that is acceptable for throttling, not for quotas.
 */
export function fixedWindowCounter(windowMs: number, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  let nextSweep = 0;
  const current = (key: string) => {
    const t = now();
    if (t >= nextSweep) {
      for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k);
      nextSweep = t + windowMs;
    }
    let w = windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    return w;
  };
  return {
    count: (key: string): number => current(key).count,
    /** Adds one event and returns the window's count. */
    add: (key: string): number => ++current(key).count,
    /** Seconds until the key's window ends. */
    retryAfterSeconds: (key: string): number => Math.max(1, Math.ceil((current(key).start + windowMs - now()) / 1000)),
    reset: (): void => windows.clear(),
  };
}
