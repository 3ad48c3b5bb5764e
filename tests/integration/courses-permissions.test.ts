/**
 * Routes that admins with a narrow role need: the upload dialog's options (upload permission only) and
 * the poller status (course readers and settings readers alike). Real Strapi and RBAC.
 */
import { bootStack, type Stack } from '../helpers/stack';
import { availableDatabases } from '../helpers/databases';

const action = (uid: string) => `plugin::scorm-cloud.${uid}`;

describe.each(availableDatabases())('course route permissions on %s', (database) => {
  let stack: Stack;
  const api = () => stack.app.request();
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { upload: { mode: 'direct', maxBytes: 4096 } } });
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('gives the upload options to an editor who may upload but not read the settings', async () => {
    const uploader = await stack.app.adminTokenWith([action('courses.upload')]);
    expect((await api().get('/scorm-cloud/settings').set(as(uploader))).status).toBe(403);
    const res = await api().get('/scorm-cloud/courses/upload-options').set(as(uploader));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { mode: 'direct', maxBytes: 4096 } });

    const reader = await stack.app.adminTokenWith([action('courses.read')]);
    expect((await api().get('/scorm-cloud/courses/upload-options').set(as(reader))).status).toBe(403);
    expect((await api().get('/scorm-cloud/courses/upload-options')).status).toBe(401);
  });

  it('shows the poller to course readers and to settings readers, and to nobody else', async () => {
    const courseReader = await stack.app.adminTokenWith([action('courses.read')]);
    const settingsReader = await stack.app.adminTokenWith([action('settings.read')]);
    const uploader = await stack.app.adminTokenWith([action('courses.upload')]);
    for (const token of [courseReader, settingsReader]) {
      const res = await api().get('/scorm-cloud/poller').set(as(token));
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ enabled: expect.any(Boolean) });
    }
    expect((await api().get('/scorm-cloud/poller').set(as(uploader))).status).toBe(403);
    expect((await api().get('/scorm-cloud/poller')).status).toBe(401);
  });
});
