import { PostbackAuthError, PostbackBodyError } from './errors';

export interface PostbackRequest {
  authType: 'form' | 'httpbasic';
  username: string;
  password: string;
  xml: string;
}

const FORM = /^application\/x-www-form-urlencoded\b/i;

/**
 * Takes the credentials and the report XML out of a postback as SCORM Cloud sends it: `form` posts
 * urlencoded `data`, `username`, `password`; `httpbasic` posts the XML as the body with an
 * `Authorization: Basic` header. Missing credentials are a 401, a missing report a 400.
 */
export function parsePostbackRequest(contentType: string | undefined, authorization: string | undefined, body: Buffer): PostbackRequest {
  const text = body.toString('utf8');
  if (FORM.test(contentType ?? '')) {
    const form = new URLSearchParams(text);
    const username = form.get('username');
    const password = form.get('password');
    const xml = form.get('data');
    if (!username || !password) throw new PostbackAuthError('Postback credentials missing: expected the username and password fields.');
    if (!xml) throw new PostbackBodyError('Postback has no report: expected the data field with the registration report XML.');
    return { authType: 'form', username, password, xml };
  }
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new PostbackAuthError('Postback credentials missing: expected a form post or an Authorization: Basic header.');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new PostbackAuthError('Postback credentials malformed.');
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (!username || !password) throw new PostbackAuthError('Postback credentials missing.');
  if (!text.trim()) throw new PostbackBodyError('Postback has no report: the body is empty.');
  return { authType: 'httpbasic', username, password, xml: text };
}
