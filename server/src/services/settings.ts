import type { Core } from '@strapi/strapi';
import { CloudClockSkewError, CloudError } from '../cloud';
import { getService } from '../utils/get-service';

export interface ConnectionCheck {
  ok: boolean;
  /** authPing succeeded: the appId and secretKey are accepted. */
  authenticated: boolean;
  /** Server clock minus ours, in seconds; signed URLs fail beyond ±15 minutes. */
  clockOffsetSeconds?: number;
  latencyMs?: number;
  error?: { name: string; message: string; code?: number };
}

/** What the settings page shows. Never the secret key or the postback secret. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  describe() {
    const config = getService(strapi, 'config');
    const c = config.get();
    return {
      configured: config.isConfigured(),
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

  /** authPing proves the credentials; getTime measures the clock offset that breaks signed URLs. */
  async testConnection(): Promise<ConnectionCheck> {
    const client = getService(strapi, 'cloud').client();
    const started = Date.now();
    try {
      await client.authPing();
      const latencyMs = Date.now() - started;
      const { offsetSeconds } = await client.getTime();
      return { ok: Math.abs(offsetSeconds) < 15 * 60, authenticated: true, clockOffsetSeconds: offsetSeconds, latencyMs };
    } catch (error) {
      if (!(error instanceof CloudError)) throw error;
      const code = (error as CloudError & { code?: number }).code;
      const offset = error instanceof CloudClockSkewError && error.offsetSeconds !== null ? { clockOffsetSeconds: error.offsetSeconds } : {};
      return { ok: false, authenticated: false, ...offset, error: { name: error.name, message: error.message, ...(code !== undefined && { code }) } };
    }
  },
});
