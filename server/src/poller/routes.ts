import type { PluginRoute } from '../module';
import { requiresAny } from '../policies/has-any-permission';

export const adminRoutes: PluginRoute[] = [
  // The courses list and the settings page both show the poller: either action is enough.
  { method: 'GET', path: '/poller', handler: 'poller.status', config: { policies: requiresAny('coursesRead', 'settingsRead') } },
];
