/**
 * Issue 12, the postback route under attack: bad posts cannot make genuine postbacks answer 429, an
 * oversized or stalled body is refused without being read, and a replayed report is recorded once.
 */
import http from 'node:http';
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { INBOX_UID, POSTBACK_SECRET, listen, postReport, registrationRow, report, seedCourse, seedRegistration } from './results-fixtures';

interface RawAnswer {
  status: number;
  body: string;
  /** Whether the request body had been sent in full when the answer came. */
  bodyComplete: boolean;
}

/**
 * Announces `contentLength` bytes but sends only `sent`, then waits for the answer without ever
 * finishing the body: only a server that answers before reading the whole body (or gives up on a
 * stalled one) answers at all. Plain node:http, since supertest always sends the whole body.
 */
function postPartial(baseUrl: string, contentLength: number, sent: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}/api/scorm-cloud/postback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(contentLength) },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, bodyComplete: false });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(sent);
  });
}

describe.each(availableDatabases())('postback hardening (%s)', (database) => {
  let stack: Stack;
  let baseUrl: string;
  let course: { id: number; courseId: string };
  let seq = 0;
  const newRegistration = async () => {
    const registrationId = `hpb-${database}-${++seq}`;
    await seedRegistration(stack, { registrationId, course, baseUrl });
    return registrationId;
  };
  const inboxCount = (where: Record<string, unknown> = {}) => stack.app.strapi.db.query(INBOX_UID).count({ where });
  const postbacks = () => stack.app.strapi.plugin('scorm-cloud').service('postbacks');

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { postback: { secret: POSTBACK_SECRET } } });
    baseUrl = await listen(stack);
    course = await seedCourse(stack, `course-hpb-${database}`);
  });
  afterAll(async () => {
    await stack?.destroy();
  });
  beforeEach(() => {
    postbacks().resetRateLimit();
  });

  describe('the failure limiter', () => {
    it('never refuses a genuine postback, however many bad ones came from the same address first', async () => {
      const regId = await newRegistration();
      const statuses: number[] = [];
      for (let i = 0; i < 70; i++) statuses.push((await postReport(stack, report(regId, { totalTimeSeconds: 1 }), { password: `guess-${i}` })).status);
      // The bad posts themselves are limited...
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses[statuses.length - 1]).toBe(429);
      // ...but the genuine one, from the same address for the same registration, is stored and applied.
      const genuine = await postReport(stack, report(regId, { complete: 'complete', success: 'passed', score: 75, totalTimeSeconds: 40 }));
      expect(genuine.status).toBe(200);
      expect(genuine.body.data.outcome).toBe('applied');
      expect((await registrationRow(stack, regId)).cloudComplete).toBe('complete');
      expect(await inboxCount({ registrationId: regId })).toBe(1);
    });

    it('limits failed guesses per registration (21st answers 429 with Retry-After), not the address’s other registrations', async () => {
      const target = await newRegistration();
      const other = await newRegistration();
      const before = await registrationRow(stack, target);
      for (let i = 0; i < 20; i++) expect((await postReport(stack, report(target, { totalTimeSeconds: 5 }), { password: `guess-${i}` })).status).toBe(401);
      const limited = await postReport(stack, report(target, { totalTimeSeconds: 5 }), { password: 'guess-20' });
      expect(limited.status).toBe(429);
      expect(limited.body.error).toMatchObject({ name: 'TooManyRequestsError', details: { code: 'TOO_MANY_REQUESTS' } });
      expect(limited.body.error.message).toMatch(/registration/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Another registration from the same address is still only refused for its bad password.
      expect((await postReport(stack, report(other, { totalTimeSeconds: 5 }), { password: 'guess' })).status).toBe(401);
      // Nothing was stored or changed by any refusal; the genuine sender still gets through.
      expect(await inboxCount({ registrationId: target })).toBe(0);
      expect((await registrationRow(stack, target)).cloudTotalTime).toBe(before.cloudTotalTime);
      expect((await postReport(stack, report(target, { totalTimeSeconds: 6 }))).status).toBe(200);
    });

    it('limits failed guesses per address across registrations (61st answers 429)', async () => {
      const statuses: number[] = [];
      // Six registrations, ten guesses each: none reaches its own limit, the address reaches its own.
      for (let r = 0; r < 6; r++) {
        const regId = `hpb-guessed-${database}-${r}`;
        for (let i = 0; i < 10; i++) statuses.push((await postReport(stack, report(regId, { totalTimeSeconds: 1 }), { password: `g-${i}` })).status);
      }
      expect(statuses.every((s) => s === 401)).toBe(true);
      const fresh = await newRegistration();
      const limited = await postReport(stack, report(fresh, { totalTimeSeconds: 1 }), { password: 'g' });
      expect(limited.status).toBe(429);
      expect(limited.body.error.message).toMatch(/address/);
      expect((await postReport(stack, report(fresh, { totalTimeSeconds: 2 }))).status).toBe(200);
    });
  });

  describe('bodies', () => {
    it('refuses a Content-Length above postback.maxBytes with 413 before reading the body', async () => {
      const inboxBefore = await inboxCount();
      const maxBytes = 1_048_576; // the default of postback.maxBytes
      const answer = await postPartial(baseUrl, maxBytes + 1, 'data=');
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).error).toMatchObject({ name: 'PayloadTooLargeError', details: { code: 'POSTBACK_TOO_LARGE', maxBytes } });
      expect(JSON.parse(answer.body).error.message).toContain(String(maxBytes));
      expect(await inboxCount()).toBe(inboxBefore);
    });

    it('answers a stalled body with 408 once it has been idle for the body timeout', async () => {
      const inboxBefore = await inboxCount();
      const service = postbacks();
      const saved = service.limits.bodyIdleTimeoutMs;
      service.limits.bodyIdleTimeoutMs = 300;
      try {
        const started = Date.now();
        const answer = await postPartial(baseUrl, 200, 'data=%3Cregistrationreport');
        expect(answer.status).toBe(408);
        expect(JSON.parse(answer.body).error).toMatchObject({ name: 'PostbackTimeoutError', details: { code: 'POSTBACK_TIMEOUT' } });
        // Cut off after the idle timeout, not after Node's five-minute request timeout.
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        service.limits.bodyIdleTimeoutMs = saved;
      }
      expect(await inboxCount()).toBe(inboxBefore);
    }, 15_000);
  });

  it('records a replayed identical postback once, and a different report again', async () => {
    const regId = await newRegistration();
    const first = report(regId, { complete: 'complete', totalTimeSeconds: 30 });
    const a = await postReport(stack, first);
    expect(a.status).toBe(200);
    expect(a.body.data.outcome).toBe('applied');
    const again = await postReport(stack, first);
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(a.body.data.id);
    // The same report the other way (HTTP Basic for a form registration) is not the Cloud: refused, not recorded.
    expect((await postReport(stack, first, { authType: 'httpbasic' })).status).toBe(401);
    expect(await inboxCount({ registrationId: regId })).toBe(1);
    const newer = await postReport(stack, report(regId, { complete: 'complete', success: 'passed', totalTimeSeconds: 45 }));
    expect(newer.status).toBe(200);
    expect(newer.body.data.id).not.toBe(a.body.data.id);
    expect(await inboxCount({ registrationId: regId })).toBe(2);
    expect((await registrationRow(stack, regId)).cloudTotalTime).toBe(45);
  });

  it('follows a registration made anew under the same ID with the other postback authentication', async () => {
    const registrationId = `hpb-${database}-remade`;
    await seedRegistration(stack, { registrationId, course, baseUrl, authType: 'form' });
    expect((await postReport(stack, report(registrationId, { totalTimeSeconds: 10 }))).status).toBe(200);
    await stack.app.strapi.db.query('plugin::scorm-cloud.registration').delete({ where: { registrationId } });
    await seedRegistration(stack, { registrationId, course, baseUrl, authType: 'httpbasic', cloud: false });
    expect((await postReport(stack, report(registrationId, { totalTimeSeconds: 20 }), { authType: 'httpbasic' })).status).toBe(200);
    expect((await postReport(stack, report(registrationId, { totalTimeSeconds: 30 }))).status).toBe(401);
    expect((await registrationRow(stack, registrationId)).cloudTotalTime).toBe(20);
  });

  it('records identical postbacks arriving together once', async () => {
    const regId = await newRegistration();
    const same = report(regId, { complete: 'complete', success: 'passed', score: 60, totalTimeSeconds: 25 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => postReport(stack, same)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.body.data.id)).size).toBe(1);
    expect(await inboxCount({ registrationId: regId })).toBe(1);
    expect((await registrationRow(stack, regId)).cloudTotalTime).toBe(25);
  });
});
