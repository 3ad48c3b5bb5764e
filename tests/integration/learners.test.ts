/**
 * Learners are users-permissions users: the admin picks them (by search, several at once, or a whole
 * role), the registration is linked to the user so it shows in their `/me/registrations`, names come
 * from the user and never a placeholder, a rename reaches SCORM Cloud, and a deleted user's
 * registrations follow `learners.onUserDelete`.
 */
import { availableDatabases } from '../helpers/databases';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { createLearner, grantRole, pluginActions, watchWarnings } from '../helpers/strapi';
import { COURSE_UID, REG_UID, seedCourse } from './results-fixtures';

const USER_UID = 'plugin::users-permissions.user' as any;
/** Saves a user the way the Content Manager does (the Document Service), so the plugin's lifecycle listeners run. */
const updateUser = (stack: Stack, documentId: string, data: Record<string, unknown>) =>
  stack.app.strapi.documents(USER_UID).update({ documentId, data: data as never });

/** The registration as the emulator (SCORM Cloud) holds it. */
const cloudLearner = async (stack: Stack, registrationId: string) => {
  const { registration } = await stack.control<{ registration: { learnerId: string; firstName: string; lastName: string; email: string } }>(
    `registrations/${encodeURIComponent(registrationId)}?appId=${TEST_APP.appId}`,
  );
  return { learnerId: registration.learnerId, firstName: registration.firstName, lastName: registration.lastName, email: registration.email };
};

