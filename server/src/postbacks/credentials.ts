import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PluginConfig } from '../config/schema';

/**
 * Postback passwords are per registration: an HMAC of the registration ID under a server secret, so a
 * password that leaks (SCORM Cloud shows it in its console) opens one registration only, and nothing
 * needs storing. Without a configured secret one is derived from the Cloud secret key.
 */
const derivedSecret = (config: PluginConfig) => createHmac('sha256', config.secretKey).update('scorm-cloud:postback-secret:v1').digest('hex');

export const postbackSecret = (config: PluginConfig): string => config.postback.secret ?? derivedSecret(config);

export const postbackPassword = (secret: string, registrationId: string): string =>
  createHmac('sha256', secret).update(`registration:${registrationId}`).digest('base64url');

/** Current secret first, then the previous ones, so rotation does not break live registrations. */
export function verifyPostbackPassword(config: PluginConfig, registrationId: string, password: string): boolean {
  const given = Buffer.from(password, 'utf8');
  let ok = false;
  for (const secret of [postbackSecret(config), ...config.postback.previousSecrets]) {
    const expected = Buffer.from(postbackPassword(secret, registrationId), 'utf8');
    // Every candidate is compared in constant time, with no early exit that would tell which secret matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}
