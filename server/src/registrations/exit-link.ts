import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PluginConfig } from '../config/schema';

/**
 * The return address in the exit URL given to the Cloud. The exit route is public (the player sends
 * the browser there with no credentials) and its URL is easy to build from a registration ID, so it
 * only honours a `returnTo` that this server signed for this registration at the launch: an HMAC over
 * both under a secret derived from the Cloud secret key, with its own label so it opens nothing else
 * (compare courses/direct-state.ts). Anything else leads to the configured default, never an open redirect.
 */
const exitSecret = (config: PluginConfig): Buffer => createHmac('sha256', config.secretKey).update('scorm-cloud:exit-return:v1').digest();

const mac = (config: PluginConfig, registrationId: string, returnTo: string): string =>
  createHmac('sha256', exitSecret(config)).update(`exit:${registrationId}\n${returnTo}`).digest('base64url');

export function signExitReturn(config: PluginConfig, registrationId: string, returnTo: string): string {
  return mac(config, registrationId, returnTo);
}

export function isSignedExitReturn(config: PluginConfig, registrationId: string, returnTo: string, signature: string): boolean {
  // An empty key would make every signature forgeable: without credentials nothing is valid.
  if (!config.secretKey || !/^[A-Za-z0-9_-]{1,100}$/.test(signature)) return false;
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(mac(config, registrationId, returnTo), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
