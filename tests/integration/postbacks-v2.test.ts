import { describeOn } from '../helpers/api-version';
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { INBOX_UID, POSTBACK_SECRET, postJsonReport, postReport, registrationRow, report, seedCourse, seedRegistration } from './results-fixtures';

/**
 * V2 JSON postbacks on the one postback route. The route decides the format by content, not by
 * `apiVersion`, so this suite runs in the V2 project only (the V1 project would repeat it unchanged).
 */
describeOn('v2', 'V2 JSON postbacks', 'the route reads both formats whatever apiVersion says', () => {
  describe.each(availableDatabases())('on %s', (database) => {
    let stack: Stack;
    let course: { id: number; courseId: string };
    let seq = 0;
    const newRegistration = async (authType?: 'form' | 'httpbasic') => {
      const registrationId = `pb2-${database}-${++seq}`;
      await seedRegistration(stack, { registrationId, course, authType });
      return registrationId;
    };
    const inboxOf = (registrationId: string) => stack.app.strapi.db.query(INBOX_UID).findMany({ where: { registrationId }, orderBy: { id: 'asc' } });

    beforeAll(async () => {
      stack = await bootStack({ database, pluginConfig: { postback: { secret: POSTBACK_SECRET } } });
      course = await seedCourse(stack, `course-pb2-${database}`);
    });
    afterAll(async () => {
      await stack?.destroy();
    });
    beforeEach(() => {
      stack.app.strapi.plugin('scorm-cloud').service('postbacks').resetRateLimit();
    });

    it('applies a form postback whose credentials come as userName (the V2 guide) or username', async () => {
      const a = await newRegistration();
      const res = await postJsonReport(stack, report(a, { complete: 'complete', success: 'passed', score: 91, totalTimeSeconds: 60 }), {
        usernameField: 'userName',
      });
      expect(res.status).toBe(200);
      expect(res.body.data.outcome).toBe('applied');
      expect(await registrationRow(stack, a)).toMatchObject({ cloudComplete: 'complete', cloudSuccess: 'passed', cloudTotalTime: 60, complete: 'complete' });
      const b = await newRegistration();
      expect((await postJsonReport(stack, report(b, { complete: 'incomplete', totalTimeSeconds: 5 }), { usernameField: 'username' })).status).toBe(200);
      expect((await registrationRow(stack, b)).cloudTotalTime).toBe(5);
      const [stored] = await inboxOf(a);
      // The JSON report is what is kept, never the credentials beside it.
      expect(stored).toMatchObject({ outcome: 'applied', authType: 'form' });
      expect(JSON.parse(stored.body)).toMatchObject({ id: a, registrationCompletion: 'COMPLETED', registrationSuccess: 'PASSED' });
      expect(stored.body).not.toContain('password');
    });

    it('applies an httpbasic postback with a JSON body', async () => {
      const regId = await newRegistration('httpbasic');
      const res = await postJsonReport(stack, report(regId, { complete: 'complete', success: 'failed', score: 40, totalTimeSeconds: 12 }), {
        authType: 'httpbasic',
      });
      expect(res.status).toBe(200);
      expect(await registrationRow(stack, regId)).toMatchObject({ cloudComplete: 'complete', cloudSuccess: 'failed', success: 'failed' });
      expect((await inboxOf(regId))[0].authType).toBe('httpbasic');
    });

    it("accepts a registration's postbacks only the way the Cloud was told to send them: the other way is 401 and stores nothing", async () => {
      // Recorded at creation: HTTP Basic. Form fields with the right password are not the Cloud.
      const basic = await newRegistration('httpbasic');
      const asForm = await postJsonReport(stack, report(basic, { complete: 'complete', totalTimeSeconds: 9 }));
      expect(asForm.status).toBe(401);
      expect(asForm.body.error.message).toMatch(/sent with HTTP Basic authentication/);
      expect(await inboxOf(basic)).toHaveLength(0);
      expect((await registrationRow(stack, basic)).cloudComplete).toBe('unknown');
      expect((await postJsonReport(stack, report(basic, { complete: 'complete', totalTimeSeconds: 9 }), { authType: 'httpbasic' })).status).toBe(200);

      // Nothing recorded (made before the plugin kept it): the configured postback.authType, form.
      const older = await newRegistration();
      const asBasic = await postJsonReport(stack, report(older, { complete: 'complete', totalTimeSeconds: 9 }), { authType: 'httpbasic' });
      expect(asBasic.status).toBe(401);
      expect(asBasic.body.error.message).toMatch(/sent as form fields/);
      expect(await inboxOf(older)).toHaveLength(0);
      expect((await postJsonReport(stack, report(older, { complete: 'complete', totalTimeSeconds: 9 }))).status).toBe(200);
    });

    it('refuses a wrong password (401) and stores nothing', async () => {
      const regId = await newRegistration();
      const form = await postJsonReport(stack, report(regId, { complete: 'complete' }), { password: 'guess' });
      const basic = await postJsonReport(stack, report(regId, { complete: 'complete' }), { password: 'guess', authType: 'httpbasic' });
      expect([form.status, basic.status]).toEqual([401, 401]);
      expect(await inboxOf(regId)).toHaveLength(0);
      expect((await registrationRow(stack, regId)).cloudComplete).toBe('unknown');
    });

    it('refuses JSON that is not a registration (400)', async () => {
      const regId = await newRegistration();
      // No registration id can be read from these, so there is nothing to authenticate against: 400.
      for (const body of ['[1,2,3]', '{"hello":"world"}', '"a string"', '{"id": 42}', '{"id": "x", ']) {
        const res = await stack.app
          .request()
          .post('/api/scorm-cloud/postback')
          .set('content-type', 'application/json')
          .set('authorization', `Basic ${Buffer.from('scorm-cloud:x').toString('base64')}`)
          .send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      // Authenticated, with an id, but not a registration: kept for a human and refused so the sender knows.
      const res = await postJsonReport(stack, JSON.stringify({ id: regId, registrationCompletion: 'MAYBE' }));
      expect(res.status).toBe(400);
      const inbox = await inboxOf(regId);
      expect(inbox).toHaveLength(1);
      expect(inbox[0].outcome).toBe('invalid');
      expect((await registrationRow(stack, regId)).cloudComplete).toBe('unknown');
    });

    it('refuses 2 MB of garbage (413: its Content-Length is over postback.maxBytes), form or raw', async () => {
      const garbage = 'x'.repeat(2 * 1024 * 1024);
      const raw = await stack.app
        .request()
        .post('/api/scorm-cloud/postback')
        .set('content-type', 'application/json')
        .set('authorization', 'Basic c2Nvcm0tY2xvdWQ6eA==')
        .send(garbage);
      const form = await stack.app.request().post('/api/scorm-cloud/postback').type('form').send(`data=${garbage}&userName=scorm-cloud&password=x`);
      expect([raw.status, form.status]).toEqual([413, 413]);
    });

    it('applies a duplicate again without change, and records an older report as stale', async () => {
      const regId = await newRegistration();
      const newer = report(regId, { complete: 'complete', success: 'passed', totalTimeSeconds: 30, updatedAt: new Date('2024-05-01T10:00:30.000Z') });
      const older = report(regId, { complete: 'incomplete', totalTimeSeconds: 20, updatedAt: new Date('2024-05-01T10:00:20.000Z') });
      expect((await postJsonReport(stack, newer)).body.data.outcome).toBe('applied');
      expect((await postJsonReport(stack, newer)).body.data.outcome).toBe('applied');
      expect((await postJsonReport(stack, older)).body.data.outcome).toBe('stale');
      expect(await registrationRow(stack, regId)).toMatchObject({ cloudComplete: 'complete', cloudTotalTime: 30 });
    });

    it('orders a V1 XML report and a V2 JSON report of one registration by tracked time', async () => {
      const regId = await newRegistration();
      expect(
        (await postJsonReport(stack, report(regId, { complete: 'incomplete', totalTimeSeconds: 50, updatedAt: new Date('2024-05-01T10:00:50Z') }))).body.data
          .outcome,
      ).toBe('applied');
      // V1 reports carry no update time: the older V1 report (less time) is stale, a newer one wins.
      expect((await postReport(stack, report(regId, { complete: 'complete', totalTimeSeconds: 40 }))).body.data.outcome).toBe('stale');
      expect((await postReport(stack, report(regId, { complete: 'complete', totalTimeSeconds: 70 }))).body.data.outcome).toBe('applied');
      expect(await registrationRow(stack, regId)).toMatchObject({ cloudComplete: 'complete', cloudTotalTime: 70 });
    });
  });
});
