/**
 * Hostile postbacks, generated: report texts to start from (the emulator's V1 XML and V2 JSON in every
 * results format, and real V1 postbacks when the shared fixtures are there), mutations byte by byte and
 * token by token, and the wire around them in both authentication styles. A fixed seed makes every case
 * reproducible. Used by the reader's fuzz test and by the postback route's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PostbackInput } from '../../server/src/cloud/postback';
import type { ResultsFormat } from '../../server/src/cloud/types';
import { sampleReportXml } from '../../emulator/src/report';
import { sampleRegistrationSchema } from '../../emulator/src/v2/schemas';

/** The registration ID of every generated report before mutation. */
export const SAMPLE_REGISTRATION_ID = 'sample-registration';
export const FORM = 'application/x-www-form-urlencoded';
const MAX = 64 * 1024;

export interface Credentials {
  username: string;
  password: string;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FORMATS: ResultsFormat[] = ['course', 'activity', 'full'];
const SHARED = join(__dirname, '../../../shared/fixtures/v1-responses');

/** Report texts to start from: what the emulator sends, and real V1 postbacks when the shared fixtures are there. */
export function seeds(): { wire: 'xml' | 'json'; text: string }[] {
  const out: { wire: 'xml' | 'json'; text: string }[] = [];
  for (const format of FORMATS) {
    out.push({ wire: 'xml', text: sampleReportXml(format) });
    out.push({ wire: 'json', text: JSON.stringify(sampleRegistrationSchema(Date.UTC(2026, 0, 2), format)) });
  }
  if (existsSync(SHARED)) {
    for (const name of readdirSync(SHARED).filter((n) => /postback_data/.test(n) && n.endsWith('.xml')))
      out.push({ wire: 'xml', text: readFileSync(join(SHARED, name), 'utf8') });
  } else {
    console.log(`[postback-fuzz] ${SHARED} is absent: fuzzing from the emulator's reports only`);
  }
  return out;
}

/** Pieces that parsers trip on: entities and doctypes, CDATA ends, NULs, deep brackets, odd numbers. */
const TOKENS = [
  '<!DOCTYPE r [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]>',
  '&x;',
  '&#0;',
  '&#x10FFFF;',
  ']]>',
  '<![CDATA[',
  '\u0000',
  '\uFFFF',
  '\uD800',
  '"',
  "'",
  '<',
  '>',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  'null',
  'true',
  '1e999',
  '-1',
  'NaN',
  '9007199254740993',
  '"__proto__"',
  '{"__proto__":{"polluted":1}}',
  '['.repeat(500),
  '<a>'.repeat(300),
  'é',
  '%',
  '%00',
  '+',
  '&',
  '=',
];

export function mutate(text: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const at = () => Math.floor(random() * (text.length + 1));
  let out = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const i = Math.min(at(), out.length);
    const j = Math.min(out.length, i + Math.floor(random() * 40));
    switch (Math.floor(random() * 7)) {
      case 0: // flip a character
        out = out.slice(0, i) + String.fromCharCode(Math.floor(random() * 0x2ff)) + out.slice(i + 1);
        break;
      case 1: // delete a span
        out = out.slice(0, i) + out.slice(j);
        break;
      case 2: // repeat a span
        out = out.slice(0, j) + out.slice(i, j).repeat(1 + Math.floor(random() * 5)) + out.slice(j);
        break;
      case 3: // insert a token
        out = out.slice(0, i) + pick(TOKENS) + out.slice(i);
        break;
      case 4: // truncate
        out = out.slice(0, i);
        break;
      case 5: // replace a number with something else
        out = out.replace(/-?\d+(\.\d+)?/, () => pick(['', 'x', '-0', '1e309', '0x10', String(Number.MAX_SAFE_INTEGER * 4), '١٢']));
        break;
      default: // swap two spans
        out = out.slice(j) + out.slice(i, j) + out.slice(0, i);
    }
  }
  return out;
}

/** The wire around a report text: V1 and V2 form posts name the user differently; httpbasic sends the text alone. */
export function envelope(text: string, wire: 'xml' | 'json', random: () => number, { username, password }: Credentials, maxBytes = MAX): PostbackInput {
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const style = Math.floor(random() * 4);
  if (style === 0) return { contentType: FORM, body: Buffer.from(new URLSearchParams({ username, password, data: text }).toString()), maxBytes };
  if (style === 1) return { contentType: FORM, body: Buffer.from(new URLSearchParams({ userName: username, password, data: text }).toString()), maxBytes };
  if (style === 2) return { contentType: wire === 'xml' ? 'text/xml' : 'application/json', authorization: basic, body: Buffer.from(text), maxBytes };
  // A raw form body, mutated as bytes rather than as a report.
  // Lone surrogates (a mutation may split a pair) cannot be percent-encoded: U+FFFD, as a browser would send.
  const wellFormed = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const raw = mutate(`username=${encodeURIComponent(username)}&password=${encodeURIComponent(password)}&data=${encodeURIComponent(wellFormed)}`, random);
  return { contentType: FORM, body: Buffer.from(raw), maxBytes };
}
