import { defineModule } from '../module';
import { settingsController } from './controllers';
import { adminRoutes } from './routes';

/** Settings: the configuration as the admin may see it, and the connection test. */
export default defineModule({
  controllers: { settings: settingsController },
  adminRoutes,
});
