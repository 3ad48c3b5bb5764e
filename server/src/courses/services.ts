import courses from './service';
import courseImports from './imports';
import poller from '../poller/service';

/** This domain's services, merged into services/index.ts (keep names unique across domains). The shared poller lives here too. */
export default { courses, courseImports, poller };
