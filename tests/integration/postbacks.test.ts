import { eventually } from '../helpers/eventually';
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { INBOX_UID, POSTBACK_SECRET, listen, postReport, registrationRow, report, seedCourse, seedRegistration } from './results-fixtures';

const RESULT_COLUMNS = ['cloudComplete', 'cloudSuccess', 'cloudScore', 'cloudTotalTime', 'instanceId', 'reportedAt', 'complete', 'success', 'score'];
const pick = (row: Record<string, any>) => Object.fromEntries(RESULT_COLUMNS.map((k) => [k, row[k]]));

describe.each(availableDatabases())('postback route (%s)', (database) => {
  let stack: Stack;
  let baseUrl: string;
  let course: { id: number; courseId: string };
  let seq = 0;
  const newRegistration = async (extra: Partial<Parameters<typeof seedRegistration>[1]> = {}) => {
    const registrationId = `pb-${database}-${++seq}`;
    await seedRegistration(stack, { registrationId, course, baseUrl, ...extra });
    return registrationId;
  };
  const inboxCount = () => stack.app.strapi.db.query(INBOX_UID).count({});
  /** Inbox rows of a registration that are stored and applied (or found stale): `received` is still in flight. */
  const settled = (regId: string) => stack.app.strapi.db.query(INBOX_UID).count({ where: { registrationId: regId, outcome: { $ne: 'received' } } });

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { postback: { secret: POSTBACK_SECRET } } });
    baseUrl = await listen(stack);
    course = await seedCourse(stack, `course-pb-${database}`);
  });
  afterAll(async () => {
    await stack?.destroy();
  });
  beforeEach(() => {
    stack.app.strapi.plugin('scorm-cloud').service('postbacks').resetRateLimit();
  });

  it('stores a form postback in the inbox and applies it', async () => {
    const regId = await newRegistration();
    const res = await postReport(stack, report(regId, { complete: 'complete', success: 'passed', score: 87.5, totalTimeSeconds: 120 }));
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ outcome: 'applied' });
    const row = await registrationRow(stack, regId);
    expect(pick(row)).toMatchObject({ cloudComplete: 'complete', cloudSuccess: 'passed', cloudTotalTime: 120, complete: 'complete', success: 'passed' });
    expect(Number(row.score)).toBe(87.5);
    expect(row.reportSource).toBe('postback');
    const inbox = await stack.app.strapi.db.query(INBOX_UID).findMany({ where: { registrationId: regId } });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ outcome: 'applied', authType: 'form' });
    // Only the report is kept, never the credentials that came with it.
    expect(inbox[0].body).toMatch(/^<registrationreport/);
    expect(inbox[0].body).not.toContain('password');
  });

  it('accepts httpbasic postbacks, bare or wrapped in rsp', async () => {
    const regId = await newRegistration({ authType: 'httpbasic' });
    const bare = await postReport(stack, report(regId, { totalTimeSeconds: 10 }), { authType: 'httpbasic' });
    expect(bare.status).toBe(200);
    const wrapped = await postReport(stack, report(regId, { totalTimeSeconds: 20, complete: 'complete' }), { authType: 'httpbasic', envelope: true });
    expect(wrapped.status).toBe(200);
    expect(wrapped.body.data.outcome).toBe('applied');
    expect((await registrationRow(stack, regId)).cloudTotalTime).toBe(20);
  });

  it('takes a large full report past koa-body’s 56 kb form limit', async () => {
    const regId = await newRegistration();
    const activity = {
      id: 'ROOT',
      title: 'Root',
      attempts: 1,
      complete: 'complete' as const,
      success: 'passed' as const,
      score: 90,
      timeSeconds: 300,
      children: [],
      runtime: { suspend_data: 'x'.repeat(150_000) },
    };
    const res = await postReport(stack, report(regId, { format: 'full', complete: 'complete', success: 'passed', score: 90, totalTimeSeconds: 300, activity }));
    expect(res.status).toBe(200);
    const row = await registrationRow(stack, regId);
    expect(row.cloudComplete).toBe('complete');
    expect(row.reportDetail).toMatchObject({ id: 'ROOT' });
  });

  describe('refuses, stores nothing and changes nothing', () => {
    let regId: string;
    let before: Record<string, any>;
    let inboxBefore: number;
    beforeAll(async () => {
      regId = await newRegistration();
      expect((await postReport(stack, report(regId, { totalTimeSeconds: 30, complete: 'incomplete' }))).status).toBe(200);
    });
    beforeEach(async () => {
      before = pick(await registrationRow(stack, regId));
      inboxBefore = await inboxCount();
    });
    afterEach(async () => {
      expect(pick(await registrationRow(stack, regId))).toEqual(before);
      expect(await inboxCount()).toBe(inboxBefore);
    });
    const newer = () => report(regId, { complete: 'complete', success: 'passed', score: 100, totalTimeSeconds: 999 });

    it('a wrong password (401)', async () => {
      const res = await postReport(stack, newer(), { password: 'not-the-password' });
      expect(res.status).toBe(401);
      expect(res.headers.location).toBeUndefined();
    });

    it('another registration’s password (401)', async () => {
      const other = await newRegistration();
      const { passwordFor } = await import('./results-fixtures');
      inboxBefore = await inboxCount();
      expect((await postReport(stack, newer(), { password: passwordFor(stack, other) })).status).toBe(401);
    });

    it('a wrong username (401)', async () => {
      expect((await postReport(stack, newer(), { username: 'someone' })).status).toBe(401);
      expect((await postReport(stack, newer(), { username: 'someone', authType: 'httpbasic' })).status).toBe(401);
    });

    it('missing credentials (401) and a missing report (400)', async () => {
      const xml = (await import('../../server/src/cloud')).buildRegistrationReportXml(newer());
      const noPassword = await stack.app
        .request()
        .post('/api/scorm-cloud/postback')
        .type('form')
        .send(new URLSearchParams({ data: xml, username: 'scorm-cloud' }).toString());
      expect(noPassword.status).toBe(401);
      const noData = await stack.app
        .request()
        .post('/api/scorm-cloud/postback')
        .type('form')
        .send(new URLSearchParams({ username: 'scorm-cloud', password: 'x' }).toString());
      expect(noData.status).toBe(400);
      const nothing = await stack.app.request().post('/api/scorm-cloud/postback').set('content-type', 'text/xml').send(xml);
      expect(nothing.status).toBe(401);
    });

    it('an XXE payload (400)', async () => {
      const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><registrationreport format="course" regid="${regId}" instanceid="0"><complete>&xxe;</complete><success>passed</success><totaltime>999</totaltime><score>100</score></registrationreport>`;
      const res = await postReport(stack, xxe);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toContain('root:');
    });

    it('a billion-laughs payload (400)', async () => {
      const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><registrationreport format="course" regid="${regId}" instanceid="0"><complete>&lol3;</complete><success>passed</success><totaltime>999</totaltime><score>100</score></registrationreport>`;
      expect((await postReport(stack, lol)).status).toBe(400);
      expect((await postReport(stack, lol, { authType: 'httpbasic' })).status).toBe(400);
    });

    it('2 MB of garbage (413: its Content-Length is over postback.maxBytes), form or raw', async () => {
      const garbage = Buffer.alloc(2 * 1024 * 1024, 'A').toString();
      const form = await postReport(stack, garbage);
      expect(form.status).toBe(413);
      const raw = await stack.app
        .request()
        .post('/api/scorm-cloud/postback')
        .set('content-type', 'application/octet-stream')
        .set('authorization', `Basic ${Buffer.from('scorm-cloud:x').toString('base64')}`)
        .send(Buffer.alloc(2 * 1024 * 1024, 7));
      expect(raw.status).toBe(413);
    });

    it('XML that is not a registration report (400)', async () => {
      expect((await postReport(stack, `<rsp stat="ok"><success/></rsp>`)).status).toBe(400);
      expect((await postReport(stack, 'not xml at all')).status).toBe(400);
    });
  });

  it('records a stale report without applying it (200)', async () => {
    const regId = await newRegistration();
    await postReport(stack, report(regId, { complete: 'complete', success: 'passed', score: 80, totalTimeSeconds: 100 }));
    const res = await postReport(stack, report(regId, { complete: 'incomplete', success: 'unknown', totalTimeSeconds: 50 }));
    expect(res.status).toBe(200);
    expect(res.body.data.outcome).toBe('stale');
    expect(await registrationRow(stack, regId)).toMatchObject({ cloudComplete: 'complete', cloudTotalTime: 100 });
    const inbox = await stack.app.strapi.db.query(INBOX_UID).findMany({ where: { registrationId: regId }, orderBy: { id: 'asc' } });
    expect(inbox.map((r: any) => r.outcome)).toEqual(['applied', 'stale']);
  });

  it('records an authenticated report for an unknown registration (200) so the Cloud stops retrying', async () => {
    const res = await postReport(stack, report(`unknown-${database}`, { complete: 'complete' }));
    expect(res.status).toBe(200);
    expect(res.body.data.outcome).toBe('unknown-registration');
    expect(await stack.app.strapi.db.query(INBOX_UID).count({ where: { registrationId: `unknown-${database}` } })).toBe(1);
  });

  it('applies a report of a new instance (after a reset) even with less time', async () => {
    const regId = await newRegistration();
    await postReport(stack, report(regId, { complete: 'complete', totalTimeSeconds: 500 }));
    expect((await postReport(stack, report(regId, { instanceId: 1, complete: 'incomplete', totalTimeSeconds: 5 }))).body.data.outcome).toBe('applied');
    expect(await registrationRow(stack, regId)).toMatchObject({ instanceId: 1, cloudTotalTime: 5, complete: 'incomplete' });
  });

  it('applies twenty copies of one postback arriving at once as one change (one completed event)', async () => {
    const regId = await newRegistration();
    const seen: unknown[] = [];
    const listener = async (payload: any) => {
      if (payload.registration.registrationId === regId) seen.push(payload);
    };
    stack.app.strapi.eventHub.on('scorm-cloud.registration.completed', listener);
    try {
      const r = report(regId, { complete: 'complete', success: 'passed', score: 70, totalTimeSeconds: 60 });
      const answers = await Promise.all(Array.from({ length: 20 }, () => postReport(stack, r)));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(seen).toHaveLength(1);
    } finally {
      stack.app.strapi.eventHub.off('scorm-cloud.registration.completed', listener);
    }
  });

  it('keeps the newest of concurrent reports arriving in any order', async () => {
    const regId = await newRegistration();
    const times = [40, 10, 50, 30, 20, 60, 5, 45];
    const answers = await Promise.all(
      times.map((t) => postReport(stack, report(regId, { complete: t === 60 ? 'complete' : 'incomplete', score: t, totalTimeSeconds: t }))),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const row = await registrationRow(stack, regId);
    expect(row).toMatchObject({ cloudTotalTime: 60, cloudComplete: 'complete', complete: 'complete' });
    expect(Number(row.cloudScore)).toBe(60);
  });

  it('ends with the newest state when the emulator delivers duplicates', async () => {
    const regId = await newRegistration();
    await stack.control('postbacks/mode', { mode: 'duplicate', copies: 2 });
    try {
      await stack.control(`registrations/${regId}/runtime`, { completion: 'incomplete', sessionTime: 30, score: 40 });
      await stack.control(`registrations/${regId}/runtime`, { completion: 'completed', success: 'passed', sessionTime: 30, score: 90 });
      // Each copy is delivered, but identical reports are recorded once.
      await eventually('the registration to hold the last report', async () => (await registrationRow(stack, regId)).cloudTotalTime === 60);
    } finally {
      await stack.control('postbacks/mode', { mode: 'normal' });
    }
    const inbox = await stack.app.strapi.db.query(INBOX_UID).findMany({ where: { registrationId: regId } });
    expect(inbox.length).toBeGreaterThanOrEqual(2);
    expect(new Set(inbox.map((r: any) => r.body)).size).toBe(inbox.length);
    expect(await settled(regId)).toBe(inbox.length);
    const row = await registrationRow(stack, regId);
    expect(row).toMatchObject({ cloudComplete: 'complete', cloudSuccess: 'passed', cloudTotalTime: 60, complete: 'complete', success: 'passed' });
    expect(Number(row.score)).toBe(90);
  });

  it('ends with the newest state when the emulator delivers out of order', async () => {
    const regId = await newRegistration({ authType: 'httpbasic' });
    await stack.control('postbacks/mode', { mode: 'outOfOrder' });
    try {
      await stack.control(`registrations/${regId}/runtime`, { completion: 'incomplete', sessionTime: 10, score: 10 });
      await stack.control(`registrations/${regId}/runtime`, { completion: 'incomplete', sessionTime: 10, score: 20 });
      await stack.control(`registrations/${regId}/runtime`, { completion: 'completed', success: 'failed', sessionTime: 10, score: 30 });
      await stack.control('postbacks/release', {});
      await eventually('(await settled(regId)) >= 3', async () => (await settled(regId)) >= 3);
    } finally {
      await stack.control('postbacks/mode', { mode: 'normal' });
    }
    const inbox = await stack.app.strapi.db.query(INBOX_UID).findMany({ where: { registrationId: regId }, orderBy: { id: 'asc' } });
    expect(inbox.map((r: any) => r.outcome)).toEqual(['applied', 'stale', 'stale']);
    const row = await registrationRow(stack, regId);
    expect(row).toMatchObject({ cloudComplete: 'complete', cloudSuccess: 'failed', cloudTotalTime: 30, success: 'failed' });
    expect(Number(row.cloudScore)).toBe(30);
  });

  it('limits failed attempts per address, never successful ones', async () => {
    const regId = await newRegistration();
    const bad = report(regId, { totalTimeSeconds: 1 });
    let status = 0;
    for (let i = 0; i < 61 && status !== 429; i++) status = (await postReport(stack, bad, { password: 'guess' })).status;
    expect(status).toBe(429);
    stack.app.strapi.plugin('scorm-cloud').service('postbacks').resetRateLimit();
    expect((await postReport(stack, bad)).status).toBe(200);
  });

  it('lists a registration’s postbacks for editors (registrations.read) and replays one', async () => {
    const regId = await newRegistration();
    await postReport(stack, report(regId, { complete: 'complete', totalTimeSeconds: 10 }));
    const denied = await stack.app.adminTokenWith([]);
    expect((await stack.app.request().get(`/scorm-cloud/registrations/${regId}/postbacks`).set('Authorization', `Bearer ${denied}`)).status).toBe(403);
    const token = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read', 'plugin::scorm-cloud.registrations.refresh']);
    const list = await stack.app.request().get(`/scorm-cloud/registrations/${regId}/postbacks`).set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ registrationId: regId, outcome: 'applied', authType: 'form' });
    expect(JSON.stringify(list.body)).not.toContain(POSTBACK_SECRET);
    const replay = await stack.app.request().post(`/scorm-cloud/postbacks/${list.body.data[0].id}/replay`).set('Authorization', `Bearer ${token}`);
    expect(replay.status).toBe(200);
    expect(replay.body.data).toMatchObject({ outcome: 'applied', registrationId: regId });
  });

  it('deletes inbox rows older than the retention period', async () => {
    const inbox = stack.app.strapi.db.query(INBOX_UID);
    const old = await inbox.create({ data: { registrationId: 'old', receivedAt: new Date(Date.now() - 31 * 86_400_000), outcome: 'applied', body: '<x/>' } });
    const recent = await inbox.create({
      data: { registrationId: 'recent', receivedAt: new Date(Date.now() - 29 * 86_400_000), outcome: 'applied', body: '<x/>' },
    });
    const removed = await stack.app.strapi.plugin('scorm-cloud').service('postbacks').purgeInbox();
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await inbox.findOne({ where: { id: old.id } })).toBeNull();
    expect(await inbox.findOne({ where: { id: recent.id } })).not.toBeNull();
  });
});
