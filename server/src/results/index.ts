import type { Core } from '@strapi/strapi';
import { defineModule } from '../module';
import { requires } from '../permissions';
import { getService } from '../utils/get-service';
import { resultsController } from './controllers';
import { registerWebhookEvents } from './events';

/** The poller belongs to the courses domain (one cron job, one lease scheme); the reconciler is one of its tasks. */
export function registerReconciler(strapi: Core.Strapi): void {
  getService(strapi, 'poller').registerTask('results.reconcile', async () => {
    await getService(strapi, 'results').reconcile();
  });
  getService(strapi, 'poller').registerTask('results.refresh-jobs', async () => {
    await getService(strapi, 'refreshJobs').resumeAbandoned();
  });
}

export default defineModule({
  controllers: { results: resultsController },
  adminRoutes: [
    { method: 'POST', path: '/registrations/:registrationId/refresh', handler: 'results.refresh', config: { policies: requires('registrationsRefresh') } },
    {
      method: 'POST',
      path: '/courses/:courseId/refresh-registrations',
      handler: 'results.refreshCourse',
      config: { policies: requires('registrationsRefresh') },
    },
    { method: 'GET', path: '/refresh-jobs/:jobId', handler: 'results.refreshJob', config: { policies: requires('registrationsRefresh') } },
    { method: 'PUT', path: '/registrations/:registrationId/override', handler: 'results.setOverride', config: { policies: requires('registrationsOverride') } },
    {
      method: 'DELETE',
      path: '/registrations/:registrationId/override',
      handler: 'results.clearOverride',
      config: { policies: requires('registrationsOverride') },
    },
  ],
  contentApiRoutes: [],
  bootstrap(strapi) {
    registerWebhookEvents(strapi);
    registerReconciler(strapi);
  },
});
