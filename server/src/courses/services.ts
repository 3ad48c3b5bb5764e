import courses from './service';
import courseImports from './imports';

/** This domain's services, merged into services/index.ts (keep names unique across domains). */
export default { courses, courseImports };
