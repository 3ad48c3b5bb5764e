/** RBAC actions as the admin checks them; the server registers the same uids (server/src/permissions.ts). */
const action = (uid: string) => [{ action: `plugin::scorm-cloud.${uid}`, subject: null }];

export const PERMISSIONS = {
  settingsRead: action('settings.read'),
  coursesRead: action('courses.read'),
  registrationsRead: action('registrations.read'),
};
