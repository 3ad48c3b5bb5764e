/**
 * An installation that ran on API V1 and restarts on V2 keeps everything: the same course and
 * registration IDs in the same app, launches, refreshes, overrides, and postbacks of the V1-created
 * registration (V1 XML) as well as V2 JSON ones, ordered so the newest report wins.
 */
import { eventually } from '../helpers/eventually';
import { Readable } from 'node:stream';
import { startEmulator, type RunningEmulator } from '../../emulator/src';
import { describeOn } from '../helpers/api-version';
import { availableDatabases } from '../helpers/databases';
import { scorm12Single } from '../helpers/packages';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { createApiToken } from '../helpers/strapi';
import { POSTBACK_SECRET, postJsonReport, postReport, registrationRow, report } from './results-fixtures';

const COURSE = 'plugin::scorm-cloud.course' as any;

// The switch goes one way, so one run covers it; the V2 project is the one that ends on the default.
describeOn('v2', 'switching from API V1 to V2', 'it boots V1 first and V2 second itself', () => {
  describe.each(availableDatabases())('on %s', (database) => {
    let emulator: RunningEmulator;
    let stack: Stack | undefined;
    const pluginConfig = (apiVersion: 'v1' | 'v2') => ({ apiVersion, postback: { secret: POSTBACK_SECRET } });

    beforeAll(async () => {
      emulator = await startEmulator({ port: 0, apps: [TEST_APP], importDelayMs: 50 });
    });
    afterAll(async () => {
      await stack?.destroy();
      await emulator?.close();
    });

    it('keeps courses and registrations, launches, applies V1 and V2 postbacks, refreshes and overrides', async () => {
      // On V1: a course imported and a registration assigned through the plugin.
      stack = await bootStack({ database, sharedEmulator: emulator, pluginConfig: pluginConfig('v1') });
      expect(stack.app.strapi.plugin('scorm-cloud').service('cloud').client().apiVersion).toBe('v1');
      const { token } = await stack.cloud.importCourseAsync('switch-course', Readable.from([await scorm12Single('Switch course')]), { filename: 'switch.zip' });
      const cloud = stack.cloud;
      await eventually('the Cloud import of switch-course to finish', async () => (await cloud.getAsyncImportResult(token)).status === 'finished');
      await stack.app.strapi.documents(COURSE).create({ data: { courseId: 'switch-course', title: 'Switch course', status: 'ready', launchable: true } });
      let apiToken = await createApiToken(stack.app);
      const created = await stack.app.http
        .post('/api/scorm-cloud/registrations')
        .set('Authorization', `Bearer ${apiToken}`)
        .send({ courseId: 'switch-course', learner: { id: 'site-42', firstName: 'Grace', lastName: 'Hopper' } });
      expect(created.status).toBe(201);
      const registrationId = created.body.data.registrationId as string;
      const v1Launch = await stack.app.http.get(`/api/scorm-cloud/registrations/${registrationId}/launch`).set('Authorization', `Bearer ${apiToken}`);
      expect(v1Launch.status).toBe(302);
      expect(new URL(v1Launch.headers.location).searchParams.get('method')).toBe('rustici.registration.launch');
      const database_ = stack.app.database;
      await stack.destroy({ keepDatabase: true });

      // Restarted on V2, on the same database and app.
      stack = await bootStack({ database, sharedEmulator: emulator, reuseDatabase: database_, pluginConfig: pluginConfig('v2') });
      expect(stack.app.strapi.plugin('scorm-cloud').service('cloud').client().apiVersion).toBe('v2');
      apiToken = await createApiToken(stack.app);
      const courses = await stack.app.http.get('/api/scorm-cloud/courses').set('Authorization', `Bearer ${apiToken}`);
      expect(courses.body.data.map((c: { courseId: string }) => c.courseId)).toContain('switch-course');

      // Launch: V2 mints a link at the click; it opens the same registration's player.
      const launch = await stack.app.http.get(`/api/scorm-cloud/registrations/${registrationId}/launch`).set('Authorization', `Bearer ${apiToken}`);
      expect(launch.status).toBe(302);
      const link = new URL(launch.headers.location);
      expect(link.origin).toBe(emulator.url);
      expect(link.pathname).toMatch(/^\/api\/cloud\/registration\/launch\//);
      const player = await fetch(launch.headers.location, { redirect: 'manual' });
      expect(player.status).toBe(302);
      expect(player.headers.get('location')).toContain('/_player/');
      expect((await registrationRow(stack, registrationId)).launchCount).toBe(2);

      // The V1-created registration still posts V1 XML; a later V2 JSON report wins; an older one is stale.
      expect((await postReport(stack, report(registrationId, { complete: 'incomplete', totalTimeSeconds: 30 }))).body.data.outcome).toBe('applied');
      const v2 = await postJsonReport(
        stack,
        report(registrationId, { complete: 'complete', success: 'passed', score: 88, totalTimeSeconds: 45, updatedAt: new Date('2024-06-01T12:00:45Z') }),
      );
      expect(v2.body.data.outcome).toBe('applied');
      expect((await postReport(stack, report(registrationId, { complete: 'incomplete', totalTimeSeconds: 40 }))).body.data.outcome).toBe('stale');
      expect(await registrationRow(stack, registrationId)).toMatchObject({ cloudComplete: 'complete', cloudSuccess: 'passed', cloudTotalTime: 45 });

      // Refresh reads the Cloud over V2; the emulator knows only what its player recorded (nothing yet).
      const admin = await stack.app.superAdminToken();
      const refreshed = await stack.app.request().post(`/scorm-cloud/registrations/${registrationId}/refresh`).set('Authorization', `Bearer ${admin}`);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.data.registrationId).toBe(registrationId);

      // Overrides still work, and stay beside the Cloud values.
      const override = await stack.app
        .request()
        .put(`/scorm-cloud/registrations/${registrationId}/override`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ complete: 'complete', success: 'passed', reason: 'Attended the classroom session' });
      expect(override.status).toBe(200);
      expect(await registrationRow(stack, registrationId)).toMatchObject({
        overrideComplete: 'complete',
        overrideSuccess: 'passed',
        complete: 'complete',
        success: 'passed',
      });
    });
  });
});
