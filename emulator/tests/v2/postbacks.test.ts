import { eventually } from '../../../tests/helpers/eventually';
import type { RunningEmulator } from '../../src';
import { control, receiver, scorm12Single, start } from '../helpers';
import { createRegV2, importV2, v2 } from './helpers';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
  await importV2(emu, 'pc', await scorm12Single('Postback Course'));
});
afterAll(() => emu.close());
afterEach(() => control(emu, 'postbacks/mode', { mode: 'normal' }));

const complete = (regId: string, score = 80) => control(emu, `registrations/${regId}/runtime`, { success: 'passed', score, sessionTime: 30 });
const got = (rx: { received: unknown[] }, n: number, what: string) =>
  eventually('rx.received.length >= n', () => rx.received.length >= n).catch(() => {
    throw new Error(`the receiver did not get ${n} postback(s) (${what}); it has ${rx.received.length}`);
  });

describe('V2 JSON postbacks', () => {
  it('FORM: urlencoded data=<RegistrationSchema JSON>&userName&password, COURSE = top level only', async () => {
    const rx = await receiver();
    try {
      await createRegV2(emu, 'pc', 'pb-form', { postBack: { url: rx.url, authType: 'FORM', userName: 'user', password: 'pa ss', resultsFormat: 'COURSE' } });
      await complete('pb-form');
      await got(rx, 1, 'form postback of pb-form');
      const msg = rx.received[0];
      expect(msg.contentType).toMatch(/^application\/x-www-form-urlencoded/);
      expect(msg.form!.get('userName')).toBe('user');
      expect(msg.form!.get('password')).toBe('pa ss');
      const data = JSON.parse(msg.form!.get('data')!);
      expect(data).toMatchObject({
        id: 'pb-form',
        registrationCompletion: 'COMPLETED',
        registrationSuccess: 'PASSED',
        score: { scaled: 80 },
        totalSecondsTracked: 30,
        course: { id: 'pc' },
      });
      expect(data.activityDetails).toBeUndefined();
      const fromGet = (await v2(emu, 'GET', '/registrations/pb-form')).json;
      expect(data).toEqual(fromGet);
    } finally {
      await rx.close();
    }
  });

  it('HTTPBASIC: application/json body with Basic auth; ACTIVITY adds activityDetails with children, FULL adds runtime', async () => {
    const rx = await receiver();
    try {
      await createRegV2(emu, 'pc', 'pb-basic', { postBack: { url: rx.url, authType: 'HTTPBASIC', userName: 'u', password: 'p', resultsFormat: 'ACTIVITY' } });
      await createRegV2(emu, 'pc', 'pb-full', { postBack: { url: rx.url, authType: 'HTTPBASIC', resultsFormat: 'FULL' } });
      await complete('pb-basic');
      await got(rx, 1, 'httpbasic postback of pb-basic');
      await complete('pb-full');
      await got(rx, 2, 'httpbasic postback of pb-full');
      const [activity, full] = rx.received;
      expect(activity.contentType).toBe('application/json; charset=UTF-8');
      expect(activity.authorization).toBe('Basic ' + Buffer.from('u:p').toString('base64'));
      const a = JSON.parse(activity.body);
      expect(a.id).toBe('pb-basic');
      expect(a.activityDetails.children[0]).toMatchObject({ activityCompletion: 'COMPLETED', activitySuccess: 'PASSED' });
      expect(a.activityDetails.children[0].runtime).toBeUndefined();
      expect(full.authorization).toBeUndefined();
      const f = JSON.parse(full.body);
      expect(f.activityDetails.children[0].runtime).toMatchObject({ runtimeSuccessStatus: 'PASSED' });
      expect(f.activityDetails.children[0].objectives[0].primary).toBe(true);
    } finally {
      await rx.close();
    }
  });

  it('legacy: true keeps the V1 XML postback', async () => {
    const rx = await receiver();
    try {
      await createRegV2(emu, 'pc', 'pb-legacy', {
        postBack: { url: rx.url, authType: 'FORM', userName: 'n', password: 'w', resultsFormat: 'COURSE', legacy: true },
      });
      await complete('pb-legacy');
      await got(rx, 1, 'legacy postback of pb-legacy');
      expect(rx.received[0].form!.get('username')).toBe('n');
      expect(rx.received[0].form!.get('data')).toBe(
        '<registrationreport format="course" regid="pb-legacy" instanceid="0"><complete>complete</complete><success>passed</success><totaltime>30</totaltime><score>80</score></registrationreport>',
      );
    } finally {
      await rx.close();
    }
  });

  it('goes through the durable retry queue and its controls (duplicate)', async () => {
    let fails = 1;
    const rx = await receiver(() => (fails-- > 0 ? 500 : 200));
    try {
      await control(emu, 'postbacks/mode', { mode: 'duplicate', copies: 1 });
      await createRegV2(emu, 'pc', 'pb-dup', { postBack: { url: rx.url, authType: 'HTTPBASIC', resultsFormat: 'COURSE' } });
      await complete('pb-dup');
      await got(rx, 2, 'a retried postback of pb-dup and its duplicate');
      expect(rx.received[0].body).toBe(rx.received[1].body);
      const list = await control(emu, 'postbacks?regId=pb-dup');
      expect(list.delivered[0]).toMatchObject({ wire: 'json', attempts: 3, deliveries: 2 });
    } finally {
      await rx.close();
    }
  });

  it('out-of-order control holds V2 postbacks and releases them newest first', async () => {
    const rx = await receiver();
    try {
      await control(emu, 'postbacks/mode', { mode: 'outOfOrder' });
      await createRegV2(emu, 'pc', 'pb-ooo', { postBack: { url: rx.url, authType: 'HTTPBASIC', resultsFormat: 'COURSE' } });
      await complete('pb-ooo', 40);
      await complete('pb-ooo', 90);
      expect((await control(emu, 'postbacks/release', {})).released).toBe(2);
      await got(rx, 2, 'the two released postbacks of pb-ooo');
      expect(rx.received.map((r) => JSON.parse(r.body).score.scaled)).toEqual([90, 40]);
    } finally {
      await rx.close();
    }
  });
});

describe('POST /registrations/postBackTest', () => {
  it('sends one dummy RegistrationSchema now (204); a failing receiver is a 400 with the reason, not retried', async () => {
    const rx = await receiver();
    try {
      const r = await v2(emu, 'POST', '/registrations/postBackTest', {
        body: { url: rx.url, authType: 'HTTPBASIC', userName: 'a', password: 'b', resultsFormat: 'COURSE' },
      });
      expect(r.status).toBe(204);
      expect(rx.received).toHaveLength(1);
      expect(rx.received[0].authorization).toBe('Basic ' + Buffer.from('a:b').toString('base64'));
      expect(JSON.parse(rx.received[0].body)).toMatchObject({ id: expect.any(String), registrationCompletion: 'COMPLETED' });
    } finally {
      await rx.close();
    }
    const failing = await receiver(() => 500);
    try {
      const r = await v2(emu, 'POST', '/registrations/postBackTest', { body: { url: failing.url, authType: 'FORM' } });
      expect(r.status).toBe(400);
      expect(r.json.error).toMatch(/HTTP 500/);
      expect(failing.attempts()).toBe(1);
    } finally {
      await failing.close();
    }
    expect((await v2(emu, 'POST', '/registrations/postBackTest', { body: {} })).status).toBe(400);
  });
});
