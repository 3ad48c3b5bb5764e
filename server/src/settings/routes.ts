import type { PluginRoute } from '../module';
import { requires } from '../permissions';

/** Served at /scorm-cloud/... with the admin JWT. */
export const adminRoutes: PluginRoute[] = [
  { method: 'GET', path: '/settings', handler: 'settings.get', config: { policies: requires('settingsRead') } },
  { method: 'POST', path: '/settings/test-connection', handler: 'settings.testConnection', config: { policies: requires('settingsRead') } },
  { method: 'POST', path: '/settings/test-postback', handler: 'settings.testPostback', config: { policies: requires('settingsRead') } },
];
