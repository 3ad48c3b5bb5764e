/** RBAC actions as the admin checks them; the server registers the same uids (server/src/permissions.ts). */
const action = (uid: string) => [{ action: `plugin::scorm-cloud.${uid}`, subject: null }];

export const PERMISSIONS = {
  settingsRead: action('settings.read'),
  coursesRead: action('courses.read'),
  coursesUpload: action('courses.upload'),
  coursesUpdate: action('courses.update'),
  coursesDelete: action('courses.delete'),
  registrationsRead: action('registrations.read'),
  registrationsCreate: action('registrations.create'),
  registrationsRefresh: action('registrations.refresh'),
  registrationsOverride: action('registrations.override'),
  registrationsReset: action('registrations.reset'),
  registrationsDelete: action('registrations.delete'),
};

/** For `useRBAC`: the keys become `allowedActions.canUpload`, `canUpdate`, `canDelete`, `canRead`. */
export const COURSE_ACTIONS = {
  read: PERMISSIONS.coursesRead,
  upload: PERMISSIONS.coursesUpload,
  update: PERMISSIONS.coursesUpdate,
  delete: PERMISSIONS.coursesDelete,
};

/** For `useRBAC`: `canRead`, `canCreate`, `canRefresh`, `canOverride`, `canReset`, `canDelete`. */
export const REGISTRATION_ACTIONS = {
  read: PERMISSIONS.registrationsRead,
  create: PERMISSIONS.registrationsCreate,
  refresh: PERMISSIONS.registrationsRefresh,
  override: PERMISSIONS.registrationsOverride,
  reset: PERMISSIONS.registrationsReset,
  delete: PERMISSIONS.registrationsDelete,
};
