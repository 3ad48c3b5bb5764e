import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../../src';
import { APP, call, expectOk, scorm12Single, start } from '../helpers';

// Rustici's generated V2 client, unchanged: what runs against the real service must run against the emulator.
const Scorm = require('@rusticisoftware/scormcloud-api-v2-client-javascript');

type Any = any;

/** The client is callback-style; `(error, data, response)`. */
function p<T = Any>(fn: (cb: (error: Any, data: T, response: Any) => void) => void): Promise<{ data: T; response: Any }> {
  return new Promise((resolve, reject) =>
    fn((error, data, response) => (error ? reject(Object.assign(error, { body: response?.text })) : resolve({ data, response }))),
  );
}

let emu: RunningEmulator;
let dir: string;
let zipPath: string;
let zip: Buffer;
beforeAll(async () => {
  emu = await start();
  const client = Scorm.ApiClient.instance;
  client.basePath = `${emu.url}/api/v2`;
  client.authentications.APP_NORMAL.username = APP.appId;
  client.authentications.APP_NORMAL.password = APP.secretKey;
  zip = await scorm12Single('Official Client Course');
  dir = await mkdtemp(join(tmpdir(), 'emu-v2-client-'));
  zipPath = join(dir, 'course.zip');
  await writeFile(zipPath, zip);
});
afterAll(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

/** Polls GetImportJobStatus the way the client's users do, until the job leaves RUNNING. */
async function waitForImport(courseApi: Any, jobId: string): Promise<Any> {
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    const { data } = await p((cb) => courseApi.getImportJobStatus(jobId, cb));
    if (data.status !== 'RUNNING') return data;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`import job ${jobId} still RUNNING after 10 s (official client polling)`);
}

