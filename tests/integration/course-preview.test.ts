/**
 * An editor's preview of a course: a link from the Cloud's preview (V2 `POST /courses/{id}/preview`, V1 a
 * signed `rustici.course.preview`) that plays the course with no registration, here or in the Cloud, and
 * sends the editor back to the course's admin page on exit. Nothing of the database is involved beyond
 * reading the course, so one database is enough.
 */
import { Readable } from 'node:stream';
import { itOn } from '../helpers/api-version';
import { eventually } from '../helpers/eventually';
import { scorm12Multi } from '../helpers/packages';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { COURSE_UID, seedCourse } from './results-fixtures';

const PUBLIC_URL = 'https://strapi.example.test';
const REGISTRATION_UID = 'plugin::scorm-cloud.registration';

describe('course preview', () => {
  let stack: Stack;
  let admin: string;
  const preview = (courseId: string, body: unknown = {}, token = admin) =>
    stack.app
      .request()
      .post(`/scorm-cloud/courses/${encodeURIComponent(courseId)}/preview`)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  const cloudRegistrations = async () => (await stack.cloud.getRegistrationList({})).length;

  beforeAll(async () => {
    stack = await bootStack({ pluginConfig: { poller: { enabled: false }, publicUrl: PUBLIC_URL } });
    admin = await stack.app.superAdminToken();
    await seedCourse(stack, 'preview-course');
    // A second version, live in the row: the preview without a version plays it.
    const { token } = await stack.cloud.importCourseAsync('preview-course', Readable.from([await scorm12Multi('Preview Second')]), { filename: 'v2.zip' });
    await eventually('the second import', async () => (await stack.cloud.getAsyncImportResult(token)).status === 'finished');
    await stack.app.strapi.db.query(COURSE_UID).update({ where: { courseId: 'preview-course' }, data: { version: 1 } });
  });
  afterAll(() => stack?.destroy());

  async function openPlayer(url: string): Promise<string> {
    const opened = await fetch(url, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    const player = opened.headers.get('location')!;
    expect(player).toMatch(new RegExp(`^${stack.emulator.url}/_player/[^/]+/$`));
    return player;
  }

  it('answers a link that plays the live version and exits to the course page, with no registration made anywhere', async () => {
    const before = await cloudRegistrations();
    const res = await preview('preview-course');
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.data.expiresAt)).toBeGreaterThan(Date.now());
    expect(JSON.stringify(res.body)).not.toContain(TEST_APP.secretKey);
    const player = await openPlayer(res.body.data.url);
    const page = await (await fetch(player)).text();
    expect(page).toContain('Preview Second');
    expect(page).toContain('Part B');
    const exit = await fetch(`${player}exit`, { redirect: 'manual' });
    expect(exit.status).toBe(302);
    expect(exit.headers.get('location')).toBe(`${PUBLIC_URL}/admin/plugins/scorm-cloud/courses/preview-course`);
    expect(await cloudRegistrations()).toBe(before);
    expect(await stack.app.strapi.db.query(REGISTRATION_UID).count({})).toBe(0);
  });

  it('plays an earlier version when asked', async () => {
    const res = await preview('preview-course', { version: 0 });
    expect(res.status).toBe(200);
    const page = await (await fetch(await openPlayer(res.body.data.url))).text();
    expect(page).toContain('Course preview-course');
    expect(page).not.toContain('Preview Second');
  });

  it('refuses in words: an unknown course, a version past the live one, a bad body, a course not imported yet', async () => {
    const unknown = await preview('no-such-course');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('There is no course no-such-course.');
    const later = await preview('preview-course', { version: 2 });
    expect(later.status).toBe(404);
    expect(later.body.error.message).toBe('Course preview-course has no version 2: its live version is 1.');
    for (const body of [{ version: 'latest' }, { version: -1 }, { version: 0, tracking: true }]) {
      expect((await preview('preview-course', body)).status).toBe(400);
    }
    await stack.app.strapi.db.query(COURSE_UID).create({ data: { courseId: 'preview-uploading', title: 'Uploading', status: 'uploading', launchable: false } });
    const uploading = await preview('preview-uploading');
    expect(uploading.status).toBe(409);
    expect(uploading.body.error.message).toBe('Course preview-uploading has no imported version in SCORM Cloud yet, so there is nothing to preview.');
  });

  it('is open to whoever may read courses, and to nobody else', async () => {
    const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.courses.read']);
    expect((await preview('preview-course', {}, reader)).status).toBe(200);
    const registrar = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read']);
    expect((await preview('preview-course', {}, registrar)).status).toBe(403);
  });

  // V1 only signs the link: the Cloud is first called when the browser opens it.
  itOn('v2')('says in words when SCORM Cloud cannot be reached', async () => {
    await stack.fault('previewCourse', { type: 'http5xx', status: 503, count: 'all' });
    try {
      const res = await preview('preview-course');
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain('SCORM Cloud could not be reached to preview the course');
    } finally {
      await stack.control('faults', undefined, 'DELETE');
    }
  });
});
