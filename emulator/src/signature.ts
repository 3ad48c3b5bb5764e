import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * V1 request signatures as SCORM Cloud checks them, written here from the V1 documentation rather than
 * borrowed from the plugin's client: an emulator that shared the client's signing code would accept
 * whatever that code got wrong.
 *
 * The signed string is the secret key followed by every parameter but `sig` as name + value, names in
 * ordinal order of their lower-case forms, several values of one name sorted and concatenated; the
 * signature is its MD5 in hex, either case.
 */
export type SignedParams = Record<string, string | readonly string[] | undefined>;

function expectedSignature(secretKey: string, params: SignedParams): string {
  const names = Object.keys(params).filter((name) => name !== 'sig' && params[name] !== undefined);
  names.sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    if (x === y) return 0;
    return x < y ? -1 : 1;
  });
  const hash = createHash('md5').update(secretKey, 'utf8');
  for (const name of names) {
    const value = params[name] as string | readonly string[];
    hash.update(name, 'utf8').update(typeof value === 'string' ? value : [...value].sort().join(''), 'utf8');
  }
  return hash.digest('hex');
}

export function signatureMatches(secretKey: string, params: SignedParams, sig: string): boolean {
  const expected = Buffer.from(expectedSignature(secretKey, params), 'utf8');
  const given = Buffer.from(sig.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** V1's `ts` and `getTime`: UTC `yyyyMMddHHmmss`. */
export function timestampOf(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** A `ts` that names a real UTC instant (no month 13, no 31 February), or undefined. */
export function instantOf(ts: string): Date | undefined {
  if (!/^\d{14}$/.test(ts.trim())) return undefined;
  const t = ts.trim();
  const date = new Date(Date.UTC(+t.slice(0, 4), +t.slice(4, 6) - 1, +t.slice(6, 8), +t.slice(8, 10), +t.slice(10, 12), +t.slice(12, 14)));
  return Number.isNaN(date.getTime()) || timestampOf(date) !== t ? undefined : date;
}

/** SCORM Cloud refuses a `ts` more than 15 minutes from its clock (error 107). */
export const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;
