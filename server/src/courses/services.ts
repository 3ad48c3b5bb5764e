import courses from './service';
import courseImports from './imports';
import courseDetails from './cloud-details';
import coursePreview from './preview';

/** This domain's services, merged into services/index.ts (keep names unique across domains). */
export default { courses, courseImports, courseDetails, coursePreview };
