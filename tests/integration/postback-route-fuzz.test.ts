/**
 * The postback route under generated hostile input, over HTTP on each database: mutated V1 XML and V2 JSON
 * reports carrying the registration's real credentials (so that many reach the merge rule), in every
 * envelope, and random bytes. No case may answer 5xx, and a case that is refused (any answer but 200)
 * changes neither the registration nor the inbox. The reader's own fuzz test
 * (tests/unit/cloud/postback-fuzz.test.ts) runs ten thousand cases without HTTP; this one follows the
 * cases through the route, the limiter, the inbox and the database.
 */
import { API_VERSION } from '../helpers/api-version';
import { availableDatabases, type DatabaseClient } from '../helpers/databases';
import { envelope, FORM, mutate, prng, SAMPLE_REGISTRATION_ID, seeds } from '../helpers/postback-fuzz';
import { bootStack, type Stack } from '../helpers/stack';
import { buildRegistrationJson } from '../../server/src/cloud/v2/registration-report';
import { INBOX_UID, listen, passwordFor, POSTBACK_SECRET, REG_UID, report, seedCourse, seedRegistration } from './results-fixtures';

const SEED = 0x0b5e55ed;
const CASES = Number(process.env.POSTBACK_FUZZ_CASES ?? 800);
/** Failed guesses are limited to 20 a minute per registration: the limiter is reset more often than that. */
const RESET_EVERY = 15;
const MAX_BYTES = 64 * 1024;

// What the route does with a body does not depend on the API version the plugin speaks: the V2 project runs it.
const suite = API_VERSION === 'v2' ? describe.each(availableDatabases()) : describe.skip.each<DatabaseClient>(['sqlite']);
if (API_VERSION !== 'v2') console.log('[tests] postback-route-fuzz runs in the V2 project: the route reads both wire formats whatever the API version.');

suite('the postback route under generated input on %s', (database) => {
  let stack: Stack;
  let url: string;

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { postback: { secret: POSTBACK_SECRET, maxBytes: MAX_BYTES }, poller: { enabled: false } } });
    url = `${await listen(stack)}/api/scorm-cloud/postback`;
    const course = await seedCourse(stack, `course-fuzz-${database}`);
    await seedRegistration(stack, { registrationId: SAMPLE_REGISTRATION_ID, course, cloud: false });
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  /** What a refused case must leave as it was: the stored Cloud state and the effective values. */
  const registrationState = async () =>
    JSON.stringify(
      await stack.app.strapi.db.query(REG_UID).findOne({
        where: { registrationId: SAMPLE_REGISTRATION_ID },
        select: ['cloudComplete', 'cloudSuccess', 'cloudScore', 'cloudTotalTime', 'instanceId', 'reportedAt', 'complete', 'success', 'score', 'reportDetail'],
      }),
    );
  const inboxIds = async () =>
    ((await stack.app.strapi.db.query(INBOX_UID).findMany({ select: ['id'], orderBy: { id: 'asc' } })) as Array<{ id: number }>).map((r) => r.id);

  it(`answers ${CASES} generated postbacks without a 5xx, and a refused one changes nothing`, async () => {
    const random = prng(SEED);
    const starts = seeds();
    const credentials = {
      username: stack.app.strapi.plugin('scorm-cloud').service('config').get().postback.username,
      password: passwordFor(stack, SAMPLE_REGISTRATION_ID),
    };
    const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    const postbacks = stack.app.strapi.plugin('scorm-cloud').service('postbacks');
    const statuses: Record<number, number> = {};
    const problems: string[] = [];
    let before = { registration: await registrationState(), inbox: await inboxIds() };
    for (let n = 0; n < CASES; n++) {
      if (n % RESET_EVERY === 0) postbacks.resetRateLimit();
      let contentType: string | undefined;
      let authorization: string | undefined;
      let body: Buffer;
      if (n % 5 < 4) {
        const seed = starts[n % starts.length]!;
        ({ contentType, authorization, body } = envelope(mutate(seed.text, random), seed.wire, random, credentials, MAX_BYTES));
      } else {
        body = Buffer.alloc(Math.floor(random() * 2048));
        for (let i = 0; i < body.length; i++) body[i] = Math.floor(random() * 256);
        contentType = [undefined, FORM, 'text/xml', 'application/json', 'multipart/form-data; boundary=x'][n % 5];
        authorization = n % 3 === 0 ? basic : undefined;
      }
      const headers: Record<string, string> = {};
      if (contentType) headers['content-type'] = contentType;
      if (authorization) headers.authorization = authorization;
      const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual' });
      const text = await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const label = `case ${n} (seed ${SEED})`;
      if (res.status >= 500) problems.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
      else if (res.status !== 200 && !/"message":"[^"]+"/.test(text)) problems.push(`${label}: ${res.status} without a message`);
      const after = { registration: await registrationState(), inbox: await inboxIds() };
      if (res.status !== 200) {
        if (after.registration !== before.registration) problems.push(`${label}: refused with ${res.status}, yet the registration changed`);
        // An authenticated postback whose report cannot be read is kept, marked invalid, for the editor to see; the answer names it.
        const added = after.inbox.filter((id) => !before.inbox.includes(id));
        const named = res.status === 400 ? (JSON.parse(text) as { error?: { details?: { inboxId?: number } } }).error?.details?.inboxId : undefined;
        if (added.length > 1 || (added.length === 1 && added[0] !== named))
          problems.push(`${label}: refused with ${res.status}, yet the inbox gained ${JSON.stringify(added)}`);
        if (added.length === 1 && (await stack.app.strapi.db.query(INBOX_UID).findOne({ where: { id: added[0] } })).outcome !== 'invalid')
          problems.push(`${label}: the row kept for a refused postback is not marked invalid`);
        if (after.inbox.length < before.inbox.length) problems.push(`${label}: inbox rows disappeared`);
      }
      before = after;
      if (problems.length >= 20) break;
    }
    expect(problems).toEqual([]);
    // The cases reached the merge rule and each kind of refusal, so all of them were tested.
    expect(Object.keys(statuses).map(Number).sort()).toEqual(expect.arrayContaining([200, 400, 401]));
    console.log(`[postback-route-fuzz] ${database}: ${JSON.stringify(statuses)}`);
  });

  it("stores a genuine report whose activity titles hold an escaped NUL, which PostgreSQL's JSON cannot keep, with U+FFFD in its place", async () => {
    const title = 'Golf\u0000 basics';
    const json = buildRegistrationJson(
      report(SAMPLE_REGISTRATION_ID, {
        format: 'activity',
        complete: 'complete',
        totalTimeSeconds: 999_999,
        activity: { id: 'org', title, attempts: 1, complete: 'complete', success: 'unknown', score: null, timeSeconds: 999_999, children: [] },
      }),
    );
    const body = new URLSearchParams({ data: JSON.stringify(json), userName: 'scorm-cloud', password: passwordFor(stack, SAMPLE_REGISTRATION_ID) }).toString();
    expect(body).toContain(encodeURIComponent('\\u0000'));
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': FORM }, body });
    expect(res.status).toBe(200);
    const row = await stack.app.strapi.db.query(REG_UID).findOne({ where: { registrationId: SAMPLE_REGISTRATION_ID } });
    expect(row).toMatchObject({ cloudTotalTime: 999_999, reportDetail: { title: 'Golf\uFFFD basics' } });
  });
});
