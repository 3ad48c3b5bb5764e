export const DEFAULT_V2_SERVICE_URL = 'https://cloud.scorm.com/api/v2';

/**
 * The V2 base without a trailing slash. A bare host (`https://cloud.scorm.com`) or the V1 endpoint
 * (`…/api`) gets `/api/v2` completed, so one configured host serves both API versions.
 */
export function normalizeV2ServiceUrl(serviceUrl: string = DEFAULT_V2_SERVICE_URL): string {
  const url = new URL(serviceUrl);
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = /\/api\/v2$/i.test(path) ? path : /\/api$/i.test(path) ? `${path}/v2` : `${path}/api/v2`;
  return url.toString().replace(/\/+$/, '');
}
