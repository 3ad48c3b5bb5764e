/**
 * Attempts: an editor starts a learner's next attempt (a new registration; the old one stays for
 * reports, and launches open the newest), a reset clears this attempt's progress and its override with an
 * entry in the history, and learners start over themselves only where `registration.learnerNewAttempts`
 * allows it.
 */
import { availableDatabases } from '../helpers/databases';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { createApiToken, createLearner, grantRole, pluginActions } from '../helpers/strapi';
import { REG_UID, seedCourse } from './results-fixtures';
import { RESET_REASON } from '../../server/src/registrations/service';

const LEARNER = pluginActions('launches.course', 'learner-registrations.me', 'learner-registrations.newAttempt');

async function assignUser(stack: Stack, admin: string, courseId: string) {
  const learner = await createLearner(stack.app);
  const res = await stack.app
    .request()
    .post('/scorm-cloud/registrations/assignments')
    .set('Authorization', `Bearer ${admin}`)
    .send({ courseId, userDocumentIds: [learner.user.documentId] });
  expect(res.body.data.created).toBe(1);
  const row = await stack.app.strapi.db.query(REG_UID).findOne({ where: { userDocumentId: learner.user.documentId } });
  return { learner, registrationId: row.registrationId as string };
}

describe.each(availableDatabases())('attempts on %s', (database) => {
  let stack: Stack;
  let admin: string;
  const COURSE = `attempts-${database}`;
  const asAdmin = (method: 'post' | 'put' | 'get', path: string, token = admin) =>
    stack.app.request()[method](`/scorm-cloud${path}`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { poller: { enabled: false }, retries: 0 } });
    await grantRole(stack.app, 'authenticated', LEARNER);
    admin = await stack.app.superAdminToken();
    await seedCourse(stack, COURSE);
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it("starts the learner's next attempt, keeps the first for reports, and launches the newest", async () => {
    const { learner, registrationId: first } = await assignUser(stack, admin, COURSE);
    await stack.app.strapi.db
      .query(REG_UID)
      .update({ where: { registrationId: first }, data: { cloudComplete: 'complete', complete: 'complete', cloudScore: 55, score: 55 } });

    const res = await asAdmin('post', `/registrations/${first}/new-attempt`);
    expect(res.status).toBe(201);
    const second = res.body.data;
    expect(second).toMatchObject({
      attempt: 2,
      learnerId: `u-${learner.user.documentId}`,
      userDocumentId: learner.user.documentId,
      complete: 'unknown',
      score: null,
    });
    expect(second.registrationId).not.toBe(first);
    expect(await stack.cloud.registrationExists(second.registrationId)).toBe(true);
    expect(await stack.app.strapi.db.query(REG_UID).findOne({ where: { registrationId: first } })).toMatchObject({
      attempt: 1,
      complete: 'complete',
      score: 55,
    });

    // Only the newest attempt has a next one: from the first, the editor is sent to the second.
    const stale = await asAdmin('post', `/registrations/${first}/new-attempt`);
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe("This is attempt 1; the learner's newest is attempt 2, from which a next one can be started.");
    const third = await asAdmin('post', `/registrations/${second.registrationId}/new-attempt`);
    expect(third.body.data.attempt).toBe(3);

    const launch = await stack.app.http
      .get(`/api/scorm-cloud/courses/${COURSE}/launch`)
      .set('Authorization', `Bearer ${learner.jwt}`)
      .set('Accept', 'application/json');
    expect(launch.status).toBe(200);
    expect(launch.body.data.registrationId).toBe(third.body.data.registrationId);
    const mine = await stack.app.http.get('/api/scorm-cloud/me/registrations').set('Authorization', `Bearer ${learner.jwt}`);
    expect(mine.body.data.map((r: { attempt: number }) => r.attempt)).toEqual([3, 2, 1]);
  });

  it('creates one attempt for two clicks at once', async () => {
    const { registrationId } = await assignUser(stack, admin, COURSE);
    const answers = await Promise.all([
      asAdmin('post', `/registrations/${registrationId}/new-attempt`),
      asAdmin('post', `/registrations/${registrationId}/new-attempt`),
    ]);
    // Both at once meet the attempt key's unique index and get the same attempt; one after the other, the
    // second is refused because the first is no longer the newest.
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.data.registrationId)).size).toBe(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    const learnerId = created[0].body.data.learnerId;
    expect(await stack.app.strapi.db.query(REG_UID).count({ where: { learnerId } })).toBe(2);
  });

  it('refuses a new attempt to those who may not assign, and for an unknown registration', async () => {
    const { registrationId } = await assignUser(stack, admin, COURSE);
    const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read']);
    expect((await asAdmin('post', `/registrations/${registrationId}/new-attempt`, reader)).status).toBe(403);
    const unknown = await asAdmin('post', '/registrations/no-such-registration/new-attempt');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No registration "no-such-registration".');
    expect(await stack.app.strapi.db.query(REG_UID).count({ where: { registrationId: { $startsWith: registrationId } } })).toBe(1);
  });

  it("resets this attempt's progress and clears its override with an entry in the history", async () => {
    const { registrationId } = await assignUser(stack, admin, COURSE);
    await stack.control(`registrations/${registrationId}/runtime`, { completion: 'completed', success: 'passed', score: 90, sessionTime: 60 });
    expect((await asAdmin('post', `/registrations/${registrationId}/refresh`)).body.data).toMatchObject({ complete: 'complete', score: 90 });
    expect((await asAdmin('put', `/registrations/${registrationId}/override`).send({ success: 'failed', reason: 'Copied answers' })).status).toBe(200);

    const reset = await asAdmin('post', `/registrations/${registrationId}/reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.data).toMatchObject({
      complete: 'unknown',
      success: 'unknown',
      score: null,
      overridden: { complete: false, success: false, score: false },
      cloud: { complete: 'unknown', success: 'unknown', score: null },
    });
    const history = reset.body.data.overrideHistory;
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({
      action: 'clear',
      reason: RESET_REASON,
      previous: { success: 'failed' },
      values: { complete: null, success: null, score: null },
    });
    expect(history[1].by.email).toMatch(/^super-.*@example\.com$/);
    // The Cloud forgot the progress too.
    const { summary } = await stack.control(`registrations/${registrationId}?appId=${TEST_APP.appId}`);
    expect(summary).toMatchObject({ complete: 'unknown', score: null });

    // Without an override, a reset adds nothing to the history.
    const again = await asAdmin('post', `/registrations/${registrationId}/reset`);
    expect(again.body.data.overrideHistory).toHaveLength(2);
  });
});

describe('new attempts by the learner, by "registration.learnerNewAttempts", on sqlite', () => {
  const boot = async (learnerNewAttempts?: string) => {
    const stack = await bootStack({ database: 'sqlite', pluginConfig: { poller: { enabled: false }, retries: 0, registration: { learnerNewAttempts } } });
    await grantRole(stack.app, 'authenticated', LEARNER);
    await seedCourse(stack, 'own-attempts');
    return stack;
  };
  const startOver = (stack: Stack, jwt: string, courseId = 'own-attempts') =>
    stack.app.http.post(`/api/scorm-cloud/courses/${courseId}/new-attempt`).set('Authorization', `Bearer ${jwt}`);

  it('never (the default): editors start new attempts', async () => {
    const stack = await boot(undefined);
    try {
      const { learner } = await assignUser(stack, await stack.app.superAdminToken(), 'own-attempts');
      const res = await startOver(stack, learner.jwt);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('A new attempt at a course is started by an editor on this site.');
      expect(await stack.app.strapi.db.query(REG_UID).count({ where: { userDocumentId: learner.user.documentId } })).toBe(1);
    } finally {
      await stack.destroy();
    }
  });

  it('afterCompletion: once the newest attempt is complete', async () => {
    const stack = await boot('afterCompletion');
    try {
      const { learner, registrationId } = await assignUser(stack, await stack.app.superAdminToken(), 'own-attempts');
      const early = await startOver(stack, learner.jwt);
      expect(early.status).toBe(409);
      expect(early.body.error.message).toBe('Finish attempt 1 of this course before starting another.');

      await stack.app.strapi.db.query(REG_UID).update({ where: { registrationId }, data: { cloudComplete: 'complete', complete: 'complete' } });
      const res = await startOver(stack, learner.jwt);
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ attempt: 2, userDocumentId: learner.user.documentId });
      expect(res.headers['cache-control']).toBe('no-store');
      // Attempt 2 is not complete: no third yet.
      expect((await startOver(stack, learner.jwt)).status).toBe(409);

      const stranger = await createLearner(stack.app);
      const none = await startOver(stack, stranger.jwt);
      expect(none.status).toBe(404);
      expect(none.body.error.message).toContain('launch it to start your first attempt');
      // An API token acts for no learner here.
      const token = await createApiToken(stack.app);
      const byToken = await startOver(stack, token);
      expect(byToken.status).toBe(403);
      expect(byToken.body.error.message).toContain('users-permissions JWT');
    } finally {
      await stack.destroy();
    }
  });

  it('refuses an unknown rule at startup, naming the key', async () => {
    await expect(boot('sometimes')).rejects.toThrow(/registration\.learnerNewAttempts/);
  });
});
