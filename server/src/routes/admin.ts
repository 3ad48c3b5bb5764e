import { requires } from '../permissions';

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/settings', handler: 'settings.get', config: { policies: requires('settingsRead') } },
    { method: 'POST', path: '/settings/test-connection', handler: 'settings.testConnection', config: { policies: requires('settingsRead') } },
  ],
};
