import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomUUID } from 'node:crypto';
import type { PostbackRecord, PostbackSettings, Store } from './store';

export interface PostbackRetryOptions {
  /** First retry delay; later ones double (SCORM Cloud: at least 1 s). */
  initialDelayMs: number;
  /** Ceiling of one delay (SCORM Cloud: 15 minutes). */
  maxDelayMs: number;
  /** Attempts before a postback is marked failed (SCORM Cloud: about 70). */
  maxAttempts: number;
  /** Share of each delay taken away at random, 0–1. */
  jitter: number;
  /** One attempt's time limit. */
  timeoutMs: number;
}

export const DEFAULT_POSTBACK_RETRY: PostbackRetryOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  maxAttempts: 70,
  jitter: 0.3,
  timeoutMs: 10_000,
};

/** How the test controls make deliveries misbehave the way a real queue may. */
export interface DeliveryMode {
  mode: 'normal' | 'duplicate' | 'late' | 'outOfOrder';
  /** `late`: hold each postback this long before its first attempt. */
  delayMs?: number;
  /** `duplicate`: how many extra copies each receiver gets (default 1). */
  copies?: number;
}

export interface SendResult {
  ok: boolean;
  status?: number;
  error?: string;
}

/** One POST as SCORM Cloud makes it: no redirects followed, any status below 400 counts as delivered. */
export function sendPostback(
  target: Pick<PostbackSettings, 'url' | 'authType' | 'name' | 'password' | 'wire'>,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(target.url);
    } catch {
      resolve({ ok: false, error: `invalid postback URL [${target.url}]` });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      resolve({ ok: false, error: `unsupported postback URL scheme [${url.protocol}]` });
      return;
    }
    let payload: Buffer;
    const headers: Record<string, string> = { 'user-agent': 'scorm-cloud-emulator' };
    const json = target.wire === 'json';
    if (target.authType === 'httpbasic') {
      payload = Buffer.from(body, 'utf8');
      headers['content-type'] = json ? 'application/json; charset=UTF-8' : 'text/xml; charset=utf-8';
      if (target.name || target.password) headers.authorization = 'Basic ' + Buffer.from(`${target.name}:${target.password}`).toString('base64');
    } else {
      // The V2 postback guide spells the field `userName`; V1 (and V2 legacy XML) send `username`.
      const userField = json ? 'userName' : 'username';
      payload = Buffer.from(new URLSearchParams({ data: body, [userField]: target.name, password: target.password }).toString(), 'utf8');
      headers['content-type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
    }
    headers['content-length'] = String(payload.length);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const done = (r: SendResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const req = send(url, { method: 'POST', headers, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      res.on('end', () => done({ ok: status < 400, status, error: status >= 400 ? `HTTP ${status}` : undefined }));
      res.on('error', (err) => done({ ok: false, status, error: err.message }));
    });
    req.on('timeout', () => {
      req.destroy(new Error(`timed out after ${timeoutMs} ms`));
    });
    req.on('error', (err) => done({ ok: false, error: err.message }));
    req.end(payload);
  });
}

/**
 * The durable queue: records live in the store (persisted with the rest of the state), so postbacks that
 * are pending at shutdown go out after the next start.
 */
export class PostbackQueue {
  mode: DeliveryMode = { mode: 'normal' };
  private timer: NodeJS.Timeout | undefined;
  private pumping = false;
  private again = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly store: Store,
    private readonly retry: PostbackRetryOptions,
    private readonly now: () => number,
    private readonly log: (msg: string) => void,
  ) {}

  enqueue(appId: string, regId: string, settings: PostbackSettings, body: string): PostbackRecord {
    const realNow = Date.now();
    const state = this.store.state;
    const record: PostbackRecord = {
      id: randomUUID(),
      seq: ++state.postbackSeq,
      appId,
      regId,
      url: settings.url,
      authType: settings.authType,
      name: settings.name,
      password: settings.password,
      resultsFormat: settings.resultsFormat,
      wire: settings.wire,
      body,
      createdAt: this.now(),
      nextAttemptAt: realNow + (this.mode.mode === 'late' ? (this.mode.delayMs ?? 1000) : 0),
      attempts: 0,
      status: this.mode.mode === 'outOfOrder' ? 'held' : 'pending',
      extraCopies: this.mode.mode === 'duplicate' ? (this.mode.copies ?? 1) : 0,
      deliveries: 0,
    };
    state.postbacks.push(record);
    this.store.save();
    this.kick();
    return record;
  }

  /** Held postbacks (out-of-order mode) go out newest first. */
  release(): number {
    const held = this.store.state.postbacks.filter((p) => p.status === 'held').sort((a, b) => b.seq - a.seq);
    const base = Date.now();
    held.forEach((p, i) => {
      p.status = 'pending';
      p.nextAttemptAt = base + i;
    });
    this.store.save();
    this.kick();
    return held.length;
  }

  /** Every pending postback becomes due now (tests skip the backoff with it). */
  flush(): void {
    const now = Date.now();
    for (const p of this.store.state.postbacks) if (p.status === 'pending') p.nextAttemptAt = Math.min(p.nextAttemptAt, now);
    this.kick();
  }

  /** Resolves when nothing is due right now and no delivery is in flight. */
  whenIdle(): Promise<void> {
    if (!this.pumping && !this.hasDue()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pumping) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  private hasDue(): boolean {
    const now = Date.now();
    return this.store.state.postbacks.some((p) => p.status === 'pending' && p.nextAttemptAt <= now);
  }

  kick(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.again = false;
        for (;;) {
          if (this.stopped) break;
          const now = Date.now();
          const due = this.store.state.postbacks
            .filter((p) => p.status === 'pending' && p.nextAttemptAt <= now)
            .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.seq - b.seq)[0];
          if (!due) break;
          await this.attempt(due);
        }
      } while (this.again && !this.stopped);
    } finally {
      this.pumping = false;
    }
    this.schedule();
    if (!this.hasDue()) this.idleWaiters.splice(0).forEach((r) => r());
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    const next = this.store.state.postbacks.filter((p) => p.status === 'pending').reduce((m, p) => Math.min(m, p.nextAttemptAt), Infinity);
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.kick(), Math.max(0, next - Date.now()));
    this.timer.unref?.();
  }

  private async attempt(p: PostbackRecord): Promise<void> {
    p.attempts += 1;
    const result = await sendPostback(p, p.body, this.retry.timeoutMs);
    p.lastStatus = result.status;
    if (result.ok) {
      p.deliveries += 1;
      p.lastError = undefined;
      if (p.extraCopies > 0) {
        p.extraCopies -= 1;
        p.nextAttemptAt = Date.now();
      } else {
        p.status = 'delivered';
        p.deliveredAt = this.now();
      }
    } else {
      p.lastError = result.error;
      if (p.attempts >= this.retry.maxAttempts) {
        p.status = 'failed';
        this.log(`postback ${p.id} to ${p.url} failed for good after ${p.attempts} attempts: ${result.error}`);
      } else {
        p.nextAttemptAt = Date.now() + this.backoff(p.attempts);
      }
    }
    this.store.save();
  }

  /** Exponential backoff with jitter, never below the initial delay's share nor above the ceiling. */
  backoff(attempts: number): number {
    const base = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.max(0, Math.round(base * (1 - this.retry.jitter * Math.random())));
  }
}
