import type { ApiVersion } from './api';

/**
 * One `serviceUrl` serves both API versions: a base (`https://cloud.scorm.com`), V1's endpoint (`…/api`,
 * `…/EngineWebServices/api`) or V2's (`…/api/v2`) all work for either version, so switching `apiVersion`
 * needs no other change. V1 lives at `<base>/api`; V2 at `<base>/api/v2`, where V1's legacy
 * `EngineWebServices` prefix does not exist.
 */
export function serviceEndpoint(serviceUrl: string, version: ApiVersion): string {
  const url = new URL(serviceUrl);
  url.search = '';
  url.hash = '';
  let base = url.pathname
    .replace(/\/+$/, '')
    .replace(/\/api\/v2$/i, '')
    .replace(/\/api$/i, '');
  if (version === 'v2') base = base.replace(/\/EngineWebServices$/i, '');
  url.pathname = `${base}/api${version === 'v2' ? '/v2' : ''}`;
  return url.toString();
}
