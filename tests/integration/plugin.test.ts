import { availableDatabases } from '../helpers/databases';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';

const SECRET = 'integration-secret-key-never-shown';

// Boots the built package (dist/), as an app that installed it would.
describe.each(availableDatabases())('the built plugin inside a real Strapi on %s', (database) => {
  let app: TestStrapi;

  beforeAll(async () => {
    app = await bootStrapi({ database, fromDist: true, pluginConfig: { appId: 'TESTAPP', secretKey: SECRET, serviceUrl: 'http://127.0.0.1:9/api' } });
  });
  afterAll(async () => {
    await app?.destroy();
  });

  it('registers the course, registration and postback content types with the fields of the design', () => {
    const course = app.strapi.contentType('plugin::scorm-cloud.course');
    const registration = app.strapi.contentType('plugin::scorm-cloud.registration');
    expect(app.strapi.contentType('plugin::scorm-cloud.postback')).toBeDefined();
    expect(Object.keys(course.attributes)).toEqual(
      expect.arrayContaining([
        'courseId',
        'title',
        'status',
        'importToken',
        'importProgress',
        'importMessage',
        'parserWarnings',
        'error',
        'packageName',
        'packageBytes',
        'version',
        'launchable',
        'nextPollAt',
        'pollAttempts',
        'leaseOwner',
        'leaseUntil',
        'registrations',
      ]),
    );
    expect(Object.keys(registration.attributes)).toEqual(
      expect.arrayContaining([
        'registrationId',
        'course',
        'learnerId',
        'learnerFirstName',
        'learnerLastName',
        'learnerEmail',
        'userDocumentId',
        'attempt',
        'cloudComplete',
        'cloudSuccess',
        'cloudScore',
        'cloudTotalTime',
        'instanceId',
        'reportedAt',
        'reportSource',
        'reportDetail',
        'overrideComplete',
        'overrideSuccess',
        'overrideScore',
        'overrideReason',
        'overriddenBy',
        'overriddenAt',
        'overrideHistory',
        'complete',
        'success',
        'score',
        'cloudStatus',
        'launchCount',
        'lastLaunchedAt',
        'returnUrl',
      ]),
    );
    expect((course.attributes.status as { enum: string[] }).enum).toEqual(['uploading', 'importing', 'ready', 'failed', 'deleting']);
  });

  it('stores and reads a course through the document service', async () => {
    const created = await app.strapi
      .documents('plugin::scorm-cloud.course')
      .create({ data: { courseId: 'c-1', title: 'Golf', status: 'ready', launchable: false } });
    const found = await app.strapi.documents('plugin::scorm-cloud.course').findOne({ documentId: created.documentId });
    expect(found).toMatchObject({ courseId: 'c-1', title: 'Golf', status: 'ready', launchable: false });
  });

  it('answers 401 on its admin settings route without an admin token', async () => {
    const res = await app.http.get('/scorm-cloud/settings');
    expect(res.status).toBe(401);
  });

  it('answers 403 to an admin whose role lacks the settings permission', async () => {
    const token = await app.adminTokenWith(['plugin::scorm-cloud.courses.read']);
    const res = await app.http.get('/scorm-cloud/settings').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
  });

  it('shows the settings to an admin with the permission, without the secret key', async () => {
    const token = await app.adminTokenWith(['plugin::scorm-cloud.settings.read']);
    const res = await app.http.get('/scorm-cloud/settings').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ configured: true, appId: 'TESTAPP', serviceUrl: 'http://127.0.0.1:9/api' });
    expect(res.body.data.postback.url).toMatch(/\/api\/scorm-cloud\/postback$/);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });

  it('registers every RBAC action so roles can be given them', () => {
    const actions: string[] = app.strapi.admin.services.permission.actionProvider.values().map((a: { actionId: string }) => a.actionId);
    // Written out by hand: one action per admin operation, and no other action of this plugin.
    expect(actions.filter((a) => a.startsWith('plugin::scorm-cloud.')).sort()).toEqual([
      'plugin::scorm-cloud.courses.delete',
      'plugin::scorm-cloud.courses.read',
      'plugin::scorm-cloud.courses.update',
      'plugin::scorm-cloud.courses.upload',
      'plugin::scorm-cloud.registrations.create',
      'plugin::scorm-cloud.registrations.delete',
      'plugin::scorm-cloud.registrations.override',
      'plugin::scorm-cloud.registrations.read',
      'plugin::scorm-cloud.registrations.refresh',
      'plugin::scorm-cloud.registrations.reset',
      'plugin::scorm-cloud.settings.read',
    ]);
    // Each sits in the plugin's section of Settings → Roles, under its own sub-category.
    const ours = app.strapi.admin.services.permission.actionProvider
      .values()
      .filter((a: { actionId: string }) => a.actionId.startsWith('plugin::scorm-cloud.'))
      .map((a: { actionId: string; section: string; pluginName: string; subCategory: string }) => [a.actionId, a.section, a.pluginName, a.subCategory]);
    expect(ours).toHaveLength(11);
    for (const [actionId, section, pluginName, subCategory] of ours) {
      expect({ actionId, section, pluginName }).toEqual({ actionId, section: 'plugins', pluginName: 'scorm-cloud' });
      expect(actionId).toContain(`.${subCategory}.`);
    }
  });

  it('reports a Cloud that cannot be reached as a failed check, without the secret', async () => {
    const token = await app.superAdminToken();
    const res = await app.http.post('/scorm-cloud/settings/test-connection').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ ok: false, authenticated: false, error: { name: 'CloudUnavailableError' } });
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });
});
