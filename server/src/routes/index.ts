import { modules } from '../modules';
import settingsRoutes from './admin';

export default {
  admin: { type: 'admin', routes: [...settingsRoutes.routes, ...modules.flatMap((m) => m.adminRoutes ?? [])] },
  'content-api': { type: 'content-api', routes: modules.flatMap((m) => m.contentApiRoutes ?? []) },
};
