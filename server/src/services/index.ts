import config from './config';
import cloud from './cloud';
import settings from './settings';

/**
 * Every service of the plugin, by name. Domain folders add theirs here (import from '../courses/...' etc.)
 * so that getService(strapi, name) is typed end to end.
 */
export default { config, cloud, settings };
