/**
 * Faults the test controls inject into `/api` and `/api/v2` replies, the way a flaky network or service would
 * fail. `malformed` and `malformedXml` are one fault: a broken body in the API's own format (XML for V1, JSON
 * for V2).
 */
export type FaultType = 'http5xx' | 'slow' | 'drop' | 'malformedXml' | 'malformed' | 'v1Refused';

export interface Fault {
  id: number;
  /**
   * V1: full (`rustici.course.getAsyncImportResult`) or short (`getAsyncImportResult`) method name. V2:
   * `v2:<METHOD> <path>` with the path as a template (`v2:POST /registrations/{id}/launchLink`, any name in
   * braces), a concrete path (`v2:GET /courses/c1`), `*` wildcards (`v2:*`, `v2:GET /courses*`), or no method
   * (`v2:/ping`). `*` alone: every call of either API.
   */
  method: string;
  type: FaultType;
  /** Calls still to hit; undefined = every call until cleared. */
  remaining?: number;
  /** `http5xx`: the status (default 503). */
  status?: number;
  /** `slow`: added latency before the normal reply. */
  delayMs?: number;
}

export const FAULT_TYPES: readonly FaultType[] = ['http5xx', 'slow', 'drop', 'malformedXml', 'malformed', 'v1Refused'];

const V2 = 'v2:';
const anyBraces = (s: string) => s.replace(/\{[^}/]*\}/g, '{}');
const escapeRx = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function v2Matches(pattern: string, name: string): boolean {
  let body = anyBraces(pattern.slice(V2.length));
  if (body.startsWith('/')) body = `* ${body}`;
  const rx = body
    .split(/(\*|\{\})/)
    .map((part) => (part === '*' ? '.*' : part === '{}' ? '[^/]+' : escapeRx(part)))
    .join('');
  return new RegExp(`^${rx}$`).test(anyBraces(name.slice(V2.length)));
}

/** `names`: what the call answers to, e.g. a V2 call's route template and its concrete path. */
export function methodMatches(pattern: string, ...names: string[]): boolean {
  if (pattern === '*') return true;
  return names.some((method) => {
    if (pattern.startsWith(V2) || method.startsWith(V2)) return pattern.startsWith(V2) && method.startsWith(V2) && v2Matches(pattern, method);
    return pattern === method || (!pattern.includes('.') && method.endsWith('.' + pattern));
  });
}

/** One `/api` call as the call log keeps it: what identifies its subject, never the signature. */
export interface LoggedCall {
  /** V1 method name, or a V2 route as `v2:<METHOD> <template>`. */
  method: string;
  at: string;
  /** The caller's `origin` parameter: tells apart several clients of one app. */
  origin?: string;
  courseid?: string;
  token?: string;
  regid?: string;
}

/** The call log keeps this many of the latest calls. */
export const CALL_LOG_SIZE = 5000;

export class FaultBook {
  private faults: Fault[] = [];
  private nextId = 1;
  /** Calls per method name (`(none)` when a request had no method). */
  readonly calls = new Map<string, number>();
  private log: LoggedCall[] = [];

  add(fault: Omit<Fault, 'id'>): Fault {
    const f = { ...fault, id: this.nextId++ };
    this.faults.push(f);
    return f;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  countCall(method: string, subject: Omit<LoggedCall, 'method' | 'at'> = {}, at = new Date()): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    this.log.push({ method, at: at.toISOString(), ...subject });
    if (this.log.length > CALL_LOG_SIZE) this.log.splice(0, this.log.length - CALL_LOG_SIZE);
  }

  /** The latest calls, oldest first, optionally of one method (short or full name). */
  loggedCalls(pattern = '*'): LoggedCall[] {
    return this.log.filter((c) => methodMatches(pattern, c.method));
  }

  clearCalls(): void {
    this.calls.clear();
    this.log = [];
  }

  callCount(pattern: string): number {
    let n = 0;
    for (const [m, c] of this.calls) if (methodMatches(pattern, m)) n += c;
    return n;
  }

  /** The fault this call meets, if any (each hit uses one of its remaining calls). */
  take(...names: string[]): Fault | undefined {
    const f = this.faults.find((x) => methodMatches(x.method, ...names));
    if (!f) return undefined;
    if (f.remaining !== undefined) {
      f.remaining -= 1;
      if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    }
    return f;
  }
}
