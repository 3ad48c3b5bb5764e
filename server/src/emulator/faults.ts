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

export class FaultBook {
  private faults: Fault[] = [];
  private nextId = 1;
  /** Calls per method name (`(none)` when a request had no method). */
  readonly calls = new Map<string, number>();

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

  countCall(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
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
