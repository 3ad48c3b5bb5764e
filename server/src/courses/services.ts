import courses from './service';
import courseImports from './imports';
import courseDetails from './cloud-details';

/** This domain's services, merged into services/index.ts (keep names unique across domains). */
export default { courses, courseImports, courseDetails };
