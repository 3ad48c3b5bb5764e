import { CloudError, type CloudErrorOptions } from './errors';
import { registrationReportFrom } from './parse/registration-report';
import type { RegistrationReport } from './types';
import { registrationReportFromV2 } from './v2/registration-report';
import { child, parseXml, type XmlElement } from './xml';

/**
 * One reader for the postbacks of both API versions. The wire is decided by the content, never by
 * configuration: a V2 application can still send V1 XML (`legacy: true`), and a plugin switching
 * versions keeps receiving postbacks of registrations made under the other one.
 */

export interface PostbackInput {
  contentType?: string;
  authorization?: string;
  body: Buffer;
  /** The report text (XML or JSON) above this size is refused. */
  maxBytes: number;
}

export type PostbackWire = 'v1-xml' | 'v2-json';

export interface ParsedPostback {
  authType: 'form' | 'httpbasic';
  wire: PostbackWire;
  username: string;
  password: string;
  /** Read before the report is validated, so the caller can authenticate first. */
  registrationId: string;
  /** The report text (XML or JSON) as it should be stored. */
  raw: string;
  /** Exactly one of `report` and `invalid` is set. */
  report?: RegistrationReport;
  /** Why an authenticatable report could not be read (store it for a human, answer 400). */
  invalid?: string;
}

export type PostbackFailure = 'credentials' | 'body';

/** `credentials`: answer 401 and store nothing. `body`: answer 400 and store nothing (no registration to own it). */
export class CloudPostbackError extends CloudError {
  readonly reason: PostbackFailure;

  constructor(reason: PostbackFailure, message: string, options: CloudErrorOptions = {}) {
    super(message, 'postback', options);
    this.reason = reason;
  }
}

const FORM = /^application\/x-www-form-urlencoded\b/i;
const METHOD = 'postback';

/**
 * Brackets deeper than this are no registration (an activity tree nests two levels per generation);
 * refusing them up front keeps every later walk of the JSON shallow.
 */
const MAX_JSON_DEPTH = 200;

const bodyError = (message: string, cause?: unknown): CloudPostbackError => new CloudPostbackError('body', message, cause === undefined ? {} : { cause });

const credentialsError = (message: string): CloudPostbackError => new CloudPostbackError('credentials', message);

/**
 * Takes the credentials and the report out of a postback as SCORM Cloud sends it: `form` posts
 * urlencoded `data` with `username` (V1) or `userName` (V2's guide) and `password`; `httpbasic` posts
 * the report as the body with an `Authorization: Basic` header. Credentials are looked at first, as
 * a missing credential is the sender's problem whatever the body holds.
 */
export function parsePostback(input: PostbackInput): ParsedPostback {
  const text = input.body.toString('utf8');
  let authType: ParsedPostback['authType'];
  let username: string;
  let password: string;
  let raw: string;
  if (FORM.test(input.contentType ?? '')) {
    const form = new URLSearchParams(text);
    const user = form.get('username') || form.get('userName');
    const pass = form.get('password');
    if (!user || !pass) throw credentialsError('Postback credentials missing: expected the username (or userName) and password fields.');
    const data = form.get('data');
    if (!data) throw bodyError('Postback has no report: expected the data field with the registration report (XML or JSON).');
    authType = 'form';
    username = user;
    password = pass;
    raw = data;
  } else {
    const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(input.authorization ?? '');
    if (!match) throw credentialsError('Postback credentials missing: expected a form post or an Authorization: Basic header.');
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw credentialsError('Postback credentials malformed.');
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
    if (!username || !password) throw credentialsError('Postback credentials missing.');
    if (!text.trim()) throw bodyError('Postback has no report: the body is empty.');
    authType = 'httpbasic';
    raw = text;
  }
  const read = readReport(raw, input.maxBytes);
  const parsed: ParsedPostback = { authType, wire: read.wire, username, password, registrationId: read.registrationId, raw };
  if (read.error) parsed.invalid = read.error.message;
  else parsed.report = read.report;
  return parsed;
}

/** A stored inbox row read again: XML or JSON by its first non-space character. */
export function parseStoredReport(raw: string, options: { maxBytes: number }): RegistrationReport {
  const read = readReport(raw, options.maxBytes);
  if (read.error) throw read.error;
  return read.report!;
}

interface ReadReport {
  wire: PostbackWire;
  registrationId: string;
  report?: RegistrationReport;
  error?: CloudError;
}

/** C0 control characters other than tab and line breaks: XML 1.0 forbids them and JSON must escape them. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

const codeOf = (ch: string) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Registration IDs are ours and never hold a control character (an escaped one in JSON included). */
function checkedRegistrationId(id: string): string {
  const control = CONTROL.exec(id);
  if (control) throw bodyError(`Postback names a registration ID holding control character ${codeOf(control[0])}; no registration has one.`);
  return id;
}

/** Throws CloudPostbackError('body') when no registration can be named; content errors are returned. */
function readReport(raw: string, maxBytes: number): ReadReport {
  // SCORM Cloud never sends one unescaped, and PostgreSQL cannot hold a NUL byte in text: refused before anything is looked up or stored.
  const control = CONTROL.exec(raw);
  if (control) throw bodyError(`Postback report holds control character ${codeOf(control[0])}, which neither XML nor JSON allows unescaped.`);
  const start = raw.replace(/^\uFEFF/, '').trimStart()[0];
  if (start === '{' || start === '[') return readJson(raw, maxBytes);
  // Anything else goes to the XML reader, whose refusal of non-XML is the V1 behaviour.
  return readXml(raw, maxBytes);
}

/** The report element of a V1 postback: bare (as documented) or inside `<rsp>` (as some senders do). */
function readXml(xml: string, maxBytes: number): ReadReport {
  let root: XmlElement;
  try {
    // No entity is ever expanded and any DTD is refused: XXE and billion-laughs bodies stop here.
    root = parseXml(xml, { maxBytes, method: METHOD });
  } catch (error) {
    throw bodyError(`Postback body is not an acceptable XML report: ${(error as Error).message}`, error);
  }
  const el = root.name === 'registrationreport' ? root : root.name === 'rsp' ? child(root, 'registrationreport') : undefined;
  if (!el) throw bodyError('Postback body has no registrationreport element.');
  const registrationId = el.attrs.regid;
  if (!registrationId) throw bodyError('Postback registrationreport has no regid.');
  checkedRegistrationId(registrationId);
  try {
    return { wire: 'v1-xml', registrationId, report: registrationReportFrom(el, { method: METHOD }) };
  } catch (error) {
    if (!(error instanceof CloudError)) throw error;
    return { wire: 'v1-xml', registrationId, error };
  }
}

function readJson(text: string, maxBytes: number): ReadReport {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) throw bodyError(`Postback body is not an acceptable JSON report: it exceeds ${maxBytes} bytes`);
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) throw bodyError(`Postback body is not an acceptable JSON report: nested deeper than ${MAX_JSON_DEPTH} levels`);
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw bodyError(`Postback body is not an acceptable JSON report: ${(error as Error).message}`, error);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw bodyError(`Postback JSON report is not an object (got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}).`);
  }
  const id = (json as { id?: unknown }).id;
  if (typeof id !== 'string' || id === '') throw bodyError('Postback JSON report has no registration id.');
  checkedRegistrationId(id);
  try {
    return { wire: 'v2-json', registrationId: id, report: registrationReportFromV2(json, undefined, { method: METHOD }) };
  } catch (error) {
    if (!(error instanceof CloudError)) throw error;
    return { wire: 'v2-json', registrationId: id, error };
  }
}

/** Deepest bracket nesting outside strings, in one pass and no recursion. */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}
