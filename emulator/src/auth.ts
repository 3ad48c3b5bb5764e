// The emulator checks requests with the very code the client signs them with.
import { instantOf, signatureMatches, SIGNATURE_WINDOW_MS } from './signature';
import { EmulatorApiError } from './errors';
import type { Params } from './request';
import { first } from './request';

export interface AppCredentials {
  appId: string;
  secretKey: string;
}

/**
 * The order in which the real service checks, so that each fault gives the code it gives there: appid present/known, sig present, ts present/well-formed/in window, then the
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
  const instant = instantOf(ts);
  if (!instant) throw new EmulatorApiError(106, `The ts parameter [${ts}] is malformed; expected UTC yyyyMMddHHmmss.`);
  const tsMs = instant.getTime();
  if (Math.abs(nowMs - tsMs) > SIGNATURE_WINDOW_MS) throw new EmulatorApiError(107, 'Timestamp sent is outside of expiration limit.');
  if (!signatureMatches(app.secretKey, params, sig)) {
    throw new EmulatorApiError(104, 'The request signature (sig) does not match the one computed by the server.');
  }
  return app;
}
