import poller from './service';

/** This module's services, merged into services/index.ts. */
export default { poller };
