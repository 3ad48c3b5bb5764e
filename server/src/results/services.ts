import results from './service';
import refreshJobs from './refresh-jobs';

/** This module's services, merged into services/index.ts. */
export default { results, refreshJobs };
