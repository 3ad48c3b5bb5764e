import { Readable } from 'node:stream';
import { CloudClient } from '../../server/src/cloud/client';
import { CloudApiError, CloudClockSkewError } from '../../server/src/cloud/errors';
import type { RunningEmulator } from '../src';
import { eventually } from '../../tests/helpers/eventually';
import { APP, control, receiver, scorm12Single, scorm2004, start } from './helpers';

// These tests talk to the emulator only through the project's own V1 client, as the plugin does.
let emu: RunningEmulator;
let client: CloudClient;
beforeAll(async () => {
  emu = await start({ importDelayMs: 150 });
  client = new CloudClient({ serviceUrl: emu.serviceUrl, appId: APP.appId, secretKey: APP.secretKey, retryDelayMs: 10 });
});
afterAll(() => emu.close());

async function importCourse(courseId: string, zip: Buffer) {
  const { token } = await client.importCourseAsync(courseId, Readable.from([zip]), { filename: `${courseId}.zip` });
  return eventually(
    `the import of ${courseId}`,
    async () => {
      const result = await client.getAsyncImportResult(token);
      if (result.status === 'finished' || result.status === 'error') return result;
      if (!['created', 'running'].includes(result.status)) throw new Error(`unexpected import status ${result.status}`);
      return undefined;
    },
    { intervalMs: 30 },
  );
}

describe('the emulator driven by CloudClient', () => {
  it('pings, authPings and reports its time', async () => {
    await client.ping();
    await client.authPing();
    const { offsetSeconds } = await client.getTime();
    expect(Math.abs(offsetSeconds)).toBeLessThanOrEqual(2);
  });

  it('imports a course: token, polling, then a successful result with its title', async () => {
    await control(emu, 'calls', undefined, 'DELETE');
    const result = await importCourse('client-course', await scorm12Single('Client Course'));
    expect(result.status).toBe('finished');
    expect(result.results[0]).toMatchObject({ successful: true, title: 'Client Course' });
    expect((await control(emu, 'calls?method=getAsyncImportResult')).count).toBeGreaterThanOrEqual(2);
    expect(await client.courseExists('client-course')).toBe(true);
    const detail = await client.getCourseDetail('client-course');
    expect(detail.title).toBe('Client Course');
    expect((await client.getCourseList()).map((c) => c.id)).toContain('client-course');
  });

  it('reports a broken package as an import error', async () => {
    const result = await importCourse('client-broken', Buffer.from('not a zip'));
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/not a valid zip/);
  });

  it('creates, reads, lists, resets and deletes a registration', async () => {
    await client.createRegistration({ courseId: 'client-course', registrationId: 'client-reg', learnerId: 'l1', firstName: 'Grace', lastName: 'Hopper' });
    expect(await client.registrationExists('client-reg')).toBe(true);
    const fresh = await client.getRegistrationResult('client-reg');
    expect(fresh).toMatchObject({ complete: 'unknown', success: 'unknown', score: null, totalTimeSeconds: 0 });
    await control(emu, 'registrations/client-reg/runtime', { success: 'passed', score: 88, sessionTime: 61 });
    expect(await client.getRegistrationResult('client-reg')).toMatchObject({ complete: 'complete', success: 'passed', score: 88, totalTimeSeconds: 61 });
    const activity = await client.getRegistrationResult('client-reg', { format: 'activity' });
    expect(activity.activity?.title).toBe('Client Course');
    const full = await client.getRegistrationResult('client-reg', { format: 'full' });
    expect(full.activity).toBeDefined();
    expect((await client.getRegistrationList({ courseId: 'client-course' })).map((r) => r.id ?? (r as any).registrationId)).toContain('client-reg');
    await client.resetRegistration('client-reg');
    expect((await client.getRegistrationResult('client-reg')).instanceId).toBe(1);
    await client.deleteRegistration('client-reg');
    expect(await client.registrationExists('client-reg')).toBe(false);
    await expect(client.deleteRegistration('client-reg')).rejects.toBeInstanceOf(CloudApiError);
  });

  it('round-trips postback settings and tests a postback URL', async () => {
    const rx = await receiver();
    try {
      await client.createRegistration({
        courseId: 'client-course',
        registrationId: 'client-pb',
        learnerId: 'l2',
        firstName: 'A',
        lastName: 'B',
        postback: { url: rx.url, authType: 'httpbasic', username: 'u', password: 'p', resultsFormat: 'full' },
      });
      expect(await client.getPostbackInfo('client-pb')).toMatchObject({
        registrationId: 'client-pb',
        url: rx.url,
        authType: 'httpbasic',
        username: 'u',
        password: 'p',
        resultsFormat: 'full',
      });
      await client.testRegistrationPostUrl({ url: rx.url, authType: 'form', username: 'x', password: 'y' });
      expect(rx.received).toHaveLength(1);
      await control(emu, 'registrations/client-pb/runtime', { completion: 'completed' });
      await eventually('rx.received.length === 2', () => rx.received.length === 2);
      expect(rx.received[1].body).toMatch(/^<registrationreport format="full"/);
    } finally {
      await rx.close();
    }
  });

  it('redirects the launch URL into the player', async () => {
    await importCourse('client-2004', await scorm2004('2004 3rd Edition'));
    await client.createRegistration({ courseId: 'client-2004', registrationId: 'client-launch', learnerId: 'l3', firstName: 'A', lastName: 'B' });
    const { url } = client.launchUrl('client-launch', { redirectUrl: 'http://127.0.0.1:9/after' });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(emu.url);
    expect(location.pathname).toMatch(/^\/_player\/\w+\/$/);
    if (emu.playerMounted) {
      const page = await fetch(location, { redirect: 'manual' });
      expect(page.status).toBeLessThan(400);
    }
    const history = await client.getLaunchHistory('client-launch');
    expect(history.launches).toHaveLength(1);
  });

  it('surfaces clock skew as an error from a signed call', async () => {
    await control(emu, 'clock', { offsetSeconds: -3600 });
    try {
      // The emulator answers 107 (ts outside the window); the client turns 107 into CloudClockSkewError and
      // measures the offset with getTime. Not CloudAuthError (100-106, 108) nor a plain CloudApiError.
      const err = await client.authPing().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CloudClockSkewError);
      expect(err).toMatchObject({ name: 'CloudClockSkewError', code: 107 });
      expect((err as CloudClockSkewError).offsetSeconds).toBeGreaterThanOrEqual(-3602);
      expect((err as CloudClockSkewError).offsetSeconds).toBeLessThanOrEqual(-3598);
    } finally {
      await control(emu, 'clock', { offsetSeconds: 0 });
    }
  });
});
