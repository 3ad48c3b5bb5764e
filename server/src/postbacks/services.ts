import postbacks from './service';

/** This module's services, merged into services/index.ts. */
export default { postbacks };
