/**
 * Launch, exit, self-registration and postbacks against misuse: one learner cannot use up a course's
 * launch limit for everyone behind the same address.
 */
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { createApiToken, createLearner, grantRole, pluginActions } from '../helpers/strapi';
import { REG_UID, seedCourse } from './results-fixtures';

const RETURN_ORIGIN = 'https://learn.example.com';
const DEFAULT_RETURN = 'https://www.example.org/courses';
const LAUNCH_LIMIT = 60;
const LEARNER_ACTIONS = pluginActions('learner-registrations.create', 'launches.course', 'launches.registration', 'launches.courseTicket', 'launches.ticket');

describe.each(availableDatabases())('launch hardening (%s)', (database) => {
  let stack: Stack;
  let course: { id: number; courseId: string };

  const launchCourse = (jwt: string, courseId = course.courseId) =>
    stack.app.http.get(`/api/scorm-cloud/courses/${courseId}/launch`).set('Authorization', `Bearer ${jwt}`).set('Accept', 'application/json');

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { launch: { allowedReturnOrigins: [RETURN_ORIGIN], defaultReturnUrl: DEFAULT_RETURN } } });
    await grantRole(stack.app, 'authenticated', LEARNER_ACTIONS);
    course = await seedCourse(stack, `course-hl-${database}`);
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  describe('the launch limit', () => {
    it('counts per learner and course: one learner using it up leaves the others behind the same address launching', async () => {
      const a = await createLearner(stack.app);
      const b = await createLearner(stack.app);
      for (let i = 0; i < LAUNCH_LIMIT; i++) expect((await launchCourse(a.jwt)).status).toBe(200);
      // The same address (every request here comes from 127.0.0.1), another learner: not limited.
      const other = await launchCourse(b.jwt);
      expect(other.status).toBe(200);
      expect(other.body.data.url).toEqual(expect.any(String));
      const redirected = await stack.app.http.get(`/api/scorm-cloud/courses/${course.courseId}/launch`).set('Authorization', `Bearer ${b.jwt}`);
      expect(redirected.status).toBe(302);
      const limited = await launchCourse(a.jwt);
      expect(limited.status).toBe(429);
      expect(limited.body.error).toMatchObject({ name: 'TooManyRequestsError', details: { code: 'TOO_MANY_REQUESTS' } });
      expect(limited.body.error.message).toMatch(/too many launches.*try again/i);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    });
  });

  describe('the exit route', () => {
    /** Opens the Cloud's launch URL and leaves the player as the learner would: its exit sends the browser to the URL the plugin gave the Cloud. */
    async function exitGivenToCloud(launchUrl: string): Promise<URL> {
      const player = await fetch(launchUrl, { redirect: 'manual' });
      expect(player.status).toBe(302);
      const page = new URL(player.headers.get('location') ?? '', launchUrl);
      expect(page.pathname).toMatch(/^\/_player\/[^/]+\/$/);
      const left = await fetch(new URL('exit', page), { redirect: 'manual' });
      expect(left.status).toBe(302);
      return new URL(left.headers.get('location') ?? '');
    }
    const exit = (url: URL | string) => stack.app.http.get(typeof url === 'string' ? url : url.pathname + url.search);

    it("sends the learner back to the launch's own return address only through the exit URL given to the Cloud", async () => {
      const learner = await createLearner(stack.app);
      const returnTo = `${RETURN_ORIGIN}/courses/${course.courseId}?done=1`;
      const launched = await stack.app.http
        .get(`/api/scorm-cloud/courses/${course.courseId}/launch`)
        .query({ returnTo })
        .set('Authorization', `Bearer ${learner.jwt}`);
      expect(launched.status).toBe(302);
      if (stack.apiVersion === 'v1') {
        // V1: the launch URL is signed here and names the exit URL itself.
        const redirect = new URL(new URL(launched.headers.location).searchParams.get('redirecturl') ?? '');
        expect(redirect.searchParams.get('returnTo')).toBe(returnTo);
        expect(redirect.searchParams.get('sig')).toEqual(expect.any(String));
      }
      const given = await exitGivenToCloud(launched.headers.location);
      const registrationId = decodeURIComponent(/\/registrations\/([^/]+)\/exit$/.exec(given.pathname)?.[1] ?? '');
      expect(registrationId).toMatch(/^reg-/);
      expect(given.searchParams.get('returnTo')).toBe(returnTo);

      const followed = await exit(given);
      expect(followed.status).toBe(302);
      expect(followed.headers.location).toBe(returnTo);

      // The exit URL an outsider can build from the registration ID alone: the configured default, never returnTo.
      const bare = await exit(`/api/scorm-cloud/registrations/${registrationId}/exit`);
      expect(bare.status).toBe(302);
      expect(bare.headers.location).toBe(DEFAULT_RETURN);

      // A signature changed, or moved to another (even allowed) address: the default as well.
      const sig = given.searchParams.get('sig') ?? '';
      const tampered = new URL(given);
      tampered.searchParams.set('sig', `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
      const elsewhere = new URL(given);
      elsewhere.searchParams.set('returnTo', `${RETURN_ORIGIN}/phishing`);
      const otherRegistration = new URL(given.toString().replace(registrationId, 'reg-0000000000000000000000000000000000000000'));
      for (const url of [tampered, elsewhere, otherRegistration]) {
        const res = await exit(url);
        expect({ url: url.toString(), status: res.status, location: res.headers.location }).toEqual({
          url: url.toString(),
          status: 302,
          location: DEFAULT_RETURN,
        });
      }
    });

    it('gives a launch without returnTo the plain exit URL, which answers the configured default', async () => {
      const learner = await createLearner(stack.app);
      const launched = await launchCourse(learner.jwt);
      expect(launched.status).toBe(200);
      const given = await exitGivenToCloud(launched.body.data.url);
      expect(given.search).toBe('');
      const res = await exit(given);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(DEFAULT_RETURN);
    });
  });

  describe('self-registration', () => {
    const selfRegister = (jwt: string, courseId: string) =>
      stack.app.http.post('/api/scorm-cloud/registrations').set('Authorization', `Bearer ${jwt}`).send({ courseId });
    const rowsOf = (userDocumentId: string) => stack.app.strapi.db.query(REG_UID).count({ where: { userDocumentId } });

    it("with createOn 'assign' is refused (403, nothing created) while a site backend still assigns, and an assigned learner reads theirs", async () => {
      const config = stack.app.strapi.plugin('scorm-cloud').service('config').get();
      config.registration.createOn = 'assign';
      try {
        const learner = await createLearner(stack.app);
        const refused = await selfRegister(learner.jwt, course.courseId);
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toMatch(/assigned to learners on this site/);
        expect(await rowsOf(learner.user.documentId)).toBe(0);

        const token = await createApiToken(stack.app);
        const assigned = await stack.app.http
          .post('/api/scorm-cloud/registrations')
          .set('Authorization', `Bearer ${token}`)
          .send({ courseId: course.courseId, learner: { userDocumentId: learner.user.documentId } });
        expect(assigned.status).toBe(201);
        const again = await selfRegister(learner.jwt, course.courseId);
        expect(again.status).toBe(200);
        expect(again.body.data.registrationId).toBe(assigned.body.data.registrationId);
        expect(await rowsOf(learner.user.documentId)).toBe(1);
      } finally {
        config.registration.createOn = 'launch';
      }
    });

    it('for a course not open to learners is refused (409, nothing created, nothing in the Cloud)', async () => {
      const hidden = await seedCourse(stack, `course-hl-hidden-${database}`);
      await stack.app.strapi.db.query('plugin::scorm-cloud.course' as any).update({ where: { id: hidden.id }, data: { launchable: false } });
      const learner = await createLearner(stack.app);
      const refused = await selfRegister(learner.jwt, hidden.courseId);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/not open to learners/);
      expect(await rowsOf(learner.user.documentId)).toBe(0);
      const inCloud = await stack.cloud.getRegistrationList({ courseId: hidden.courseId });
      expect(inCloud).toHaveLength(0);
    });
  });
});
