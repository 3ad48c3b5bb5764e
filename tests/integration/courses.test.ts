/**
 * The course domain end to end: a real Strapi with the plugin, the emulator as SCORM Cloud, real HTTP.
 * Runs on every database that answers (tests/helpers/databases.ts).
 */
import { itOn } from '../helpers/api-version';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { createLearner, grantRole } from '../helpers/strapi';
import { availableDatabases } from '../helpers/databases';
import { eventually } from '../helpers/eventually';
import { buildZip, scorm12Manifest, scorm12Single } from '../helpers/packages';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures', 'scorm');
const fixture = (name: string): Buffer | undefined => {
  const file = path.join(FIXTURES, name);
  if (fs.existsSync(file)) return fs.readFileSync(file);
  console.warn(`[courses.test] ${file} is missing; the test that needs it is skipped.`);
  return undefined;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A package the emulator imports with a parser warning (a file named in the manifest is missing). */
const withWarning = (title: string) =>
  buildZip({
    'imsmanifest.xml': scorm12Manifest({ title, scos: [{ id: '1', title: 'Lesson', href: 'index.html' }], extraFiles: ['missing.js'] }),
    'index.html': '<html><body>lesson</body></html>',
  });

const tempEntries = () => new Set(fs.readdirSync(os.tmpdir()));

describe.each(availableDatabases())('courses on %s', (database) => {
  let stack: Stack;
  let token: string;

  const api = () => stack.app.request();
  const auth = (t = token) => ({ Authorization: `Bearer ${t}` });

  const upload = (zip: Buffer, options: { title?: string; filename?: string; path?: string; as?: string } = {}) => {
    const req = api()
      .post(options.path ?? '/scorm-cloud/courses')
      .set(auth(options.as));
    if (options.title) req.field('title', options.title);
    return req.attach('file', zip, options.filename ?? 'course.zip');
  };

  const waitForStatus = async (courseId: string, statuses: string[], timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const res = await api().get(`/scorm-cloud/courses/${courseId}`).set(auth());
      if (statuses.includes(res.body.data?.status)) return res.body.data;
      if (Date.now() > end) throw new Error(`course ${courseId} stayed ${res.body.data?.status}: ${JSON.stringify(res.body)}`);
      await sleep(100);
    }
  };

  const rows = () => stack.app.strapi.db.query('plugin::scorm-cloud.course').findMany({});

  beforeAll(async () => {
    stack = await bootStack({
      database,
      pluginConfig: {
        upload: { maxBytes: 512 * 1024 },
        poller: { rule: '*/1 * * * * *', initialDelaySeconds: 1, maxDelaySeconds: 2, leaseSeconds: 30 },
      },
    });
    token = await stack.app.superAdminToken();
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('streams an upload to the Cloud and follows the import to ready with the manifest title and parser warnings', async () => {
    const before = tempEntries();
    const res = await upload(await withWarning('Warned Course'), { filename: 'warned.zip' });
    expect(res.status).toBe(202);
    const course = res.body.data;
    expect(course).toMatchObject({ status: 'importing', packageName: 'warned.zip', title: null, launchable: true, registrationsCount: 0 });
    expect(course.courseId).toMatch(/^c-[A-Za-z0-9._-]+$/);
    expect(course.packageBytes).toBeGreaterThan(100);
    expect(JSON.stringify(res.body)).not.toMatch(/importToken|leaseOwner|leaseUntil|nextPollAt|pollAttempts|titleSource/);
    expect(JSON.stringify(res.body)).not.toContain(TEST_APP.secretKey);
    // koa-body never saw the request: nothing was written to the temp dir.
    expect([...tempEntries()].filter((e) => !before.has(e))).toEqual([]);

    const ready = await waitForStatus(course.courseId, ['ready', 'failed']);
    expect(ready).toMatchObject({ status: 'ready', title: 'Warned Course', importProgress: 100, error: null, version: 0 });
    expect(new Date(ready.updatedAt).getTime()).toBeGreaterThan(new Date(course.updatedAt).getTime());
    expect(ready.parserWarnings.join('\n')).toContain('missing.js');
    expect(ready.importFinishedAt).toEqual(expect.any(String));
    expect(await stack.cloud.courseExists(course.courseId)).toBe(true);
  });

  it("keeps the editor's title given at upload over the manifest's", async () => {
    const res = await upload(await scorm12Single('Manifest Title'), { title: 'Editor Title' });
    expect(res.status).toBe(202);
    expect(res.body.data.title).toBe('Editor Title');
    const ready = await waitForStatus(res.body.data.courseId, ['ready', 'failed']);
    expect(ready).toMatchObject({ status: 'ready', title: 'Editor Title', parserWarnings: [] });
  });

  it('ends a malformed package failed with the Cloud message', async () => {
    const zip = fixture('broken_malformed_manifest_scorm12.zip') ?? (await buildZip({ 'imsmanifest.xml': '<manifest><organizations' }));
    const res = await upload(zip);
    expect(res.status).toBe(202);
    const failed = await waitForStatus(res.body.data.courseId, ['ready', 'failed']);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual(expect.stringMatching(/manifest/i));
  });

  it('ends an import the Cloud finishes unsuccessfully failed with its message', async () => {
    await stack.control('imports/next-unsuccessful', {});
    const res = await upload(await scorm12Single('Unlucky'));
    expect(res.status).toBe(202);
    const failed = await waitForStatus(res.body.data.courseId, ['ready', 'failed']);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual(expect.any(String));
    expect(failed.error.length).toBeGreaterThan(0);
  });

  it('refuses a file that is not a zip with 415 and creates nothing', async () => {
    const count = (await rows()).length;
    const res = await upload(Buffer.from('%PDF-1.7 definitely not a zip'.repeat(100)), { filename: 'notes.pdf' });
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ status: 415, name: 'UnsupportedMediaTypeError', details: { code: 'NOT_A_ZIP' } });
    expect((await rows()).length).toBe(count);
  });

  it('refuses a package over upload.maxBytes with 413 and leaves nothing importing', async () => {
    const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(2 * 1024 * 1024)]);
    const res = await upload(big, { filename: 'huge.zip' }).catch((error) => ({ status: 0, body: { error: String(error) } }));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ details: { code: 'PACKAGE_TOO_LARGE' } });
    const huge = (await rows()).filter((r: any) => r.packageName === 'huge.zip');
    expect(huge).toHaveLength(1);
    expect(huge[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('upload.maxBytes') });
    expect((await rows()).filter((r: any) => r.status === 'importing' || r.status === 'uploading')).toEqual([]);
  });

  it('answers 400 without a file part', async () => {
    const res = await api().post('/scorm-cloud/courses').set(auth()).field('title', 'No file');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ field: 'file' });
  });

  it('leaves no course when the browser disconnects mid-upload, and aborts the Cloud request', async () => {
    const boundary = `----t${randomBytes(8).toString('hex')}`;
    const url = new URL(await listenUrl(stack));
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: '/scorm-cloud/courses',
      headers: { ...auth(), 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => undefined);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gone.zip"\r\nContent-Type: application/zip\r\n\r\n`);
    req.write(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(64 * 1024)]));
    const end = Date.now() + 10_000;
    let row: any;
    while (!(row = (await rows()).find((r: any) => r.packageName === 'gone.zip')) && Date.now() < end) await sleep(20);
    expect(row).toMatchObject({ status: 'uploading' });
    req.destroy();
    // A new course whose upload the browser gave up on leaves no row and nothing in the Cloud.
    await eventually('the cancelled course row to go', async () => !(await rows()).some((r: any) => r.courseId === row.courseId), { timeoutMs: 10_000 });
    expect(await stack.cloud.courseExists(row.courseId)).toBe(false);
  });

  it('leaves the course failed with the Cloud message when the Cloud refuses the upload', async () => {
    await stack.fault('importCourseAsync', { type: 'http5xx', status: 503 });
    const res = await upload(await scorm12Single('Cloud down'), { filename: 'down.zip' });
    expect(res.status).toBe(502);
    const row = (await rows()).find((r: any) => r.packageName === 'down.zip');
    expect(row).toMatchObject({ status: 'failed', error: expect.stringContaining('503') });
  });

  it('refuses an editor without the upload permission with 403', async () => {
    const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.courses.read']);
    const res = await upload(await scorm12Single(), { as: reader });
    expect(res.status).toBe(403);
    expect((await api().get('/scorm-cloud/courses').set(auth(reader))).status).toBe(200);
    expect((await api().put('/scorm-cloud/courses/c-x').set(auth(reader)).send({ title: 'x' })).status).toBe(403);
    expect((await api().delete('/scorm-cloud/courses/c-x').set(auth(reader))).status).toBe(403);
    const uploader = await stack.app.adminTokenWith(['plugin::scorm-cloud.courses.upload']);
    expect((await upload(await scorm12Single(), { as: uploader })).status).toBe(202);
  });

  it('lists with pagination, search by title or course ID, status filter and sort', async () => {
    const a = (await upload(await scorm12Single(), { title: 'Alpha Searchable' })).body.data;
    await waitForStatus(a.courseId, ['ready']);
    const byTitle = await api().get('/scorm-cloud/courses').query({ q: 'alpha SEARCH' }).set(auth());
    expect(byTitle.status).toBe(200);
    expect(byTitle.body.data.map((c: any) => c.courseId)).toEqual([a.courseId]);
    const none = await api().get('/scorm-cloud/courses').query({ q: 'no such course anywhere' }).set(auth());
    expect(none.body.data).toEqual([]);
    expect(none.body.meta.pagination).toMatchObject({ total: 0, pageCount: 0 });
    const byId = await api()
      .get('/scorm-cloud/courses')
      .query({ q: a.courseId.slice(2, 12) })
      .set(auth());
    expect(byId.body.data.map((c: any) => c.courseId)).toEqual([a.courseId]);

    const failed = await api().get('/scorm-cloud/courses').query({ status: 'failed', pageSize: 2, page: 1, sort: 'createdAt:asc' }).set(auth());
    expect(failed.body.data.length).toBeLessThanOrEqual(2);
    expect(failed.body.data.every((c: any) => c.status === 'failed')).toBe(true);
    expect(failed.body.meta.pagination).toMatchObject({ page: 1, pageSize: 2 });
    expect(failed.body.meta.pagination.total).toBeGreaterThanOrEqual(3);
    expect(failed.body.meta.pagination.pageCount).toBe(Math.ceil(failed.body.meta.pagination.total / 2));

    const bad = await api().get('/scorm-cloud/courses').query({ sort: 'secret:asc' }).set(auth());
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatchObject({ field: 'sort' });
    expect((await api().get('/scorm-cloud/courses/c-unknown').set(auth())).status).toBe(404);
  });

  it('filters the list by the day of the last update, both ends included, and refuses a date it cannot read', async () => {
    // Rows as an editor left them on fixed days (the list reads the Cloud for none of them); the title
    // keeps the other tests' courses, updated today, out of the counts.
    const tag = `dated-${randomBytes(3).toString('hex')}`;
    const updated: Record<string, string> = { a: '2026-03-01T09:00:00Z', b: '2026-03-02T23:30:00Z', c: '2026-03-05T12:00:00Z' };
    for (const [name, at] of Object.entries(updated)) {
      await stack.app.strapi.db.query('plugin::scorm-cloud.course').create({
        data: { courseId: `${tag}-${name}`, title: `${tag} ${name}`, status: 'ready', launchable: false, createdAt: new Date(at), updatedAt: new Date(at) },
      });
    }
    const list = (query: Record<string, string>) =>
      api()
        .get('/scorm-cloud/courses')
        .query({ q: tag, sort: 'courseId:asc', ...query })
        .set(auth());
    const ids = async (query: Record<string, string>) => {
      const res = await list(query);
      expect(res.status).toBe(200);
      return res.body.data.map((c: any) => c.courseId.slice(tag.length + 1));
    };
    expect(await ids({})).toEqual(['a', 'b', 'c']);
    expect(await ids({ updatedFrom: '2026-03-02' })).toEqual(['b', 'c']);
    expect(await ids({ updatedTo: '2026-03-02' })).toEqual(['a', 'b']);
    const both = await list({ updatedFrom: '2026-03-02', updatedTo: '2026-03-04' });
    expect(both.body.data.map((c: any) => c.courseId)).toEqual([`${tag}-b`]);
    expect(both.body.meta.pagination).toMatchObject({ total: 1, pageCount: 1 });
    // An instant is taken as it is: 23:00 UTC on the 2nd leaves out the update at 23:30, and 09:00 on the 1st keeps a.
    expect(await ids({ updatedFrom: '2026-03-01T09:00:00Z', updatedTo: '2026-03-02T23:00:00Z' })).toEqual(['a']);
    expect(await ids({ updatedFrom: '2026-03-06' })).toEqual([]);

    const bad = await list({ updatedFrom: 'last week' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('updatedFrom: must be a date such as 2026-03-04');
    expect(bad.body.error.details).toMatchObject({ field: 'updatedFrom' });
    const impossible = await list({ updatedTo: '2026-13-01' });
    expect(impossible.status).toBe(400);
    expect(impossible.body.error.message).toBe('updatedTo: must be a date such as 2026-03-04');
  });

  it('edits title and launchable, validating the body', async () => {
    const c = (await upload(await scorm12Single('Editable'))).body.data;
    await waitForStatus(c.courseId, ['ready']);
    const res = await api().put(`/scorm-cloud/courses/${c.courseId}`).set(auth()).send({ title: 'Renamed', launchable: false });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ title: 'Renamed', launchable: false });
    const bad = await api().put(`/scorm-cloud/courses/${c.courseId}`).set(auth()).send({ title: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('title');
    const unknownKey = await api().put(`/scorm-cloud/courses/${c.courseId}`).set(auth()).send({ status: 'ready' });
    expect(unknownKey.status).toBe(400);
  });

  it('uploads a new version under the same course ID, keeping registrations', async () => {
    const c = (await upload(await scorm12Single('Versioned v1'))).body.data;
    await waitForStatus(c.courseId, ['ready']);
    const learnerId = `l-${randomBytes(4).toString('hex')}`;
    await stack.cloud.createRegistration({ registrationId: `r-${learnerId}`, courseId: c.courseId, learnerId, firstName: 'A', lastName: 'B' } as any);
    const res = await upload(await scorm12Single('Versioned v2'), { path: `/scorm-cloud/courses/${c.courseId}/versions`, filename: 'v2.zip' });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ courseId: c.courseId, status: 'importing', packageName: 'v2.zip' });
    const ready = await waitForStatus(c.courseId, ['ready', 'failed']);
    expect(ready).toMatchObject({ status: 'ready', title: 'Versioned v2', version: 1 });
    expect(await stack.cloud.registrationExists(`r-${learnerId}`)).toBe(true);
    expect((await upload(await scorm12Single(), { path: '/scorm-cloud/courses/c-nope/versions' })).status).toBe(404);
  });

  it('deletes in the Cloud, then locally; asks for force when registrations exist', async () => {
    const c = (await upload(await scorm12Single('Doomed'))).body.data;
    await waitForStatus(c.courseId, ['ready']);
    const row = await stack.app.strapi.db.query('plugin::scorm-cloud.course').findOne({ where: { courseId: c.courseId } });
    await stack.app.strapi.db
      .query('plugin::scorm-cloud.registration')
      .create({
        data: { registrationId: `r-${randomBytes(4).toString('hex')}`, learnerId: 'l-1', course: row.id, attempt: 1 },
      })
      .catch(async () => {
        // The registration schema may require more fields; a minimal valid row is enough for the count.
        throw new Error('could not create a registration row for the delete test');
      });
    expect((await api().get(`/scorm-cloud/courses/${c.courseId}`).set(auth())).body.data.registrationsCount).toBe(1);
    const refused = await api().delete(`/scorm-cloud/courses/${c.courseId}`).set(auth());
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ code: 'HAS_REGISTRATIONS', registrations: 1 });
    const done = await api().delete(`/scorm-cloud/courses/${c.courseId}`).query({ force: 'true' }).set(auth());
    expect(done.status).toBe(200);
    expect(await stack.cloud.courseExists(c.courseId)).toBe(false);
    expect((await api().get(`/scorm-cloud/courses/${c.courseId}`).set(auth())).status).toBe(404);

    // Unknown in the Cloud is fine: the local row still goes.
    const orphan = (await upload(await scorm12Single('Orphan'))).body.data;
    await waitForStatus(orphan.courseId, ['ready']);
    await stack.cloud.deleteCourse(orphan.courseId);
    expect((await api().delete(`/scorm-cloud/courses/${orphan.courseId}`).set(auth())).status).toBe(200);
  });

  it('refreshes an import on demand and reports the poller', async () => {
    const poller = await api().get('/scorm-cloud/poller').set(auth());
    expect(poller.status).toBe(200);
    expect(poller.body.data).toMatchObject({ enabled: true, rule: '*/1 * * * * *', running: expect.any(Boolean), warning: null });
    expect(poller.body.data.lastRunAt).toEqual(expect.any(String));
    expect(poller.body.data.pendingImports).toEqual(expect.any(Number));

    const c = (await upload(await scorm12Single('Refreshed'))).body.data;
    const res = await api().post(`/scorm-cloud/courses/${c.courseId}/refresh`).set(auth());
    expect(res.status).toBe(200);
    expect(['importing', 'ready']).toContain(res.body.data.status);
    await waitForStatus(c.courseId, ['ready']);
  });

  itOn('v1')('supports direct mode: a signed URL now, then the token the browser got', async () => {
    const refused = await api().post('/scorm-cloud/courses/direct-upload').set(auth()).send({ filename: 'd.zip' });
    expect(refused.status).toBe(409);
    const cfg = stack.app.strapi.plugin('scorm-cloud').service('config').get();
    cfg.upload.mode = 'direct';
    try {
      const res = await api().post('/scorm-cloud/courses/direct-upload').set(auth()).send({ filename: 'direct.zip', title: 'Direct', size: 1000 });
      expect(res.status).toBe(200);
      const { course, uploadUrl, expiresAt, fileField } = res.body.data;
      expect(course).toMatchObject({ status: 'uploading', title: 'Direct', packageName: 'direct.zip' });
      expect(fileField).toBe('filedata');
      expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
      expect(uploadUrl).toContain(`courseid=${course.courseId}`);
      expect(uploadUrl).not.toContain(TEST_APP.secretKey);

      // A client that reads the Cloud's answer itself (the browser flows are in direct-upload.test.ts):
      // post the file, take the token from the XML answer, report it.
      const form = new FormData();
      form.append('filedata', new Blob([await scorm12Single('Direct Manifest')]), 'direct.zip');
      const posted = await fetch(uploadUrl, { method: 'POST', body: form, redirect: 'manual' });
      expect(posted.status).toBe(200);
      const tokenId = /<token>\s*<id>([^<]+)<\/id>/.exec(await posted.text())?.[1];
      expect(tokenId).toBeTruthy();
      const reported = await api().post(`/scorm-cloud/courses/${course.courseId}/import-token`).set(auth()).send({ token: tokenId });
      expect(reported.status).toBe(200);
      expect(reported.body.data.status).toBe('importing');
      expect(await waitForStatus(course.courseId, ['ready', 'failed'])).toMatchObject({ status: 'ready', title: 'Direct' });
      expect((await api().post(`/scorm-cloud/courses/${course.courseId}/import-token`).set(auth()).send({ token: 'again' })).status).toBe(409);
      expect(
        (
          await api()
            .post('/scorm-cloud/courses/direct-upload')
            .set(auth())
            .send({ filename: 'x.zip', size: 10 ** 9 })
        ).status,
      ).toBe(413);

      // A direct upload the browser never reports fails once its time is up.
      const stale = (await api().post('/scorm-cloud/courses/direct-upload').set(auth()).send({ filename: 'never.zip' })).body.data.course;
      await stack.app.strapi.db
        .query('plugin::scorm-cloud.course')
        .update({ where: { courseId: stale.courseId }, data: { leaseUntil: new Date(Date.now() - 1000) } });
      const expired = await waitForStatus(stale.courseId, ['failed']);
      expect(expired.error).toMatch(/directUploadExpiryMinutes/);
    } finally {
      cfg.upload.mode = 'proxy';
    }
  });

  it('shows frontends only ready and launchable courses, with public fields', async () => {
    const ready = (await upload(await scorm12Single('Public Ready'))).body.data;
    const hidden = (await upload(await scorm12Single('Public Hidden'))).body.data;
    await waitForStatus(ready.courseId, ['ready']);
    await waitForStatus(hidden.courseId, ['ready']);
    await api().put(`/scorm-cloud/courses/${hidden.courseId}`).set(auth()).send({ launchable: false });
    const learner = await createLearner(stack.app);
    const denied = await api().get('/api/scorm-cloud/courses').set('Authorization', `Bearer ${learner.jwt}`);
    expect(denied.status).toBe(403);
    await grantRole(stack.app, 'authenticated', ['plugin::scorm-cloud.learner-courses.find', 'plugin::scorm-cloud.learner-courses.findOne']);
    const list = await api().get('/api/scorm-cloud/courses').query({ pageSize: 100 }).set('Authorization', `Bearer ${learner.jwt}`);
    expect(list.status).toBe(200);
    const ids = list.body.data.map((c: any) => c.courseId);
    expect(ids).toContain(ready.courseId);
    expect(ids).not.toContain(hidden.courseId);
    const all = await rows();
    const visible = all
      .filter((r: any) => r.status === 'ready' && r.launchable)
      .map((r: any) => r.courseId)
      .sort();
    expect([...ids].sort()).toEqual(visible);
    expect(Object.keys(list.body.data[0]).sort()).toEqual(['courseId', 'title', 'updatedAt', 'version']);
    const one = await api().get(`/api/scorm-cloud/courses/${ready.courseId}`).set('Authorization', `Bearer ${learner.jwt}`);
    expect(one.body.data).toMatchObject({ courseId: ready.courseId, title: 'Public Ready', version: 0 });
    expect((await api().get(`/api/scorm-cloud/courses/${hidden.courseId}`).set('Authorization', `Bearer ${learner.jwt}`)).status).toBe(404);
  });
});

/** The address of a listening copy of Strapi's http server (supertest only listens per request). */
async function listenUrl(stack: Stack): Promise<string> {
  const server = stack.app.strapi.server.httpServer;
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}
