import { defineModule } from '../module';

/** Services of this domain are listed in services/index.ts so that getService() stays typed. */
export default defineModule({
  controllers: {},
  adminRoutes: [],
  contentApiRoutes: [],
});
