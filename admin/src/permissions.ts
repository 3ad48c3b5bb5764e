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

/*
 * For `useRBAC`, which takes an array (an object is deprecated and warns in the console) and names each
 * allowed action after the last part of its uid: `allowedActions.canRead`, `canUpload`, `canUpdate`, `canDelete`.
 * One list per subject, since courses and registrations both have `read` and `delete`.
 */
export const COURSE_ACTIONS = [...PERMISSIONS.coursesRead, ...PERMISSIONS.coursesUpload, ...PERMISSIONS.coursesUpdate, ...PERMISSIONS.coursesDelete];

/** For `useRBAC`: `canRead`, `canCreate`, `canRefresh`, `canOverride`, `canReset`, `canDelete`. */
export const REGISTRATION_ACTIONS = [
  ...PERMISSIONS.registrationsRead,
  ...PERMISSIONS.registrationsCreate,
  ...PERMISSIONS.registrationsRefresh,
  ...PERMISSIONS.registrationsOverride,
  ...PERMISSIONS.registrationsReset,
  ...PERMISSIONS.registrationsDelete,
];
