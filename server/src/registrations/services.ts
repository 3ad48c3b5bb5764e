import launches from './launches';
import learnerSync from './learner-sync';
import learners from './learners';
import registrations from './service';

/** This domain's services, merged into services/index.ts (keep names unique across domains). */
export default { registrations, launches, learners, learnerSync };
