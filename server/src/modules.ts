import courses from './courses';
import postbacks from './postbacks';
import registrations from './registrations';
import results from './results';
import type { PluginModule } from './module';

/** The plugin's domains, in the order their lifecycle hooks run. */
export const modules: PluginModule[] = [courses, registrations, results, postbacks];
