import { sign, type SignableParams } from './sign';
import { utcTimestamp } from './timestamp';

export const DEFAULT_SERVICE_URL = 'https://cloud.scorm.com/api';

export interface SigningConfig {
  serviceUrl?: string;
  appId: string;
  secretKey: string;
  origin?: string;
}

/** Parameters of one call: undefined values are not sent (and so not signed). */
export type CallParams = Record<string, string | number | boolean | readonly string[] | undefined>;

/**
 * The official libraries are configured with a base (`https://cloud.scorm.com/EngineWebServices`) and
 * append `/api`; accept either form so a pasted base URL or a full endpoint both work.
 */
export function normalizeServiceUrl(serviceUrl: string = DEFAULT_SERVICE_URL): URL {
  const url = new URL(serviceUrl);
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = /\/api$/i.test(path) ? path : `${path}/api`;
  return url;
}

/** HTML-form encoding, as every official library uses (space → `+`). The signature is over raw values. */
const formEncode = (s: string): string =>
  encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function toSignable(params: CallParams): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'string' || Array.isArray(v) ? (v as string | readonly string[]) : String(v);
  }
  return out;
}

/** Every parameter of a signed request: caller params plus `method`, `appid`, `ts` and `origin`. */
export function signedParams(
  config: SigningConfig,
  method: string,
  params: CallParams,
  now: Date = new Date(),
): { params: Record<string, string | readonly string[]>; sig: string } {
  const all = toSignable({ ...params, method, appid: config.appId, ts: utcTimestamp(now), origin: config.origin || undefined });
  return { params: all, sig: sign(config.secretKey, all as SignableParams) };
}

export function queryString(params: Record<string, string | readonly string[]>, sig?: string): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    for (const value of typeof v === 'string' ? [v] : v) parts.push(`${formEncode(k)}=${formEncode(value)}`);
  }
  // The libraries append `sig` last; the server does not care about order.
  if (sig !== undefined) parts.push(`sig=${sig}`);
  return parts.join('&');
}

/** A complete signed URL. It stops working ~15 minutes after `now` (the Cloud's `ts` window). */
export function buildSignedUrl(config: SigningConfig, method: string, params: CallParams = {}, now: Date = new Date()): string {
  const base = normalizeServiceUrl(config.serviceUrl);
  const { params: all, sig } = signedParams(config, method, params, now);
  return `${base.toString()}?${queryString(all, sig)}`;
}

/** A URL safe to log or put in an error: `sig` and credentials removed. */
export function redactParams(params: Record<string, string | readonly string[]>): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === 'sig') continue;
    out[k] = REDACTED_PARAMS.has(k.toLowerCase()) ? '[redacted]' : v;
  }
  return out;
}

/** Postback passwords travel as ordinary V1 parameters; keep them out of logs too. */
const REDACTED_PARAMS = new Set(['urlpass', 'password']);
