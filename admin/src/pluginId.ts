export const PLUGIN_ID = 'scorm-cloud';