describe.each(availableDatabases())('learners as users on %s', (database) => {
  let stack: Stack;
  let admin: string;
  let warnings: string[];
  const rowsOf = (userDocumentId: string) => stack.app.strapi.db.query(REG_UID).findMany({ where: { userDocumentId } });

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { poller: { enabled: false }, retries: 0 } });
    await grantRole(stack.app, 'authenticated', pluginActions('learner-registrations.me'));
    admin = await stack.app.superAdminToken();
    warnings = watchWarnings(stack.app);
    await seedCourse(stack, 'learners-course');
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  const asAdmin = (method: 'get' | 'post', path: string, token = admin) =>
    stack.app.request()[method](`/scorm-cloud${path}`).set('Authorization', `Bearer ${token}`);

  it('finds users by part of their username or e-mail, a page at a time, for those who may assign courses', async () => {
    const suffix = database.slice(0, 2);
    await createLearner(stack.app, `zebra${suffix}one`);
    await createLearner(stack.app, `zebra${suffix}two`);
    await createLearner(stack.app, `other${suffix}`);

    const byName = await asAdmin('get', `/learners/users?q=ZEBRA${suffix}`);
    expect(byName.status).toBe(200);
    expect(byName.body.data.map((u: { username: string }) => u.username)).toEqual([`zebra${suffix}one`, `zebra${suffix}two`]);
    expect(byName.body.data[0]).toMatchObject({ email: `zebra${suffix}one@example.com`, blocked: false, role: 'Authenticated' });
    expect(byName.body.data[0]).not.toHaveProperty('password');
    expect(byName.body.meta.pagination).toEqual({ page: 1, pageSize: 20, total: 2, pageCount: 1 });

    const byEmail = await asAdmin('get', `/learners/users?q=${encodeURIComponent(`other${suffix}@example`)}`);
    expect(byEmail.body.data.map((u: { username: string }) => u.username)).toEqual([`other${suffix}`]);

    const second = await asAdmin('get', `/learners/users?q=zebra${suffix}&pageSize=1&page=2`);
    expect(second.body.data.map((u: { username: string }) => u.username)).toEqual([`zebra${suffix}two`]);

    // "%" is a character to find, not a wildcard.
    expect((await asAdmin('get', '/learners/users?q=%25')).body.data).toEqual([]);

    const roles = await asAdmin('get', '/learners/roles');
    expect(roles.status).toBe(200);
    const authenticated = roles.body.data.find((r: { type: string }) => r.type === 'authenticated');
    expect(authenticated).toMatchObject({ name: 'Authenticated' });
    expect(authenticated.users).toBeGreaterThanOrEqual(3);

    const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read']);
    expect((await asAdmin('get', '/learners/users', reader)).status).toBe(403);
    expect((await asAdmin('get', '/learners/roles', reader)).status).toBe(403);
  });

  it('assigns a course to two users, then to their whole role, once each; the learners see it', async () => {
    const ann = await createLearner(stack.app, `ann${database}`);
    const bob = await createLearner(stack.app, `bob${database}`);
    const roleId = (await stack.app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } })).id;
    const roleSize = await stack.app.strapi.db.query(USER_UID).count({ where: { role: roleId } });

    const two = await asAdmin('post', '/registrations/assignments').send({
      courseId: 'learners-course',
      userDocumentIds: [ann.user.documentId, bob.user.documentId, ann.user.documentId],
    });
    expect(two.status).toBe(200);
    expect(two.body.data).toEqual({ created: 2, existing: 0, failed: [] });

    // The registration is linked to the user and named after them: the username, and no last name.
    const [annRow] = await rowsOf(ann.user.documentId);
    expect(annRow).toMatchObject({ learnerId: `u-${ann.user.documentId}`, learnerFirstName: `ann${database}`, learnerEmail: `ann${database}@example.com` });
    expect(annRow.learnerLastName ?? '').toBe('');
    const inCloud = await cloudLearner(stack, annRow.registrationId);
    expect(inCloud.firstName).toBe(`ann${database}`);
    // V1 requires a last name: the one name is sent again rather than a placeholder.
    expect(inCloud.lastName).toBe(stack.apiVersion === 'v1' ? `ann${database}` : '');

    const mine = await stack.app.http.get('/api/scorm-cloud/me/registrations').set('Authorization', `Bearer ${ann.jwt}`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((r: { course: { courseId: string } }) => r.course.courseId)).toEqual(['learners-course']);

    const role = await asAdmin('post', '/registrations/assignments').send({ courseId: 'learners-course', roleId });
    expect(role.status).toBe(200);
    expect(role.body.data).toEqual({ created: roleSize - 2, existing: 2, failed: [] });
    const course = await stack.app.strapi.db.query(COURSE_UID).findOne({ where: { courseId: 'learners-course' } });
    expect(await stack.app.strapi.db.query(REG_UID).count({ where: { course: course.id } })).toBe(roleSize);
  });

  it('refuses an assignment it cannot make, in words, and creates nothing', async () => {
    const count = () => stack.app.strapi.db.query(REG_UID).count();
    const before = await count();
    const none = await asAdmin('post', '/registrations/assignments').send({ courseId: 'learners-course' });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain('name the users (userDocumentIds) or a role (roleId)');
    const role = await asAdmin('post', '/registrations/assignments').send({ courseId: 'learners-course', roleId: 999999 });
    expect(role.status).toBe(404);
    expect(role.body.error.message).toBe('No users-permissions role with id 999999.');
    const course = await asAdmin('post', '/registrations/assignments').send({ courseId: 'no-such-course', userDocumentIds: ['x'] });
    expect(course.status).toBe(404);
    const gone = await asAdmin('post', '/registrations/assignments').send({ courseId: 'learners-course', userDocumentIds: ['no-such-user'] });
    expect(gone.status).toBe(200);
    expect(gone.body.data).toEqual({
      created: 0,
      existing: 0,
      failed: [{ userDocumentId: 'no-such-user', username: null, message: 'This user no longer exists.' }],
    });
    const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read']);
    expect((await asAdmin('post', '/registrations/assignments', reader).send({ courseId: 'learners-course', userDocumentIds: ['x'] })).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it("renames the learner in SCORM Cloud and on their registrations when the user's name changes", async () => {
    const cy = await createLearner(stack.app, `cy${database}`);
    await asAdmin('post', '/registrations/assignments').send({ courseId: 'learners-course', userDocumentIds: [cy.user.documentId] });
    const [row] = await rowsOf(cy.user.documentId);

    // The Cloud refuses: the rows keep the old name (so the next save tries again) and the log says why.
    await stack.fault('updateLearnerInfo', { type: 'http5xx', status: 500, count: 1 });
    await updateUser(stack, cy.user.documentId, { username: `cyril${database}` });
    expect((await rowsOf(cy.user.documentId))[0].learnerFirstName).toBe(`cy${database}`);
    expect((await cloudLearner(stack, row.registrationId)).firstName).toBe(`cy${database}`);
    expect(warnings.some((w) => w.includes(`user ${cy.user.documentId} was renamed, but SCORM Cloud could not be told`))).toBe(true);

    await updateUser(stack, cy.user.documentId, { email: `cyril${database}@example.org` });
    // V1's updateLearnerInfo takes names only: the Cloud keeps the e-mail the registration was created with.
    const email = stack.apiVersion === 'v1' ? `cy${database}@example.com` : `cyril${database}@example.org`;
    expect(await cloudLearner(stack, row.registrationId)).toMatchObject({ firstName: `cyril${database}`, email });
    const [renamed] = await rowsOf(cy.user.documentId);
    expect(renamed).toMatchObject({ learnerFirstName: `cyril${database}`, learnerEmail: `cyril${database}@example.org` });
    // The admin search finds the new name.
    const found = await asAdmin('get', `/registrations?q=cyril${database}`);
    expect(found.body.data.map((r: { registrationId: string }) => r.registrationId)).toEqual([row.registrationId]);

    // A save that changes no name sends nothing to the Cloud.
    const calls = await stack.calls('updateLearnerInfo');
    await updateUser(stack, cy.user.documentId, { blocked: false });
    expect(await stack.calls('updateLearnerInfo')).toBe(calls);
  });

  it('keeps the registrations of a deleted user by default', async () => {
    const dee = await createLearner(stack.app, `dee${database}`);
    await asAdmin('post', '/registrations/assignments').send({ courseId: 'learners-course', userDocumentIds: [dee.user.documentId] });
    await stack.app.strapi.documents(USER_UID).delete({ documentId: dee.user.documentId });
    const [kept] = await rowsOf(dee.user.documentId);
    expect(kept).toMatchObject({ learnerFirstName: `dee${database}`, learnerEmail: `dee${database}@example.com` });
    expect((await cloudLearner(stack, kept.registrationId)).firstName).toBe(`dee${database}`);
  });
});

describe('a deleted user\'s registrations, by "learners.onUserDelete", on sqlite', () => {
  const boot = (learners: Record<string, unknown>) => bootStack({ database: 'sqlite', pluginConfig: { poller: { enabled: false }, retries: 0, learners } });

  async function learnerWithCourse(stack: Stack, name: string) {
    await seedCourse(stack, `course-${name}`);
    const learner = await createLearner(stack.app, name);
    const admin = await stack.app.superAdminToken();
    const res = await stack.app
      .request()
      .post('/scorm-cloud/registrations/assignments')
      .set('Authorization', `Bearer ${admin}`)
      .send({ courseId: `course-${name}`, userDocumentIds: [learner.user.documentId] });
    expect(res.body.data.created).toBe(1);
    const row = await stack.app.strapi.db.query(REG_UID).findOne({ where: { userDocumentId: learner.user.documentId } });
    return { learner, row };
  }

  it('anonymise: names and e-mail go here and in SCORM Cloud, the results stay', async () => {
    const stack = await boot({ onUserDelete: 'anonymise' });
    try {
      const { learner, row } = await learnerWithCourse(stack, 'eve');
      await stack.app.strapi.db.query(REG_UID).update({ where: { id: row.id }, data: { complete: 'complete', cloudComplete: 'complete' } });
      await stack.app.strapi.documents(USER_UID).delete({ documentId: learner.user.documentId });
      const after = await stack.app.strapi.db.query(REG_UID).findOne({ where: { registrationId: row.registrationId } });
      expect(after).toMatchObject({
        learnerId: `u-${learner.user.documentId}`,
        learnerFirstName: null,
        learnerLastName: null,
        learnerEmail: null,
        userDocumentId: null,
      });
      expect(after.complete).toBe('complete');
      const inCloud = await cloudLearner(stack, row.registrationId);
      expect(inCloud.firstName).not.toContain('eve');
      expect(inCloud.email).toBe(stack.apiVersion === 'v1' ? 'eve@example.com' : '');
    } finally {
      await stack.destroy();
    }
  });

  it('delete: the registrations go here and in SCORM Cloud', async () => {
    const stack = await boot({ onUserDelete: 'delete', dataDeletionEmail: 'owner@example.com' });
    try {
      const { learner, row } = await learnerWithCourse(stack, 'fay');
      await stack.app.strapi.documents(USER_UID).delete({ documentId: learner.user.documentId });
      expect(await stack.app.strapi.db.query(REG_UID).count({ where: { registrationId: row.registrationId } })).toBe(0);
      await expect(stack.control(`registrations/${row.registrationId}?appId=${TEST_APP.appId}`)).rejects.toThrow(/404|Unknown registration/);
      // V2 also asks SCORM Cloud to erase the learner's personal data; V1 has no such call.
      const erasures = await stack.control<{ count: number }>(`calls?method=${encodeURIComponent('v2:POST /learner/{learnerId}/delete-information')}`);
      expect(erasures.count).toBe(stack.apiVersion === 'v2' ? 1 : 0);
    } finally {
      await stack.destroy();
    }
  });

  it('refuses an unknown policy at startup, naming the key', async () => {
    await expect(boot({ onUserDelete: 'forget' })).rejects.toThrow(/learners\.onUserDelete/);
  });
});
