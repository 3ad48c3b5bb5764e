import { eventually } from '../../tests/helpers/eventually';
import type { RunningEmulator } from '../src';
import { call, control, createReg, errCode, expectOk, importAndWait, receiver, scorm12Single, start } from './helpers';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
  await importAndWait(emu, 'pb', await scorm12Single('Postback Course'));
});
afterAll(() => emu.close());

const complete = (regId: string, score = 80) => control(emu, `registrations/${regId}/runtime`, { success: 'passed', score, sessionTime: 30 });

describe('postbacks', () => {
  it('posts the course report as form fields data/username/password', async () => {
    const rx = await receiver();
    try {
      await createReg(emu, 'pb', 'form-1', { postbackurl: rx.url, urlname: 'user', urlpass: 'pa ss' });
      await complete('form-1');
      await eventually('rx.received.length === 1', () => rx.received.length === 1);
      const got = rx.received[0];
      expect(got.contentType).toMatch(/^application\/x-www-form-urlencoded/);
      expect(got.form!.get('username')).toBe('user');
      expect(got.form!.get('password')).toBe('pa ss');
      expect(got.form!.get('data')).toBe(
        '<registrationreport format="course" regid="form-1" instanceid="0"><complete>complete</complete><success>passed</success><totaltime>30</totaltime><score>80</score></registrationreport>',
      );
    } finally {
      await rx.close();
    }
  });

  it('posts httpbasic as a text/xml body with Basic auth, in the configured results format', async () => {
    const rx = await receiver();
    try {
      await createReg(emu, 'pb', 'basic-1', { postbackurl: rx.url, authtype: 'httpbasic', urlname: 'u', urlpass: 'p', resultsformat: 'activity' });
      await complete('basic-1');
      await eventually('rx.received.length === 1', () => rx.received.length === 1);
      expect(rx.received[0].contentType).toMatch(/^text\/xml/);
      expect(rx.received[0].authorization).toBe('Basic ' + Buffer.from('u:p').toString('base64'));
      expect(rx.received[0].body).toMatch(/^<registrationreport format="activity" regid="basic-1" instanceid="0"><activity id="org_1">/);
    } finally {
      await rx.close();
    }
  });

  it('retries after a 500 with backoff, and counts a 3xx as delivered without following it', async () => {
    const rx = await receiver((n) => (n === 0 ? 500 : 302));
    try {
      await createReg(emu, 'pb', 'retry-1', { postbackurl: rx.url });
      await complete('retry-1');
      await eventually('rx.received.length === 1', () => rx.received.length === 1);
      expect(rx.attempts()).toBe(2);
      const list = await control(emu, 'postbacks?regId=retry-1');
      expect(list.delivered).toHaveLength(1);
      expect(list.delivered[0]).toMatchObject({ attempts: 2, lastStatus: 302 });
      expect(list.pending).toHaveLength(0);
    } finally {
      await rx.close();
    }
  });

  it('keeps failing postbacks pending until the receiver recovers', async () => {
    let healthy = false;
    const rx = await receiver(() => (healthy ? 200 : 503));
    try {
      await createReg(emu, 'pb', 'down-1', { postbackurl: rx.url });
      await complete('down-1');
      await eventually('rx.attempts() >= 3', () => rx.attempts() >= 3);
      const list = await control(emu, 'postbacks?regId=down-1');
      expect(list.pending).toHaveLength(1);
      expect(list.pending[0].lastError).toBe('HTTP 503');
      healthy = true;
      await control(emu, 'postbacks/flush', {});
      await eventually('rx.received.length === 1', () => rx.received.length === 1);
    } finally {
      await rx.close();
    }
  });

  it('posts again when a reset changes the state', async () => {
    const rx = await receiver();
    try {
      await createReg(emu, 'pb', 'reset-1', { postbackurl: rx.url });
      await complete('reset-1');
      await eventually('rx.received.length === 1', () => rx.received.length === 1);
      expectOk(await call(emu, 'rustici.registration.resetRegistration', { regid: 'reset-1' }));
      await eventually('rx.received.length === 2', () => rx.received.length === 2);
      expect(rx.received[1].form!.get('data')).toContain('instanceid="1"><complete>unknown</complete>');
    } finally {
      await rx.close();
    }
  });

  it('delivers duplicates, late and out of order when asked', async () => {
    const rx = await receiver();
    try {
      await createReg(emu, 'pb', 'mode-1', { postbackurl: rx.url });
      await control(emu, 'postbacks/mode', { mode: 'duplicate' });
      await complete('mode-1', 10);
      await eventually('rx.received.length === 2', () => rx.received.length === 2);
      expect(rx.received[0].body).toBe(rx.received[1].body);

      await control(emu, 'postbacks/mode', { mode: 'outOfOrder' });
      await complete('mode-1', 20);
      await complete('mode-1', 30);
      await new Promise((r) => setTimeout(r, 100));
      expect(rx.received).toHaveLength(2);
      expect((await control(emu, 'postbacks/release', {})).released).toBe(2);
      await eventually('rx.received.length === 4', () => rx.received.length === 4);
      expect(rx.received[2].form!.get('data')).toContain('<score>30</score>');
      expect(rx.received[3].form!.get('data')).toContain('<score>20</score>');

      await control(emu, 'postbacks/mode', { mode: 'late', delayMs: 300 });
      const t0 = Date.now();
      await complete('mode-1', 40);
      await eventually('rx.received.length === 5', () => rx.received.length === 5);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    } finally {
      await control(emu, 'postbacks/mode', { mode: 'normal' });
      await rx.close();
    }
  });

  it('testRegistrationPostUrl posts a sample once, and reports a failing URL as an error', async () => {
    const rx = await receiver();
    const bad = await receiver(() => 500);
    try {
      expectOk(await call(emu, 'rustici.registration.testRegistrationPostUrl', { postbackurl: rx.url, urlname: 'n', urlpass: 'p' }));
      expect(rx.received).toHaveLength(1);
      expect(rx.received[0].form!.get('data')).toMatch(/^<registrationreport format="course"/);
      const reply = await call(emu, 'rustici.registration.testRegistrationPostUrl', { postbackurl: bad.url });
      expect(errCode(reply)).toBe('1');
      expect(reply.rsp.err['@msg']).toContain('HTTP 500');
      await new Promise((r) => setTimeout(r, 100));
      expect(bad.attempts()).toBe(1);
    } finally {
      await rx.close();
      await bad.close();
    }
  });
});
