import type { Core } from '@strapi/strapi';
import { CloudApiError, CloudClockSkewError, CloudError } from '../cloud';
import { V1_REFUSED_HINT } from '../utils/cloud-failure';
import { getService } from '../utils/get-service';
import type { ConnectionCheck, SettingsView } from '../contracts/settings';

export type { ConnectionCheck };

/** What the settings page shows. Never the secret key or the postback secret. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
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
});
