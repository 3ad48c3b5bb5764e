import config from './config';
import cloud from './cloud';
import settings from './settings';

export default { config, cloud, settings };
