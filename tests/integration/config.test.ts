import { bootStrapi } from '../helpers/strapi';

describe('plugin configuration at startup', () => {
  it('stops Strapi with a message naming a bad key', async () => {
    await expect(bootStrapi({ pluginConfig: { postback: { authType: 'basic' } } })).rejects.toThrow(/postback\.authType/);
  });

  it('stops Strapi on a misspelt key instead of ignoring it', async () => {
    await expect(bootStrapi({ pluginConfig: { uplaod: { mode: 'direct' } } })).rejects.toThrow(/uplaod: unknown key/);
  });

  it('starts without credentials and reports "not configured"', async () => {
    const app = await bootStrapi({ env: { SCORM_CLOUD_APP_ID: '', SCORM_CLOUD_SECRET_KEY: '' } });
    try {
      const token = await app.superAdminToken();
      const settings = await app.http.get('/scorm-cloud/settings').set('Authorization', `Bearer ${token}`);
      expect(settings.status).toBe(200);
      expect(settings.body.data.configured).toBe(false);
      const check = await app.http.post('/scorm-cloud/settings/test-connection').set('Authorization', `Bearer ${token}`);
      expect(check.status).toBe(503);
      expect(check.body.error).toMatchObject({ name: 'NotConfiguredError', details: { code: 'NOT_CONFIGURED' } });
      expect(check.body.error.message).toMatch(/appId and secretKey/);
    } finally {
      await app.destroy();
    }
  });
});
