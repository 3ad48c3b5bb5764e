const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * Production with a `serviceUrl` that is not SCORM Cloud over HTTPS (usually the local emulator left in
 * from development): the app's secret and learners' results would travel in clear, or nowhere real.
 * Allowed, because a reverse proxy may terminate TLS, but said at startup.
 */
export function serviceUrlWarning(serviceUrl: string, environment: string | undefined): string | undefined {
  if (environment !== 'production') return undefined;
  const url = new URL(serviceUrl);
  if (LOOPBACK.test(url.hostname)) {
    return `[scorm-cloud] serviceUrl ${url.origin} is this machine (the local emulator?) while Strapi runs in production: learners would launch into no real SCORM Cloud. Set serviceUrl to https://cloud.scorm.com or remove it.`;
  }
  if (url.protocol === 'http:') {
    return `[scorm-cloud] serviceUrl ${url.origin} is plain HTTP while Strapi runs in production: the app's credentials and learners' results would travel unencrypted. Use https://.`;
  }
  return undefined;
}
