/** RBAC actions as the admin checks them; the server registers the same uids (server/src/permissions.ts). */
const action = (uid: string) => [{ action: `plugin::scorm-cloud.${uid}`, subject: null }];

export const PERMISSIONS = {
  settingsRead: action('settings.read'),
  coursesRead: action('courses.read'),
  coursesUpload: action('courses.upload'),
  coursesUpdate: action('courses.update'),
  coursesDelete: action('courses.delete'),
  registrationsRead: action('registrations.read'),
};

/** For `useRBAC`: the keys become `allowedActions.canUpload`, `canUpdate`, `canDelete`, `canRead`. */
export const COURSE_ACTIONS = {
  read: PERMISSIONS.coursesRead,
  upload: PERMISSIONS.coursesUpload,
  update: PERMISSIONS.coursesUpdate,
  delete: PERMISSIONS.coursesDelete,
};
