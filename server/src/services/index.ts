import config from './config';
import cloud from './cloud';
import courses from '../courses/services';
import poller from '../poller/services';
import settings from '../settings/services';
import registrations from '../registrations/services';
import postbacks from '../postbacks/services';
import results from '../results/services';

/** Every service of the plugin, by name; domains keep theirs in `<domain>/services.ts`. getService() is typed from this. */
export default { config, cloud, ...settings, ...poller, ...courses, ...registrations, ...postbacks, ...results };
