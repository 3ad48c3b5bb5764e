import { sign } from '../cloud/sign';
import { EmulatorApiError } from './errors';
import type { Params } from './request';
import { first } from './request';

/** The signed `ts` is only good this long, in both directions (clock skew either way). */
export const TS_WINDOW_MS = 15 * 60 * 1000;

export interface AppCredentials {
  appId: string;
  secretKey: string;
}

/** Parses `yyyyMMddHHmmss` (UTC) strictly: a real calendar date, 24-hour clock. */
export function parseTs(ts: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return ms;
}

/**
 * The reference's order (§8): appid present/known, sig present, ts present/well-formed/in window, then the
 * signature itself. Returns the app the request authenticates as.
 */
export function authenticate(params: Params, apps: Map<string, AppCredentials>, nowMs: number): AppCredentials {
  const appId = first(params, 'appid');
  if (!appId) throw new EmulatorApiError(101, 'The appid parameter is missing.');
  const app = apps.get(appId);
  if (!app) throw new EmulatorApiError(102, `The appid [${appId}] is not valid.`);
  const sig = first(params, 'sig');
  if (!sig) throw new EmulatorApiError(103, 'Request signature (sig param) missing');
  const ts = first(params, 'ts');
  if (!ts) throw new EmulatorApiError(105, 'The ts parameter is missing.');
  const tsMs = parseTs(ts);
  if (tsMs === undefined) throw new EmulatorApiError(106, `The ts parameter [${ts}] is malformed; expected UTC yyyyMMddHHmmss.`);
  if (Math.abs(nowMs - tsMs) > TS_WINDOW_MS) throw new EmulatorApiError(107, 'Timestamp sent is outside of expiration limit.');
  const expected = sign(app.secretKey, params);
  if (expected.toLowerCase() !== sig.toLowerCase()) {
    throw new EmulatorApiError(104, 'The request signature (sig) does not match the one computed by the server.');
  }
  return app;
}
