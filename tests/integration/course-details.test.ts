/**
 * A course page's details from SCORM Cloud: the learning standard, the live version's SCOs, every
 * version with its date and the registrations on it, the live one marked; nothing for a course the
 * Cloud does not have yet; failures in words.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { availableDatabases } from '../helpers/databases';
import { eventually } from '../helpers/eventually';
import { buildZip, scorm12Manifest, scorm12Multi, scorm12Single } from '../helpers/packages';
import { bootStack, type Stack } from '../helpers/stack';
import { COURSE_UID, seedCourse, seedRegistration } from './results-fixtures';

// Real packages live beside the repository, never inside it.
const GOLF = join(resolve(__dirname, '../..', '../shared/fixtures/scorm'), 'scorm12_golf_cp_singlesco.zip');
const golf = existsSync(GOLF);
if (!golf) console.warn(`${GOLF} not found; the course-details test with a real package is skipped`);

/** Three SCOs in one organization: the first version of the versioned course below. */
const threeScos = () =>
  buildZip({
    'imsmanifest.xml': scorm12Manifest({
      title: 'Three parts',
      scos: ['a', 'b', 'c'].map((id) => ({ id, title: `Part ${id}`, href: `${id}.html` })),
    }),
    'a.html': 'a',
    'b.html': 'b',
    'c.html': 'c',
  });

type Version = {
  version: number;
  live: boolean;
  registrationCount: number;
  registrations: Array<{ registrationId: string; learnerFirstName: string | null; learnerLastName: string | null; inStrapi: boolean }>;
};

describe.each(availableDatabases())('course details on %s', (database) => {
  let stack: Stack;
  let admin: string;
  const COURSE = `details-${database}`;
  const get = (path: string, token = admin) => stack.app.request().get(`/scorm-cloud${path}`).set('Authorization', `Bearer ${token}`);
  const importVersion = async (courseId: string, zip: Buffer) => {
    const { token } = await stack.cloud.importCourseAsync(courseId, Readable.from([zip]), { filename: `${courseId}.zip` });
    await eventually(`the import of ${courseId}`, async () => {
      const result = await stack.cloud.getAsyncImportResult(token);
      if (result.status === 'error') throw new Error(`import failed: ${result.error?.message}`);
      return result.status === 'finished';
    });
  };

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
    expect(res.body.data.activities).toEqual({ scos: 1, assets: 0 });
    expect(res.body.data.versions.map((v: { version: number; live: boolean }) => [v.version, v.live])).toEqual([
      [1, false],
      [0, true],
    ]);
    for (const v of res.body.data.versions) expect(Number.isNaN(Date.parse(v.updatedAt))).toBe(false);
  });

  it('has no details for a course the Cloud does not have yet, and 404 for an unknown one', async () => {
    await stack.app.strapi.db.query(COURSE_UID).create({ data: { courseId: `${COURSE}-new`, title: 'New', status: 'uploading', launchable: false } });
    expect((await get(`/courses/${COURSE}-new/details`)).body.data).toEqual({
      learningStandard: null,
      activities: null,
      versions: [],
      registrationsPartial: false,
    });
    const unknown = await get('/courses/no-such-course/details');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('There is no course no-such-course.');
  });

  describe('a course with several SCOs and two versions', () => {
    const MULTI = `details-multi-${database}`;
    let course: { id: number; courseId: string };
    const OLD = Array.from({ length: 11 }, (_, i) => `${MULTI}-old-${String(i).padStart(2, '0')}`);

    beforeAll(async () => {
      await importVersion(MULTI, await threeScos());
      const row = await stack.app.strapi.db
        .query(COURSE_UID)
        .create({ data: { courseId: MULTI, title: 'Three parts', status: 'ready', launchable: true, version: 0 } });
      course = { id: row.id, courseId: MULTI };
      // Our rows name the learners differently from the Cloud (which says Ada Lovelace), so the page's names are ours.
      for (const [i, registrationId] of OLD.entries()) {
        await seedRegistration(stack, { registrationId, course, row: { learnerFirstName: 'Grace', learnerLastName: `Hopper ${i}` } });
      }
    });

    it("counts the live version's SCOs and puts every registration on the only version, naming ten and counting the rest", async () => {
      const res = await get(`/courses/${MULTI}/details`);
      expect(res.status).toBe(200);
      expect(res.body.data.activities).toEqual({ scos: 3, assets: 0 });
      // 11 is far below the counting limit: the counts are whole.
      expect(res.body.data.registrationsPartial).toBe(false);
      const [only, ...others] = res.body.data.versions as Version[];
      expect(others).toEqual([]);
      expect(only).toMatchObject({ version: 0, live: true, registrationCount: 11 });
      expect(only!.registrations).toHaveLength(10);
      for (const r of only!.registrations) {
        expect(OLD).toContain(r.registrationId);
        expect(r).toMatchObject({ learnerFirstName: 'Grace', learnerLastName: expect.stringMatching(/^Hopper \d+$/), inStrapi: true });
      }
    });

    it('keeps the registrations made before a new version on the old one, the new ones on the new, and counts the live version', async () => {
      await importVersion(MULTI, await scorm12Multi('Two parts'));
      await seedRegistration(stack, { registrationId: `${MULTI}-new`, course, row: { learnerFirstName: 'Alan', learnerLastName: 'Turing' } });
      // Made outside Strapi: the Cloud has it, no row does.
      await stack.cloud.createRegistration({ courseId: MULTI, registrationId: `${MULTI}-cloud`, learnerId: 'elsewhere', firstName: 'Cloud', lastName: 'Only' });

      // The row still names version 0 as live: its three SCOs are the ones counted, not the new version's two.
      const before = await get(`/courses/${MULTI}/details`);
      expect(before.body.data.activities).toEqual({ scos: 3, assets: 0 });

      await stack.app.strapi.db.query(COURSE_UID).update({ where: { courseId: MULTI }, data: { version: 1 } });
      const res = await get(`/courses/${MULTI}/details`);
      expect(res.body.data.activities).toEqual({ scos: 2, assets: 0 });
      const [newer, older] = res.body.data.versions as Version[];
      expect(newer).toMatchObject({ version: 1, live: true, registrationCount: 2 });
      expect([...newer!.registrations].sort((a, b) => a.registrationId.localeCompare(b.registrationId))).toEqual([
        { registrationId: `${MULTI}-cloud`, learnerId: 'elsewhere', learnerFirstName: 'Cloud', learnerLastName: 'Only', inStrapi: false },
        { registrationId: `${MULTI}-new`, learnerId: `learner-${MULTI}-new`, learnerFirstName: 'Alan', learnerLastName: 'Turing', inStrapi: true },
      ]);
      expect(older).toMatchObject({ version: 0, live: false, registrationCount: 11 });
      expect(older!.registrations.every((r) => OLD.includes(r.registrationId))).toBe(true);
    });
  });

  (golf ? it : it.skip)("counts the SCO of a real package (Rustici's Golf Explained CP single SCO)", async () => {
    const REAL = `details-golf-${database}`;
    await importVersion(REAL, readFileSync(GOLF));
    await stack.app.strapi.db.query(COURSE_UID).create({ data: { courseId: REAL, title: 'Golf', status: 'ready', launchable: true, version: 0 } });
    const res = await get(`/courses/${REAL}/details`);
    expect(res.body.data.activities).toEqual({ scos: 1, assets: 0 });
    expect(res.body.data.versions).toEqual([expect.objectContaining({ version: 0, live: true, registrationCount: 0, registrations: [] })]);
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
