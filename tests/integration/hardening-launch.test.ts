/**
 * Launch, exit, self-registration and postbacks against misuse: one learner cannot use up a course's
 * launch limit for everyone behind the same address.
 */
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { createLearner, grantRole } from '../helpers/strapi';
import { seedCourse } from './results-fixtures';

const RETURN_ORIGIN = 'https://learn.example.com';
const DEFAULT_RETURN = 'https://www.example.org/courses';
const LAUNCH_LIMIT = 60;
const LEARNER_ACTIONS = ['learner-registrations.create', 'launches.course', 'launches.registration', 'launches.courseTicket', 'launches.ticket'].map(
  (a) => `plugin::scorm-cloud.${a}`,
);

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
});
