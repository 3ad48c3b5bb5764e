import { createHash, timingSafeEqual } from 'node:crypto';

/** Request parameters as SCORM Cloud V1 signs them: decoded values, possibly multi-valued. */
export type SignableParams = Record<string, string | readonly string[] | undefined>;

/**
 * Ordinal comparison of lower-cased names. All four official V1 libraries sort this way; a plain
 * byte-order sort (as some community clients do) breaks as soon as `courseTags` meets `courseid`.
 */
const byLowerCaseName = (a: string, b: string): number => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The V1 signature: every parameter except `sig`, names sorted case-insensitively, each name followed
 * by its value (several values sorted and concatenated), the secret prepended, MD5 over UTF-8, hex.
 */
export function sign(secretKey: string, params: SignableParams): string {
  let serialized = secretKey;
  for (const name of Object.keys(params).sort(byLowerCaseName)) {
    const value = params[name];
    if (name === 'sig' || value === undefined) continue;
    serialized += name + (typeof value === 'string' ? value : [...value].sort().join(''));
  }
  return createHash('md5').update(serialized, 'utf8').digest('hex');
}

/**
 * Checks a received signature (emulator, tests). Hex case is irrelevant: the official Java and .NET
 * libraries send upper case, PHP and Python lower case, and the Cloud accepts both.
 */
export function verifySignature(secretKey: string, params: SignableParams, sig: string): boolean {
  const expected = Buffer.from(sign(secretKey, params), 'utf8');
  const given = Buffer.from(sig.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
