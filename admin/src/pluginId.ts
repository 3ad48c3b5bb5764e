export const PLUGIN_ID = 'scorm-cloud';

/** The plugin app's route inside the admin (the router adds the admin's own base path). */
export const PLUGIN_BASE = `/plugins/${PLUGIN_ID}`;

export const coursePath = (courseId: string) => `${PLUGIN_BASE}/courses/${encodeURIComponent(courseId)}`;
export const registrationsPath = `${PLUGIN_BASE}/registrations`;
export const registrationPath = (registrationId: string) => `${registrationsPath}/${encodeURIComponent(registrationId)}`;
