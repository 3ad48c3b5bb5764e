/**
 * A host app with `server.cron.enabled: false` still gets its imports followed: Strapi 5 starts its cron
 * service regardless and the flag only gates the app's own `server.cron.tasks`.
 */
import { eventually } from '../helpers/eventually';
import { bootStack, type Stack } from '../helpers/stack';
import { scorm12Single } from '../helpers/packages';

describe('the import poller in an app with cron disabled', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await bootStack({ env: { CRON_ENABLED: 'false' }, pluginConfig: { poller: { rule: '* * * * * *', initialDelaySeconds: 1 } } });
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('still follows an upload to ready without anyone asking', async () => {
    expect(stack.app.strapi.config.get('server.cron.enabled')).toBe(false);
    const token = await stack.app.superAdminToken();
    const res = await stack.app
      .request()
      .post('/scorm-cloud/courses')
      .set('Authorization', `Bearer ${token}`)
      .attach('file', await scorm12Single('Cron Off'), 'cron-off.zip');
    expect(res.status).toBe(202);
    // The plugin's own cron job follows the import although the host's cron tasks are off.
    await eventually(
      'the poller to take the import to ready',
      async () => (await stack.app.strapi.db.query('plugin::scorm-cloud.course').findOne({ where: { courseId: res.body.data.courseId } })).status === 'ready',
      { timeoutMs: 15_000 },
    );
    const poller = await stack.app.request().get('/scorm-cloud/poller').set('Authorization', `Bearer ${token}`);
    expect(poller.body.data).toMatchObject({ enabled: true, warning: null });
    expect(poller.body.data.lastRunAt).not.toBeNull();
  });
});