describe('the official V2 JavaScript client against the emulator', () => {
  it('ping, import, course, registration, progress, launch link, list, learner, reset, delete', async () => {
    const ping = await p((cb) => new Scorm.PingApi().pingAppId(cb));
    expect(ping.data.apiMessage).toEqual(expect.any(String));
    expect(typeof ping.data.currentTime).toBe('string');

    const courseApi = new Scorm.CourseApi();
    const started = await p((cb) => courseApi.createUploadAndImportCourseJob('oc-1', { mayCreateNewVersion: false, file: createReadStream(zipPath) }, cb));
    expect(started.data.result).toEqual(expect.any(String));
    const job = await waitForImport(courseApi, started.data.result);
    expect(job.status).toBe('COMPLETE');
    expect(job.importResult.course.id).toBe('oc-1');
    expect(job.importResult.course.created).toBeInstanceOf(Date);

    // A Buffer goes out as a part without a filename; the emulator takes it as the file all the same.
    const fromBuffer = await p((cb) => courseApi.createUploadAndImportCourseJob('oc-buf', { file: zip }, cb));
    expect((await waitForImport(courseApi, fromBuffer.data.result)).status).toBe('COMPLETE');

    await expect(
      p((cb) => courseApi.createUploadAndImportCourseJob('oc-1', { mayCreateNewVersion: false, file: createReadStream(zipPath) }, cb)),
    ).rejects.toMatchObject({ status: 409 });

    const course = await p((cb) => courseApi.getCourse('oc-1', { includeRegistrationCount: true }, cb));
    expect(course.data).toMatchObject({ id: 'oc-1', title: 'Official Client Course', version: 0, courseLearningStandard: 'SCORM12', registrationCount: 0 });
    expect(course.data.updated).toBeInstanceOf(Date);

    const regApi = new Scorm.RegistrationApi();
    const learner = new Scorm.LearnerSchema('oc-learner');
    learner.firstName = 'Alan';
    learner.lastName = 'Turing';
    learner.email = 'alan@example.com';
    const create = new Scorm.CreateRegistrationSchema('oc-1', learner, 'oc-reg-1');
    await p((cb) => regApi.createRegistration(create, {}, cb));
    await expect(p((cb) => regApi.createRegistration(create, {}, cb))).rejects.toMatchObject({ status: 400 });
    expect((await p((cb) => regApi.getRegistration('oc-reg-1', cb))).response.status).toBe(200);
    expect(expectOk(await call(emu, 'rustici.registration.exists', { regid: 'oc-reg-1' })).result).toBe('true');

    const progress = await p((cb) => regApi.getRegistrationProgress('oc-reg-1', { includeChildResults: true, includeRuntime: true }, cb));
    expect(progress.data).toMatchObject({
      id: 'oc-reg-1',
      registrationCompletion: 'UNKNOWN',
      registrationSuccess: 'UNKNOWN',
      course: { id: 'oc-1' },
      learner: { id: 'oc-learner', firstName: 'Alan' },
    });
    expect(progress.data.createdDate).toBeInstanceOf(Date);
    expect(progress.data.activityDetails.children).toHaveLength(1);

    const linkRequest = new Scorm.LaunchLinkRequestSchema('http://lms.example/done');
    const link = await p((cb) => regApi.buildRegistrationLaunchLink('oc-reg-1', linkRequest, cb));
    expect(link.data.launchLink).toMatch(new RegExp(`^${emu.url}/api/cloud/registration/launch/`));
    const opened = await fetch(link.data.launchLink);
    expect(opened.status).toBe(200);
    expect(opened.url).toMatch(new RegExp(`^${emu.url}/_player/`));
    expect(await opened.text()).toContain('id="scorm-player-content"');
    await expect(p((cb) => regApi.buildRegistrationLaunchLink('nope', linkRequest, cb))).rejects.toMatchObject({ status: 404 });

    const list = await p((cb) => regApi.getRegistrations({ courseId: 'oc-1', includeTotalCount: true }, cb));
    expect(list.data.registrations.map((r: Any) => r.id)).toEqual(['oc-reg-1']);
    expect(list.data.more).toBeUndefined();
    expect(list.response.headers['x-total-count']).toBe('1');

    const rename = new Scorm.LearnerSchema('oc-learner');
    rename.firstName = 'A. M.';
    rename.lastName = 'Turing';
    rename.email = 'amt@example.com';
    await p((cb) => new Scorm.LearnerApi().updateLearnerInfo('oc-learner', rename, cb));
    expect((await p((cb) => regApi.getRegistrationProgress('oc-reg-1', {}, cb))).data.learner).toMatchObject({ firstName: 'A. M.', email: 'amt@example.com' });

    await p((cb) => regApi.deleteRegistrationProgress('oc-reg-1', cb));
    expect((await p((cb) => regApi.getRegistrationLaunchHistory('oc-reg-1', {}, cb))).data.launchHistory).toEqual([]);

    await p((cb) => regApi.deleteRegistration('oc-reg-1', cb));
    await expect(p((cb) => regApi.getRegistration('oc-reg-1', cb))).rejects.toMatchObject({ status: 404 });
    await expect(p((cb) => regApi.deleteRegistration('oc-reg-1', cb))).rejects.toMatchObject({ status: 404 });
  });

  it('gets an OAuth token through AuthenticationApi', async () => {
    const { data } = await p((cb) => new Scorm.AuthenticationApi().getAppToken('read:registration write:course', { expiration: 120 }, cb));
    // The model reads the wire's access_token/expires_in/token_type into camel-case members.
    expect(data).toMatchObject({ accessToken: expect.any(String), expiresIn: 120, tokenType: 'Bearer' });
    const ping = await fetch(`${emu.url}/api/v2/ping`, { headers: { authorization: `Bearer ${data.accessToken}` } });
    expect(ping.status).toBe(401);
    const regs = await fetch(`${emu.url}/api/v2/registrations`, { headers: { authorization: `Bearer ${data.accessToken}` } });
    expect(regs.status).toBe(200);
  });
});
