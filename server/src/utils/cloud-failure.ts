import { CloudApiError, CloudAuthError, CloudClockSkewError, CloudError, CloudUnavailableError } from '../cloud';
import { PluginError, ServiceUnavailableError, UpstreamError } from '../errors';

/** The one sentence an editor needs when V1 answers error 300. */
export const V1_REFUSED_HINT =
  'This SCORM Cloud account may not use API V1 (SCORM Cloud blocks V1 for accounts created since about 2021): set apiVersion: "v2" in the scorm-cloud plugin config and restart Strapi.';

/**
 * The one place where a Cloud failure becomes what the caller of the plugin sees: a refusal is a 502 with
 * the Cloud's own words, an unreachable Cloud a 503 that says to try again, and neither ever carries a
 * secret (Cloud errors are built without one). `action` completes "SCORM Cloud refused to …".
 */
export function cloudFailure(error: unknown, action: string): unknown {
  if (error instanceof PluginError || !(error instanceof CloudError)) return error;
  if (error instanceof CloudApiError && error.kind === 'v1-refused') {
    return new UpstreamError(V1_REFUSED_HINT, { cloudCode: error.code, cloudMessage: error.cloudMessage });
  }
  if (error instanceof CloudClockSkewError) {
    const off = error.offsetSeconds === null ? 'too far' : `${Math.round(Math.abs(error.offsetSeconds) / 60)} minutes`;
    return new UpstreamError(
      `SCORM Cloud refused to ${action} because this server's clock is ${off} away from SCORM Cloud's (API V1 signs every request with the time): set the server's clock right, with NTP, and try again.`,
      { cloudCode: error.code, clockOffsetSeconds: error.offsetSeconds },
    );
  }
  if (error instanceof CloudAuthError) {
    return new UpstreamError(`SCORM Cloud did not accept the plugin's credentials (appId and secretKey) while trying to ${action}: ${error.cloudMessage}`, {
      cloudCode: error.code,
    });
  }
  if (error instanceof CloudApiError) {
    return new UpstreamError(`SCORM Cloud refused to ${action}: ${error.cloudMessage} (code ${error.code}).`, {
      cloudCode: error.code,
      cloudMessage: error.cloudMessage,
    });
  }
  if (error instanceof CloudUnavailableError) {
    return new ServiceUnavailableError(`SCORM Cloud could not be reached to ${action}; nothing was changed, try again in a moment. (${error.message})`, {
      cloudUnavailable: true,
    });
  }
  return new UpstreamError(`SCORM Cloud gave an unusable answer while trying to ${action}: ${error.message}`);
}
