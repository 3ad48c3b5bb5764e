import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { CloudApiError, CloudClockSkewError, CloudError } from '../cloud';
import { ConflictError } from '../errors';
import { cloudFailure, V1_REFUSED_HINT } from '../utils/cloud-failure';
import { getService } from '../utils/get-service';
import type { ConnectionCheck, PostbackTestResult, SettingsView } from '../contracts/settings';
import { postbackTestRepository } from './postback-test-repository';
import { postbackUrlWarnings } from './postback-url-warnings';

export type { ConnectionCheck, PostbackTestResult };

/** How long the plugin waits for the test postback after SCORM Cloud has answered the request. */
const ARRIVAL_WAIT_MS = 5_000;

/** What the settings page shows. Never the secret key or the postback secret. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Tests may shorten the wait for a test postback that does not come. */
  limits: { arrivalWaitMs: ARRIVAL_WAIT_MS },

  describe(): SettingsView {
    const config = getService(strapi, 'config');
    const c = config.get();
    return {
      configured: config.isConfigured(),
      apiVersion: c.apiVersion,
      appId: c.appId || null,
      serviceUrl: c.serviceUrl,
      origin: c.origin,
      publicUrl: config.publicUrl(),
      postback: {
        enabled: c.postback.enabled,
        url: config.contentApiUrl('/postback'),
        authType: c.postback.authType,
        resultsFormat: c.postback.resultsFormat,
        warnings: c.postback.enabled
          ? postbackUrlWarnings(config.contentApiUrl('/postback'), c.serviceUrl, strapi.config.get('environment') ?? process.env.NODE_ENV)
          : [],
      },
      registration: { createOn: c.registration.createOn },
      launch: { allowedReturnOrigins: c.launch.allowedReturnOrigins, defaultReturnUrl: c.launch.defaultReturnUrl ?? null },
      upload: { mode: c.upload.mode, maxBytes: c.upload.maxBytes },
      poller: { enabled: c.poller.enabled, rule: c.poller.rule },
    };
  },

  /**
   * An authenticated ping proves the credentials; the clock offset matters to V1 only, whose signed
   * URLs fail beyond ±15 minutes.
   */
  async testConnection(): Promise<ConnectionCheck> {
    const client = getService(strapi, 'cloud').client();
    const started = Date.now();
    try {
      const { clockOffsetSeconds } = await client.ping();
      const latencyMs = Date.now() - started;
      const skewed = client.apiVersion === 'v1' && clockOffsetSeconds !== undefined && Math.abs(clockOffsetSeconds) >= 15 * 60;
      return { ok: !skewed, authenticated: true, ...(clockOffsetSeconds !== undefined && { clockOffsetSeconds }), latencyMs };
    } catch (error) {
      if (!(error instanceof CloudError)) throw error;
      const code = (error as CloudError & { code?: number }).code;
      const offset = error instanceof CloudClockSkewError && error.offsetSeconds !== null ? { clockOffsetSeconds: error.offsetSeconds } : {};
      const message = error instanceof CloudApiError && error.kind === 'v1-refused' ? `${V1_REFUSED_HINT} (${error.message})` : error.message;
      if (message !== error.message) strapi.log.error(`[scorm-cloud] ${V1_REFUSED_HINT}`);
      return { ok: false, authenticated: false, ...offset, error: { name: error.name, message, ...(code !== undefined && { code }) } };
    }
  },

  /**
   * Asks SCORM Cloud to send a test postback to this site's postback URL with the configured
   * authentication and a one-time password, and reports whether the plugin received it: the whole path
   * from the Cloud to the route, proxies and firewalls included. The test postback changes no registration.
   */
  /**
   * Whether a postback's password is the running test's (the arrival is then recorded): asked by the
   * postback route only for a password that is no registration's.
   */
  acceptTestPostback(password: string, seen: { authType: string; wire: string }): Promise<boolean> {
    return postbackTestRepository(strapi).accept(password, seen);
  },

  async testPostback(): Promise<PostbackTestResult> {
    const config = getService(strapi, 'config');
    const c = config.get();
    if (!c.postback.enabled) {
      throw new ConflictError('Postbacks are off (postback.enabled is false): SCORM Cloud sends no results to this site, so there is nothing to test.');
    }
    const client = getService(strapi, 'cloud').client();
    const tests = postbackTestRepository(strapi);
    const url = config.contentApiUrl('/postback');
    const password = randomBytes(24).toString('base64url');
    const started = Date.now();
    await tests.start(password, new Date(started + 60_000 + this.limits.arrivalWaitMs));
    let refused: string | null = null;
    try {
      await client.testPostback({ url, authType: c.postback.authType, username: c.postback.username, password, resultsFormat: c.postback.resultsFormat });
    } catch (error) {
      refused = (cloudFailure(error, 'send a test postback') as Error).message;
    }
    // The Cloud posts during the call; a slower path gets a few seconds more.
    let arrival = await tests.arrival();
    const deadline = Date.now() + this.limits.arrivalWaitMs;
    while (!arrival && !refused && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      arrival = await tests.arrival();
    }
    await tests.clear();
    const elapsedMs = Date.now() - started;
    const message = arrival
      ? `SCORM Cloud's test postback reached ${url} and was accepted.`
      : refused
        ? `${refused} Check that ${url} can be reached from the internet (the plugin's url or Strapi's server.url).`
        : `SCORM Cloud says it delivered the test postback to ${url}, but the plugin did not receive it: something in front of Strapi (a proxy, a firewall, another site at that address) answered it.`;
    if (!arrival) strapi.log.warn(`[scorm-cloud] postback test: ${message}`);
    return {
      url,
      authType: c.postback.authType,
      delivered: !refused,
      arrived: Boolean(arrival),
      arrivedAt: arrival?.arrivedAt.toISOString() ?? null,
      elapsedMs,
      message,
    };
  },
});
