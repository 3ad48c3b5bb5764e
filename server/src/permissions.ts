/**
 * Every admin operation has exactly one RBAC action (`plugin::scorm-cloud.<uid>`), registered in
 * bootstrap so roles can be granted it in Settings → Roles.
 */
export const ACTIONS = {
  coursesRead: { uid: 'courses.read', displayName: 'Read courses', subCategory: 'courses' },
  coursesUpload: { uid: 'courses.upload', displayName: 'Upload courses and new versions', subCategory: 'courses' },
  coursesUpdate: { uid: 'courses.update', displayName: 'Edit courses', subCategory: 'courses' },
  coursesDelete: { uid: 'courses.delete', displayName: 'Delete courses', subCategory: 'courses' },
  registrationsRead: { uid: 'registrations.read', displayName: 'Read registrations', subCategory: 'registrations' },
  registrationsCreate: { uid: 'registrations.create', displayName: 'Assign courses to learners', subCategory: 'registrations' },
  registrationsRefresh: { uid: 'registrations.refresh', displayName: 'Refresh results from SCORM Cloud', subCategory: 'registrations' },
  registrationsOverride: { uid: 'registrations.override', displayName: 'Override results', subCategory: 'registrations' },
  registrationsReset: { uid: 'registrations.reset', displayName: 'Reset registrations', subCategory: 'registrations' },
  registrationsDelete: { uid: 'registrations.delete', displayName: 'Delete registrations', subCategory: 'registrations' },
  settingsRead: { uid: 'settings.read', displayName: 'Read settings and test the connection', subCategory: 'settings' },
} as const;

export type ActionKey = keyof typeof ACTIONS;

export const actionId = (key: ActionKey): string => `plugin::scorm-cloud.${ACTIONS[key].uid}`;

/** Route policies for an admin route guarded by one action. */
export const requires = (key: ActionKey) => ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [actionId(key)] } }];
