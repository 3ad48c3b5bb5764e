/**
 * Hostile postbacks, generated: valid V1 XML and V2 JSON reports in every results format and both
 * authentication styles, mutated byte by byte and token by token, plus random bytes. The reader must
 * either refuse with CloudPostbackError or return a well-formed result, every time the same way.
 * A fixed seed makes a failure reproducible: the message names the case.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudPostbackError, parsePostback, type ParsedPostback, type PostbackInput } from '../../../server/src/cloud/postback';
import type { ResultsFormat } from '../../../server/src/cloud/types';
import { sampleReportXml } from '../../../emulator/src/report';
import { sampleRegistrationSchema } from '../../../emulator/src/v2/schemas';

const SEED = 0x5c0f2026;
const MUTATED_CASES = 8_000;
const RANDOM_CASES = 2_000;
const MAX = 64 * 1024;
const FORM = 'application/x-www-form-urlencoded';
const BASIC = `Basic ${Buffer.from('cloud:pb-pass').toString('base64')}`;

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
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
const SHARED = join(__dirname, '../../../../shared/fixtures/v1-responses');

/** Report texts to start from: what the emulator sends, and real V1 postbacks when the shared fixtures are there. */
function seeds(): { wire: 'xml' | 'json'; text: string }[] {
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

function mutate(text: string, random: () => number): string {
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
function envelope(text: string, wire: 'xml' | 'json', random: () => number): PostbackInput {
  const style = Math.floor(random() * 4);
  if (style === 0)
    return { contentType: FORM, body: Buffer.from(new URLSearchParams({ username: 'cloud', password: 'pb-pass', data: text }).toString()), maxBytes: MAX };
  if (style === 1)
    return { contentType: FORM, body: Buffer.from(new URLSearchParams({ userName: 'cloud', password: 'pb-pass', data: text }).toString()), maxBytes: MAX };
  if (style === 2) return { contentType: wire === 'xml' ? 'text/xml' : 'application/json', authorization: BASIC, body: Buffer.from(text), maxBytes: MAX };
  // A raw form body, mutated as bytes rather than as a report.
  // Lone surrogates (a mutation may split a pair) cannot be percent-encoded: U+FFFD, as a browser would send.
  const wellFormed = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const raw = mutate(`username=cloud&password=pb-pass&data=${encodeURIComponent(wellFormed)}`, random);
  return { contentType: FORM, body: Buffer.from(raw), maxBytes: MAX };
}

type Outcome = { refused: string } | { parsed: ParsedPostback };

function outcomeOf(input: PostbackInput, label: string): Outcome {
  try {
    return { parsed: parsePostback(input) };
  } catch (error) {
    if (!(error instanceof CloudPostbackError)) {
      throw new Error(`${label}: threw ${(error as Error)?.name ?? typeof error} instead of CloudPostbackError: ${(error as Error)?.message}`);
    }
    if (error.reason !== 'credentials' && error.reason !== 'body') throw new Error(`${label}: unknown refusal reason ${String(error.reason)}`);
    return { refused: error.reason };
  }
}

/** What a result must look like, whatever it was made from. Returns the first problem, if any. */
function problemWith(parsed: ParsedPostback): string | undefined {
  if (parsed.authType !== 'form' && parsed.authType !== 'httpbasic') return `authType ${String(parsed.authType)}`;
  if (typeof parsed.registrationId !== 'string' || !parsed.registrationId) return 'no registrationId';
  if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') return 'credentials not strings';
  if ((parsed.report === undefined) === (parsed.invalid === undefined)) return 'report and invalid both set or both unset';
  const r = parsed.report;
  if (!r) return typeof parsed.invalid === 'string' && parsed.invalid ? undefined : 'empty invalid reason';
  if (r.registrationId !== parsed.registrationId) return `report for ${r.registrationId}, envelope for ${parsed.registrationId}`;
  if (!['complete', 'incomplete', 'unknown'].includes(r.complete)) return `complete ${String(r.complete)}`;
  if (!['passed', 'failed', 'unknown'].includes(r.success)) return `success ${String(r.success)}`;
  if (r.score !== null && !(Number.isFinite(r.score) && r.score >= 0 && r.score <= 100)) return `score ${String(r.score)}`;
  if (!(Number.isFinite(r.totalTimeSeconds) && r.totalTimeSeconds >= 0)) return `totalTimeSeconds ${String(r.totalTimeSeconds)}`;
  if (!(Number.isInteger(r.instanceId) && r.instanceId >= 0)) return `instanceId ${String(r.instanceId)}`;
  if (r.updatedAt !== undefined && Number.isNaN(r.updatedAt.getTime())) return 'updatedAt is an invalid date';
  if (({} as Record<string, unknown>).polluted !== undefined) return 'Object.prototype was polluted';
  return undefined;
}

describe('postback reader under generated hostile input', () => {
  const random = prng(SEED);
  const starts = seeds();

  it('reads every unmutated seed as a report (the generator starts from valid input)', () => {
    for (const [i, seed] of starts.entries()) {
      const outcome = outcomeOf(
        envelope(seed.text, seed.wire, () => 0),
        `seed ${i}`,
      );
      expect({ seed: i, read: 'parsed' in outcome ? (outcome.parsed.invalid ?? 'read') : outcome.refused }).toEqual({ seed: i, read: 'read' });
    }
  });

  it(`refuses or reads ${MUTATED_CASES} mutated reports and ${RANDOM_CASES} random bodies, the same way twice`, () => {
    const tally = { read: 0, invalid: 0, body: 0, credentials: 0 };
    const problems: string[] = [];
    const run = (input: PostbackInput, label: string) => {
      const first = outcomeOf(input, label);
      const again = outcomeOf({ ...input, body: Buffer.from(input.body) }, label);
      if ('refused' in first) {
        tally[first.refused as 'body' | 'credentials']++;
        if (!('refused' in again) || again.refused !== first.refused) problems.push(`${label}: a second read differs`);
        return;
      }
      const problem = problemWith(first.parsed);
      if (problem) problems.push(`${label}: ${problem}`);
      if (first.parsed.report) tally.read++;
      else tally.invalid++;
      if (!('parsed' in again) || JSON.stringify(again.parsed) !== JSON.stringify(first.parsed)) problems.push(`${label}: a second read differs`);
    };
    for (let n = 0; n < MUTATED_CASES; n++) {
      const seed = starts[n % starts.length];
      run(envelope(mutate(seed.text, random), seed.wire, random), `mutated case ${n} (seed ${SEED})`);
    }
    for (let n = 0; n < RANDOM_CASES; n++) {
      const bytes = Buffer.alloc(Math.floor(random() * 2048));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      const contentType = [undefined, FORM, 'text/xml', 'application/json', 'multipart/form-data; boundary=x'][n % 5];
      run({ contentType, authorization: n % 3 === 0 ? BASIC : undefined, body: bytes, maxBytes: MAX }, `random case ${n} (seed ${SEED})`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
    // The generator reached every outcome, so the cases above tested all of them.
    expect(tally.read).toBeGreaterThan(0);
    expect(tally.invalid).toBeGreaterThan(0);
    expect(tally.body).toBeGreaterThan(0);
    expect(tally.credentials).toBeGreaterThan(0);
    console.log(`[postback-fuzz] ${JSON.stringify(tally)}`);
  });
});
