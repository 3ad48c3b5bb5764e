export const PLUGIN_ID = 'scorm-cloud';

/** The plugin app's route inside the admin (the router adds the admin's own base path). */
export const PLUGIN_BASE = `/plugins/${PLUGIN_ID}`;

export const coursePath = (courseId: string) => `${PLUGIN_BASE}/courses/${encodeURIComponent(courseId)}`;
export const registrationsPath = `${PLUGIN_BASE}/registrations`;
export const registrationPath = (registrationId: string) => `${registrationsPath}/${encodeURIComponent(registrationId)}`;
export const learnerPath = (learnerId: string) => `${PLUGIN_BASE}/learners/${encodeURIComponent(learnerId)}`;
/** A users-permissions user's page in the Content Manager. */
export const userEditPath = (userDocumentId: string) =>
  `/content-manager/collection-types/plugin::users-permissions.user/${encodeURIComponent(userDocumentId)}`;
