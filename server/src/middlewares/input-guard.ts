import type { Context, Next } from 'koa';
import { InputError } from '../errors';

/**
 * Refuses, before any controller or database sees them, the characters no ID or search term of the
 * plugin ever contains: PostgreSQL cannot hold a NUL byte in text and answers such a query with an
 * error (a 500 on public routes), and other control characters have no meaning in an ID or a search.
 * Path segments (where the IDs are) may hold no control character at all; query values and JSON
 * bodies, whose free text (an override's reason, the Cloud's error message on a redirect) may span
 * lines, no C0 character other than tab, line feed and carriage return, nor DEL.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The first string in `value` (nested objects and arrays included) matching `pattern`, with its path. */
function findString(value: unknown, pattern: RegExp, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return pattern.test(value) ? path || '(value)' : undefined;
  if (depth > 20 || value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const innerPath = path ? `${path}.${key}` : key;
    if (pattern.test(key)) return innerPath;
    const found = findString(inner, pattern, innerPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Where the first forbidden character is (a human-readable place), or undefined when the request is clean. */
export function findControlCharacter(request: { path: string; query: unknown; body?: unknown }): string | undefined {
  for (const segment of request.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return 'the path (malformed percent-encoding)';
    }
    if (CONTROL.test(decoded)) return 'the path';
  }
  const inQuery = findString(request.query, CONTROL_IN_TEXT, '');
  if (inQuery) return `query parameter ${inQuery}`;
  const inBody = findString(request.body, CONTROL_IN_TEXT, '');
  if (inBody) return `body field ${inBody}`;
  return undefined;
}

/** A koa middleware guarding the requests whose path starts with one of `prefixes` (the plugin's routes). */
export function inputGuard(prefixes: () => string[]) {
  return async (ctx: Context, next: Next) => {
    const path = ctx.path;
    if (!prefixes().some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return next();
    const where = findControlCharacter({ path, query: ctx.query, body: (ctx.request as { body?: unknown }).body });
    if (!where) return next();
    const error = new InputError(`Control characters (such as a NUL byte) are not allowed in ${where}.`, { code: 'CONTROL_CHARACTER' });
    ctx.status = error.status;
    ctx.body = { data: null, error: { status: error.status, name: error.name, message: error.message, details: { ...error.details, code: error.code } } };
  };
}
