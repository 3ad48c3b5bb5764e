import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppCredentials } from '../auth';
import { AUTH_REQUIRED, V2Error } from './http';

/** An OAuth token from `POST /oauth/authenticate/application/token`. */
export interface AppToken {
  appId: string;
  scopes: string[];
  expiresAt: number;
}

/** Who a request authenticated as; `scopes` undefined = Basic auth (everything allowed). */
export interface V2Caller {
  app: AppCredentials;
  scopes?: string[];
}

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Tokens live in memory only: SCORM Cloud does not store or revoke them either, and a restarted emulator
 * answering 401 makes a client fetch a new one, as it must after expiry.
 */
export class TokenBook {
  private readonly tokens = new Map<string, AppToken>();

  issue(appId: string, scopes: string[], expiresAt: number): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { appId, scopes, expiresAt });
    return token;
  }

  find(token: string, now: number): AppToken | undefined {
    const t = this.tokens.get(token);
    if (t && t.expiresAt <= now) this.tokens.delete(token);
    return t && t.expiresAt > now ? t : undefined;
  }

  clear(): void {
    this.tokens.clear();
  }
}

export function basicCredentials(req: IncomingMessage): { user: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : { user: text.slice(0, i), password: text.slice(i + 1) };
}

export function basicApp(req: IncomingMessage, apps: Map<string, AppCredentials>): AppCredentials {
  const creds = basicCredentials(req);
  const app = creds && apps.get(creds.user);
  if (!app || !safeEqual(app.secretKey, creds.password)) throw new V2Error(401, AUTH_REQUIRED);
  return app;
}

/** Basic `appId:secretKey`, or a live bearer token. */
export function authenticateV2(req: IncomingMessage, apps: Map<string, AppCredentials>, tokens: TokenBook, now: number): V2Caller {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (bearer) {
    const t = tokens.find(bearer[1], now);
    const app = t && apps.get(t.appId);
    if (!t || !app) throw new V2Error(401, AUTH_REQUIRED);
    return { app, scopes: t.scopes };
  }
  return { app: basicApp(req, apps) };
}

/**
 * `read:registration` is granted by itself, by its verb alone (`read`) or by `admin` (the 2019 scope list).
 * A token without the scope gets the same 401 as a missing one (the reference records no 403 for scopes).
 */
export function requireScope(caller: V2Caller, scope: string): void {
  if (!caller.scopes) return;
  const verb = scope.split(':')[0];
  if (caller.scopes.some((s) => s === scope || s === verb || s === 'admin')) return;
  throw new V2Error(401, AUTH_REQUIRED);
}
