import type { Core } from '@strapi/strapi';

const SECURITY = 'strapi::security';
/** The page posts with script (`connect-src`); on V1 it falls back to a form posted into a frame. The defaults stand in for absent directives. */
const DIRECTIVES: Record<string, string[]> = { 'form-action': ["'self'"], 'frame-src': ["'self'"], 'connect-src': ["'self'", 'https:'] };

type SecurityEntry = { name: string; config?: Record<string, any>; [key: string]: unknown };

/**
 * Direct mode posts from the admin page to SCORM Cloud: a form into a hidden frame (V1) or a script
 * request (V2). Strapi's default CSP (helmet defaults) has `form-action 'self'` and no `frame-src` beyond
 * `'self'`, which the browser enforces silently: the file would never leave. This adds the configured
 * Cloud origin, and only that, to those directives of the host's `strapi::security` config, keeping
 * whatever the host listed there. Runs in
 * register(): Strapi builds its middlewares after it. A host that turned CSP off is left alone.
 *
 * Returns what it did, for the startup log.
 */
export function allowCloudFormPosts(strapi: Core.Strapi, cloudOrigin: string): 'added' | 'unchanged' | 'no-security-middleware' {
  const list = strapi.config.get('middlewares') as unknown;
  if (!Array.isArray(list)) return 'no-security-middleware';
  const index = list.findIndex((m) => m === SECURITY || (typeof m === 'object' && m !== null && (m as SecurityEntry).name === SECURITY));
  if (index < 0) return 'no-security-middleware';
  const entry: SecurityEntry = typeof list[index] === 'string' ? { name: SECURITY } : (list[index] as SecurityEntry);
  const config = entry.config ?? {};
  const csp = config.contentSecurityPolicy;
  if (csp === false) return 'unchanged';
  const directives: Record<string, unknown> = { ...(csp?.directives ?? {}) };
  let changed = false;
  for (const [name, fallback] of Object.entries(DIRECTIVES)) {
    const current = Array.isArray(directives[name]) ? (directives[name] as string[]) : fallback;
    if (current.includes(cloudOrigin)) continue;
    directives[name] = [...current, cloudOrigin];
    changed = true;
  }
  if (!changed) return 'unchanged';
  const next = [...list];
  next[index] = { ...entry, config: { ...config, contentSecurityPolicy: { useDefaults: true, ...(csp ?? {}), directives } } };
  strapi.config.set('middlewares', next);
  return 'added';
}
