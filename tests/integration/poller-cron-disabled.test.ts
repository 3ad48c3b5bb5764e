/**
 * A host app with `server.cron.enabled: false` still gets its imports followed: Strapi 5 starts its cron
 * service regardless and the flag only gates the app's own `server.cron.tasks`.
 */
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
    let status = res.body.data.status as string;
    for (let i = 0; i < 60 && status !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await stack.app.strapi.db.query('plugin::scorm-cloud.course').findOne({ where: { courseId: res.body.data.courseId } })).status;
    }
    expect(status).toBe('ready');
    const poller = await stack.app.request().get('/scorm-cloud/poller').set('Authorization', `Bearer ${token}`);
    expect(poller.body.data).toMatchObject({ enabled: true, warning: null });
    expect(poller.body.data.lastRunAt).not.toBeNull();
  });
});
