/**
 * A refused upload leaves nothing launchable: a title that fails validation stops the request before the
 * package reaches the Cloud, even when busboy already holds the file part in the same chunk.
 */
import { bootStack, type Stack } from '../helpers/stack';
import { availableDatabases } from '../helpers/databases';
import { scorm12Single } from '../helpers/packages';

describe.each(availableDatabases())('refused uploads on %s', (database) => {
  let stack: Stack;
  let token: string;

  const courses = () => stack.app.strapi.db.query('plugin::scorm-cloud.course').findMany({});

  beforeAll(async () => {
    stack = await bootStack({ database });
    token = await stack.app.superAdminToken();
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('answers 400 for a title that is too long, sends nothing to the Cloud and stores no course', async () => {
    const before = await courses();
    const importsBefore = await stack.calls('importCourseAsync');
    const res = await stack.app
      .request()
      .post('/scorm-cloud/courses')
      .set({ Authorization: `Bearer ${token}` })
      .field('title', 'T'.repeat(300))
      .attach('file', await scorm12Single('Refused Title'), 'refused.zip');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/255/);
    expect(await stack.calls('importCourseAsync')).toBe(importsBefore);
    const after = await courses();
    expect(after).toHaveLength(before.length);
    expect(after.filter((row: { packageName: string }) => row.packageName === 'refused.zip')).toEqual([]);
    // The Cloud never heard of it either.
    expect((await stack.cloud.getCourseList()).map((c) => c.title)).not.toContain('Refused Title');
  });
});
