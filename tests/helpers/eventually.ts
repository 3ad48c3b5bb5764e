/**
 * The one wait helper of the test suite.
 *
 * `eventually(what, check)` calls `check` until it returns a truthy value, and resolves to that value.
 * A `check` that throws counts as "not yet": the error is remembered and `check` is called again
 * (so a check may use `expect(...)` or call an API that fails until the thing exists).
 * When `timeoutMs` has passed, it rejects with an Error that names `what` and shows the last value
 * returned or the last error thrown, so a wait that never ends fails the test with a reason instead of
 * letting it continue.
 *
 * `check` is always called at least once, and once more after the deadline has passed (a slow machine
 * that was busy during the last interval still gets its final look).
 */
export interface EventuallyOptions {
  /** How long to keep trying; 10 s unless told. */
  timeoutMs?: number;
  /** The pause between two calls of `check`; 25 ms unless told. */
  intervalMs?: number;
}

export async function eventually<T>(what: string, check: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let last: { value: unknown } | { error: unknown } | undefined;
  for (;;) {
    const pastDeadline = Date.now() >= deadline;
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (pastDeadline) break;
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(intervalMs, deadline - Date.now()))));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${describe(last)}`);
}

function describe(last: { value: unknown } | { error: unknown } | undefined): string {
  if (last === undefined) return 'the check never ran';
  if ('error' in last) {
    const e = last.error;
    return `the last check threw: ${e instanceof Error ? `${e.name}: ${e.message}` : show(e)}`;
  }
  return `the last check returned ${show(last.value)}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return String(value);
  }
}
