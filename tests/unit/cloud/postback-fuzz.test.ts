/**
 * Hostile postbacks, generated: valid V1 XML and V2 JSON reports in every results format and both
 * authentication styles, mutated byte by byte and token by token, plus random bytes. The reader must
 * either refuse with CloudPostbackError or return a well-formed result, every time the same way.
 * A fixed seed makes a failure reproducible: the message names the case.
 */
import { CloudPostbackError, parsePostback, type ParsedPostback, type PostbackInput } from '../../../server/src/cloud/postback';
import { envelope, FORM, mutate, prng, seeds } from '../../helpers/postback-fuzz';

const SEED = 0x5c0f2026;
const MUTATED_CASES = 8_000;
const RANDOM_CASES = 2_000;
const MAX = 64 * 1024;
const CREDENTIALS = { username: 'cloud', password: 'pb-pass' };
const BASIC = `Basic ${Buffer.from('cloud:pb-pass').toString('base64')}`;

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
        envelope(seed.text, seed.wire, () => 0, CREDENTIALS),
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
      run(envelope(mutate(seed.text, random), seed.wire, random, CREDENTIALS), `mutated case ${n} (seed ${SEED})`);
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
