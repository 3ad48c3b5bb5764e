import { defineModule } from '../module';
import { getService } from '../utils/get-service';
import { pollerController } from './controllers';
import { adminRoutes } from './routes';

/**
 * The shared poller: one cron task per round, leases so that one instance polls each row. Other modules
 * register their tasks in their bootstrap; this module comes last and starts it.
 */
export default defineModule({
  controllers: { poller: pollerController },
  adminRoutes,
  bootstrap(strapi) {
    getService(strapi, 'poller').start();
  },
  destroy(strapi) {
    getService(strapi, 'poller').stop();
  },
});
