import { isConfigured, parseConfig, PluginConfigError } from '../../../server/src/config/schema';

describe('plugin config schema', () => {
  it('fills every key with its default from an empty config', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      appId: '',
      apiVersion: 'v2',
      serviceUrl: 'https://cloud.scorm.com',
      postback: { enabled: true, authType: 'form', resultsFormat: 'course', previousSecrets: [] },
      registration: { createOn: 'launch' },
      upload: { mode: 'proxy', maxBytes: 2 * 1024 ** 3 },
      poller: { enabled: true, reconcile: { enabled: true } },
    });
    expect(isConfigured(config)).toBe(false);
  });

  it('is configured only with both credentials', () => {
    expect(isConfigured(parseConfig({ appId: 'A', secretKey: 'S' }))).toBe(true);
    expect(isConfigured(parseConfig({ appId: 'A' }))).toBe(false);
  });

  it.each([
    [{ postback: { authType: 'basic' } }, /postback\.authType: /],
    [{ serviceUrl: 'not a url' }, /serviceUrl: /],
    [{ apiVersion: 'v3' }, /apiVersion: /],
    [{ launchLinkExpirySeconds: 5 }, /launchLinkExpirySeconds: /],
    [{ launchLinkExpirySeconds: 301 }, /launchLinkExpirySeconds: /],
    [{ serviceUrl: 'ftp://cloud.example.com/api' }, /serviceUrl: /],
    [{ launch: { allowedReturnOrigins: ['https://learn.example.com/path'] } }, /launch\.allowedReturnOrigins\.0: must be an origin/],
    [{ postback: { secret: 'short' } }, /postback\.secret: must be at least 32 characters/],
    [{ upload: { maxBytes: -1 } }, /upload\.maxBytes: /],
    [{ origin: 'Has Spaces' }, /origin: must be lower-case/],
    [{ uplaod: {} }, /uplaod: unknown key/],
    [{ poller: { reconcile: { dealy: 1 } } }, /poller\.reconcile\.dealy: unknown key/],
  ])('refuses %j naming the key', (input, message) => {
    expect(() => parseConfig(input)).toThrow(PluginConfigError);
    expect(() => parseConfig(input)).toThrow(message);
  });

  it('never puts a secret value into the error message', () => {
    try {
      parseConfig({ secretKey: 'super-secret-value', postback: { secret: 'tiny-secret' } });
      throw new Error('expected a config error');
    } catch (error) {
      expect(String(error)).not.toContain('tiny-secret');
      expect(String(error)).not.toContain('super-secret-value');
    }
  });
});
