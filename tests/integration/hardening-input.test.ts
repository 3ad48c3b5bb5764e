/**
 * Issue 12: control characters (a NUL byte above all, which PostgreSQL cannot hold in text) in IDs,
 * query parameters and bodies answer a clear 400 before reaching the database, on every database and
 * on public routes too; personal data is served with `Cache-Control: no-store`.
 */
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { createApiToken, createLearner, grantRole, pluginActions } from '../helpers/strapi';
import { REG_UID, seedCourse } from './results-fixtures';

const LEARNER_ACTIONS = pluginActions('learner-registrations.create', 'learner-registrations.me', 'learner-registrations.findOne');

describe.each(availableDatabases())('input and caching hardening (%s)', (database) => {
  let stack: Stack;
  let apiToken: string;
  let adminToken: string;
  let courseId: string;
  const registrationCount = () => stack.app.strapi.db.query(REG_UID).count({});
  const expectControlRefusal = (res: { status: number; body: any }, where: string) => {
    expect({ status: res.status, code: res.body?.error?.details?.code, name: res.body?.error?.name }).toEqual({
      status: 400,
      code: 'CONTROL_CHARACTER',
      name: 'InputError',
    });
    expect(res.body.error.message).toContain(where);
  };

  beforeAll(async () => {
    stack = await bootStack({ database });
    await grantRole(stack.app, 'authenticated', LEARNER_ACTIONS);
    await grantRole(stack.app, 'public', ['plugin::scorm-cloud.learner-courses.find', 'plugin::scorm-cloud.learner-courses.findOne']);
    apiToken = await createApiToken(stack.app);
    adminToken = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read', 'plugin::scorm-cloud.courses.read']);
    courseId = (await seedCourse(stack, `course-hin-${database}`)).courseId;
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  describe('a NUL byte or other control character answers 400', () => {
    it.each([
      ['GET', '/api/scorm-cloud/courses/c%00x'],
      ['GET', '/api/scorm-cloud/registrations/r%00x/exit'],
      ['GET', '/api/scorm-cloud/launch-tickets/t%00x'],
      ['GET', '/api/scorm-cloud/direct-uploads/c%00x/complete?state=abc'],
      ['GET', '/api/scorm-cloud/registrations/r%1Bx'],
    ])('in the path of public route %s %s', async (method, path) => {
      const res = await stack.app.request()[method.toLowerCase() as 'get'](path);
      expectControlRefusal(res, 'the path');
    });

    it('in a query parameter, public and admin routes alike', async () => {
      expectControlRefusal(await stack.app.request().get('/api/scorm-cloud/courses?q=a%00b'), 'query parameter q');
      const admin = (path: string) => stack.app.request().get(path).set('Authorization', `Bearer ${adminToken}`);
      expectControlRefusal(await admin('/scorm-cloud/registrations?q=a%00b'), 'query parameter q');
      expectControlRefusal(await admin('/scorm-cloud/registrations?courseId=%00'), 'query parameter courseId');
      expectControlRefusal(await admin('/scorm-cloud/courses?q=%07'), 'query parameter q');
      expectControlRefusal(await admin('/scorm-cloud/registrations/r%00x'), 'the path');
    });

    it('in a body, changing nothing', async () => {
      const before = await registrationCount();
      const res = await stack.app
        .request()
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId, learner: { id: 'site-nul', firstName: 'Ada\u0000', lastName: 'Lovelace' } });
      expectControlRefusal(res, 'body field learner.firstName');
      expect(await registrationCount()).toBe(before);
    });

    it('while clean requests of the same routes pass the guard', async () => {
      expect((await stack.app.request().get('/api/scorm-cloud/courses/no-such-course')).status).toBe(404);
      const admin = await stack.app.request().get('/scorm-cloud/registrations?q=ada%20lovelace').set('Authorization', `Bearer ${adminToken}`);
      expect(admin.status).toBe(200);
      expect((await stack.app.request().get('/scorm-cloud/registrations/no-such-registration').set('Authorization', `Bearer ${adminToken}`)).status).toBe(404);
    });
  });

  describe('personal data is served with Cache-Control: no-store', () => {
    it('GET /me/registrations', async () => {
      const { jwt } = await createLearner(stack.app);
      const res = await stack.app.request().get('/api/scorm-cloud/me/registrations').set('Authorization', `Bearer ${jwt}`);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('GET /registrations/:registrationId, found or not, and the assignment that answers it', async () => {
      const created = await stack.app
        .request()
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId, learner: { id: 'site-cache', firstName: 'Grace', lastName: 'Hopper' } });
      expect(created.status).toBe(201);
      expect(created.headers['cache-control']).toBe('no-store');
      const registrationId = created.body.data.registrationId as string;
      expect(registrationId).toMatch(/^reg-/);
      const one = await stack.app.request().get(`/api/scorm-cloud/registrations/${registrationId}`).set('Authorization', `Bearer ${apiToken}`);
      expect(one.status).toBe(200);
      expect(one.body.data.registrationId).toBe(registrationId);
      expect(one.headers['cache-control']).toBe('no-store');
      const missing = await stack.app.request().get('/api/scorm-cloud/registrations/reg-none').set('Authorization', `Bearer ${apiToken}`);
      expect(missing.status).toBe(404);
      expect(missing.headers['cache-control']).toBe('no-store');
    });
  });
});
