/**
 * A course page's details from SCORM Cloud: the learning standard and every version with its date,
 * the live one marked; nothing for a course the Cloud does not have yet; failures in words.
 */
import { Readable } from 'node:stream';
import { availableDatabases } from '../helpers/databases';
import { eventually } from '../helpers/eventually';
import { scorm12Single } from '../helpers/packages';
import { bootStack, type Stack } from '../helpers/stack';
import { COURSE_UID, seedCourse } from './results-fixtures';

describe.each(availableDatabases())('course details on %s', (database) => {
  let stack: Stack;
  let admin: string;
  const COURSE = `details-${database}`;
  const get = (path: string, token = admin) => stack.app.request().get(`/scorm-cloud${path}`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { poller: { enabled: false }, retries: 0 } });
    admin = await stack.app.superAdminToken();
    await seedCourse(stack, COURSE);
    // A second version in the Cloud; the row still names the first as live.
    const { token } = await stack.cloud.importCourseAsync(COURSE, Readable.from([await scorm12Single('Second version')]), { filename: 'v2.zip' });
    await eventually('the second import', async () => (await stack.cloud.getAsyncImportResult(token)).status === 'finished');
    await stack.app.strapi.db.query(COURSE_UID).update({ where: { courseId: COURSE }, data: { version: 0 } });
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('answers the learning standard and the versions, newest first, the live one marked', async () => {
    const res = await get(`/courses/${COURSE}/details`);
    expect(res.status).toBe(200);
    expect(res.body.data.learningStandard).toBe('scorm12');
    expect(res.body.data.versions.map((v: { version: number; live: boolean }) => [v.version, v.live])).toEqual([
      [1, false],
      [0, true],
    ]);
    for (const v of res.body.data.versions) expect(Number.isNaN(Date.parse(v.updatedAt))).toBe(false);
  });

  it('has no details for a course the Cloud does not have yet, and 404 for an unknown one', async () => {
    await stack.app.strapi.db.query(COURSE_UID).create({ data: { courseId: `${COURSE}-new`, title: 'New', status: 'uploading', launchable: false } });
    expect((await get(`/courses/${COURSE}-new/details`)).body.data).toEqual({ learningStandard: null, versions: [] });
    const unknown = await get('/courses/no-such-course/details');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('There is no course no-such-course.');
  });

  it('says in words when SCORM Cloud cannot be reached, and needs courses.read', async () => {
    await stack.fault('getCourseDetail', { type: 'http5xx', status: 503, count: 'all' });
    try {
      const down = await get(`/courses/${COURSE}/details`);
      expect(down.status).toBe(503);
      expect(down.body.error.message).toContain('SCORM Cloud could not be reached to describe the course');
    } finally {
      await stack.control('faults', undefined, 'DELETE');
    }
    const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read']);
    expect((await get(`/courses/${COURSE}/details`, reader)).status).toBe(403);
  });
});
