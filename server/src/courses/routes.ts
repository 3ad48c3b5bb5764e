import type { PluginRoute } from '../module';
import { requires } from '../permissions';

/** Served at /scorm-cloud/... with the admin JWT; each route names exactly one RBAC action. */
export const adminRoutes: PluginRoute[] = [
  { method: 'GET', path: '/courses', handler: 'courses.find', config: { policies: requires('coursesRead') } },
  { method: 'POST', path: '/courses', handler: 'courses.upload', config: { policies: requires('coursesUpload') } },
  // Before /courses/:courseId. Only what the upload dialog needs, for editors who may not read the settings.
  { method: 'GET', path: '/courses/upload-options', handler: 'courses.uploadOptions', config: { policies: requires('coursesUpload') } },
  { method: 'POST', path: '/courses/direct-upload', handler: 'courses.directUpload', config: { policies: requires('coursesUpload') } },
  { method: 'GET', path: '/courses/:courseId', handler: 'courses.findOne', config: { policies: requires('coursesRead') } },
  { method: 'PUT', path: '/courses/:courseId', handler: 'courses.update', config: { policies: requires('coursesUpdate') } },
  { method: 'DELETE', path: '/courses/:courseId', handler: 'courses.delete', config: { policies: requires('coursesDelete') } },
  { method: 'POST', path: '/courses/:courseId/versions', handler: 'courses.uploadVersion', config: { policies: requires('coursesUpload') } },
  // The editor cancelled a direct upload: the course row awaiting it goes.
  { method: 'DELETE', path: '/courses/:courseId/direct-upload', handler: 'courses.withdrawDirectUpload', config: { policies: requires('coursesUpload') } },
  { method: 'POST', path: '/courses/:courseId/import-token', handler: 'courses.reportToken', config: { policies: requires('coursesUpload') } },
  { method: 'GET', path: '/courses/:courseId/details', handler: 'courses.details', config: { policies: requires('coursesRead') } },
  { method: 'POST', path: '/courses/:courseId/preview', handler: 'courses.preview', config: { policies: requires('coursesRead') } },
  { method: 'POST', path: '/courses/:courseId/refresh', handler: 'courses.refresh', config: { policies: requires('coursesRead') } },
];

/** Served at /api/scorm-cloud/...; listed in Settings → Users & Permissions as `learner-courses`. */
export const contentApiRoutes: PluginRoute[] = [
  {
    method: 'GET',
    path: '/courses',
    handler: 'learner-courses.find',
    doc: {
      summary: 'The courses learners can launch',
      description: 'Only ready and launchable courses: `{ courseId, title, version, updatedAt }`, a page at a time.',
      caller: 'user-or-token',
      query: { page: 'Page, from 1.', pageSize: 'Courses per page, at most 100 (20 unless asked).' },
      responses: { 200: 'A page of courses.', 400: 'A page or page size that is not a number.', 403: 'The role may not list courses.' },
    },
  },
  {
    method: 'GET',
    path: '/courses/:courseId',
    handler: 'learner-courses.findOne',
    doc: {
      summary: 'One course learners can launch',
      caller: 'user-or-token',
      responses: { 200: 'The course.', 403: 'The role may not read courses.', 404: 'No such course, or not open to learners.' },
    },
  },
  // Public: SCORM Cloud redirects the browser here after a direct upload; the signed `state` authenticates it.
  {
    method: 'GET',
    path: '/direct-uploads/:courseId/complete',
    handler: 'direct-uploads.complete',
    config: { auth: false },
    doc: {
      summary: 'Where SCORM Cloud sends the browser after a direct upload',
      description:
        "Stores the import token (the course is `importing`) or the Cloud's error (`failed`) and answers a small HTML page for the admin that opened the upload.",
      caller: 'public',
      query: { state: "The plugin's signature of the course ID and expiry.", token: 'V1: the import token.' },
      responses: { 200: 'The page.', 400: 'The state names another course.', 403: 'A forged or expired state.', 409: 'The course is not awaiting an upload.' },
    },
  },
];

/** The upload routes read the raw multipart stream themselves (see middlewares/body-bypass.ts). */
export const RAW_UPLOAD_PATH = /^\/scorm-cloud\/courses(\/[^/]+\/versions)?$/;
