import { defineModule } from '../module';

export default defineModule({
  controllers: {},
  adminRoutes: [],
  contentApiRoutes: [],
});
