const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;
/** RFC 1918 networks, link-local addresses and mDNS names: reachable from this network only. */
const PRIVATE = /^(10(\.\d{1,3}){3}|192\.168(\.\d{1,3}){2}|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2}|169\.254(\.\d{1,3}){2}|[^.]+\.local|\[f[cd][0-9a-f:]*\])$/i;

/**
 * What the settings page warns about the postback URL SCORM Cloud is given: an address the real Cloud
 * cannot reach (this machine or a private network; the emulator on this machine can), and plain HTTP
 * outside development, where each postback carries a registration's password and a learner's results.
 */
export function postbackUrlWarnings(postbackUrl: string, serviceUrl: string, environment: string | undefined): string[] {
  const warnings: string[] = [];
  const url = new URL(postbackUrl);
  const cloudIsLocal = LOOPBACK.test(new URL(serviceUrl).hostname);
  if (!cloudIsLocal && (LOOPBACK.test(url.hostname) || PRIVATE.test(url.hostname))) {
    warnings.push(
      `SCORM Cloud cannot reach ${url.origin}, an address of this machine or of a private network: set publicUrl in the plugin's configuration (or Strapi's server.url) to this site's public address, or results will arrive only when refreshed.`,
    );
  }
  if (url.protocol === 'http:' && environment !== 'development') {
    warnings.push(
      `Postbacks are sent to ${url.origin} over plain HTTP: each one carries a registration's password and a learner's results. Serve this site over https:// (SCORM Cloud posts to the URL it is given).`,
    );
  }
  return warnings;
}
