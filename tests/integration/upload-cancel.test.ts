/**
 * An upload the editor cancels leaves nothing behind: the browser leaving mid-upload removes a new
 * course's row (and nothing of it stays in the Cloud), leaves a course taking a new version as it was,
 * and a cancelled direct upload is withdrawn by the admin page.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { bootStack, type Stack } from '../helpers/stack';
import { availableDatabases } from '../helpers/databases';
import { scorm12Single } from '../helpers/packages';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(availableDatabases())('cancelled uploads on %s', (database) => {
  let stack: Stack;
  let token: string;

  const api = () => stack.app.request();
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const courses = () => stack.app.strapi.db.query('plugin::scorm-cloud.course');
  const byPackage = (packageName: string) => courses().findOne({ where: { packageName } });

  const until = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  };

  /** Starts a multipart upload whose file part never ends, as a browser's still on its way. */
  const startUpload = async (path: string, filename: string) => {
    const server = stack.app.strapi.server.httpServer;
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    const boundary = `----t${randomBytes(8).toString('hex')}`;
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      headers: { ...auth(), 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => undefined);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/zip\r\n\r\n`);
    req.write(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(64 * 1024)]));
    return req;
  };

  const waitReady = (courseId: string) =>
    until(`course ${courseId} ready`, async () => {
      const row = await courses().findOne({ where: { courseId } });
      return row?.status === 'ready' && row;
    });

  beforeAll(async () => {
    stack = await bootStack({
      database,
      pluginConfig: { poller: { rule: '*/1 * * * * *', initialDelaySeconds: 1, maxDelaySeconds: 2, leaseSeconds: 30 } },
    });
    token = await stack.app.superAdminToken();
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('removes the row of a new course whose browser left mid-upload, and leaves nothing in the Cloud', async () => {
    const req = await startUpload('/scorm-cloud/courses', 'gone.zip');
    const row = await until('the uploading row', () => byPackage('gone.zip'));
    expect(row).toMatchObject({ status: 'uploading' });
    req.destroy();
    await until('the row to go', async () => (await courses().count({ where: { packageName: 'gone.zip' } })) === 0);
    expect(await stack.cloud.courseExists(row.courseId)).toBe(false);
    // Nothing for the poller to expire later either.
    await sleep(1500);
    expect(await courses().count({ where: { courseId: row.courseId } })).toBe(0);
  });

  it('leaves a course as it was when the browser leaves the upload of its new version', async () => {
    const created = await api()
      .post('/scorm-cloud/courses')
      .set(auth())
      .attach('file', await scorm12Single('Kept Course'), 'kept.zip');
    expect(created.status).toBe(202);
    const courseId = created.body.data.courseId as string;
    const before = await waitReady(courseId);

    const req = await startUpload(`/scorm-cloud/courses/${courseId}/versions`, 'kept-v2.zip');
    await until('the new version uploading', async () => (await courses().findOne({ where: { courseId } }))?.status === 'uploading');
    req.destroy();
    const after = await until('the course back to ready', async () => {
      const row = await courses().findOne({ where: { courseId } });
      return row?.status !== 'uploading' && row;
    });
    const kept = ['status', 'title', 'titleSource', 'packageName', 'packageBytes', 'importToken', 'error', 'version', 'launchable'] as const;
    for (const field of kept) expect([field, after[field]]).toEqual([field, before[field]]);
    expect(new Date(after.importStartedAt).getTime()).toBe(new Date(before.importStartedAt).getTime());
    expect(after).toMatchObject({ leaseOwner: null, leaseUntil: null });
    expect(await stack.cloud.courseExists(courseId)).toBe(true);
  });

  it('withdraws a direct upload the editor cancelled, and refuses to withdraw a course not awaiting one', async () => {
    const upload = stack.app.strapi.plugin('scorm-cloud').service('config').get().upload;
    upload.mode = 'direct';
    try {
      const target = await api().post('/scorm-cloud/courses/direct-upload').set(auth()).send({ filename: 'direct-gone.zip' });
      expect(target.status).toBe(200);
      const courseId = target.body.data.course.courseId as string;
      expect(await byPackage('direct-gone.zip')).toMatchObject({ status: 'uploading', leaseOwner: 'direct' });

      const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.courses.read']);
      const refused = await api()
        .delete(`/scorm-cloud/courses/${courseId}/direct-upload`)
        .set({ Authorization: `Bearer ${reader}` });
      expect(refused.status).toBe(403);

      const res = await api().delete(`/scorm-cloud/courses/${courseId}/direct-upload`).set(auth());
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ courseId, deleted: true });
      expect(await courses().count({ where: { courseId } })).toBe(0);
      expect(await stack.cloud.courseExists(courseId)).toBe(false);
    } finally {
      upload.mode = 'proxy';
    }

    const created = await api()
      .post('/scorm-cloud/courses')
      .set(auth())
      .attach('file', await scorm12Single('Not Direct'), 'not-direct.zip');
    const courseId = created.body.data.courseId as string;
    await waitReady(courseId);
    const res = await api().delete(`/scorm-cloud/courses/${courseId}/direct-upload`).set(auth());
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ code: 'NOT_AWAITING_TOKEN' });
    expect(await courses().count({ where: { courseId } })).toBe(1);
  });
});
