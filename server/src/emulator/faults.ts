/** Faults the test controls inject into `/api` replies, the way a flaky network or service would fail. */
export type FaultType = 'http5xx' | 'slow' | 'drop' | 'malformedXml';

export interface Fault {
  id: number;
  /** Full (`rustici.course.getAsyncImportResult`) or short (`getAsyncImportResult`) method name, or `*`. */
  method: string;
  type: FaultType;
  /** Calls still to hit; undefined = every call until cleared. */
  remaining?: number;
  /** `http5xx`: the status (default 503). */
  status?: number;
  /** `slow`: added latency before the normal reply. */
  delayMs?: number;
}

export const FAULT_TYPES: readonly FaultType[] = ['http5xx', 'slow', 'drop', 'malformedXml'];

export const methodMatches = (pattern: string, method: string): boolean =>
  pattern === '*' || pattern === method || (!pattern.includes('.') && method.endsWith('.' + pattern));

/** One `/api` call as the call log keeps it: what identifies its subject, never the signature. */
export interface LoggedCall {
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
  take(method: string): Fault | undefined {
    const f = this.faults.find((x) => methodMatches(x.method, method));
    if (!f) return undefined;
    if (f.remaining !== undefined) {
      f.remaining -= 1;
      if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    }
    return f;
  }
}
