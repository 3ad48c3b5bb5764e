import { modules } from '../modules';

export default {
  admin: { type: 'admin', routes: modules.flatMap((m) => m.adminRoutes ?? []) },
  'content-api': { type: 'content-api', routes: modules.flatMap((m) => m.contentApiRoutes ?? []) },
};
