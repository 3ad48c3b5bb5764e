import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PluginConfig } from '../config/schema';

/**
 * The `state` of a direct upload's completion URL. The browser arrives there by navigation after the
 * Cloud's redirect, with no admin token, so the URL itself must prove that this server signed it for
 * this course: an HMAC over course ID and expiry under a secret derived from the Cloud secret key
 * (never sent anywhere), with its own label so it opens nothing else (compare postbacks/credentials.ts).
 */
const stateSecret = (config: PluginConfig): Buffer => createHmac('sha256', config.secretKey).update('scorm-cloud:direct-upload-state:v1').digest();

const mac = (config: PluginConfig, courseId: string, expires: number): string =>
  createHmac('sha256', stateSecret(config)).update(`direct-upload:${courseId}:${expires}`).digest('base64url');

export function signDirectState(config: PluginConfig, courseId: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${expires}.${mac(config, courseId, expires)}`;
}

export type StateCheck = 'valid' | 'invalid' | 'expired';

export function checkDirectState(config: PluginConfig, courseId: string, state: string, now = new Date()): StateCheck {
  // An empty key would make every state forgeable: without credentials nothing is valid.
  if (!config.secretKey) return 'invalid';
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{1,100})$/.exec(state);
  if (!match) return 'invalid';
  const expires = Number(match[1]);
  const given = Buffer.from(match[2], 'utf8');
  const expected = Buffer.from(mac(config, courseId, expires), 'utf8');
  // Constant time, and the signature is checked before the expiry so a forged state never reads as "expired".
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  return expires * 1000 < now.getTime() ? 'expired' : 'valid';
}
