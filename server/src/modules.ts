import courses from './courses';
import poller from './poller';
import postbacks from './postbacks';
import registrations from './registrations';
import results from './results';
import settings from './settings';
import type { PluginModule } from './module';

/** The plugin's domains, in the order their lifecycle hooks run: the poller starts once the others registered their tasks. */
export const modules: PluginModule[] = [settings, courses, registrations, results, postbacks, poller];
