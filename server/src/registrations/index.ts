import { inputGuard } from '../middlewares/input-guard';
import { defineModule, type PluginRoute } from '../module';
import { getService } from '../utils/get-service';
import { requires } from '../permissions';
import adminLearners from './controllers/admin-learners';
import adminRegistrations from './controllers/admin-registrations';
import launches from './controllers/launches';
import learnerRegistrations from './controllers/learner-registrations';
import { splitTicket } from './launches';
import { rateLimit } from './rate-limit';

// Per caller and course or registration (see rate-limit.ts), in each instance: generous for a learner
// clicking around, tight enough that the public routes (ticket redemption, exit) cannot be used to
// hammer Strapi or, through refreshes, SCORM Cloud.
const launchLimit = rateLimit('launch', { max: 60, windowMs: 60_000, message: 'Too many launches of this course in a minute.' });
// The ticket's secret part differs on every guess: counted per registration it names, not per ticket.
const redeemLimit = rateLimit('redeem', {
  max: 60,
  windowMs: 60_000,
  message: 'Too many launches of this registration from this address in a minute.',
  subject: (ctx) => splitTicket(String(ctx.params.ticket ?? '')).registrationId,
});
const exitLimit = rateLimit('exit', { max: 30, windowMs: 60_000, message: 'Too many returns from this course from this address in a minute.' });

/** What the launch and ticket routes take and answer (their OpenAPI entries). */
const RETURN_TO = { returnTo: 'Where the player sends the learner back (an origin in launch.allowedReturnOrigins).' };
const LAUNCH_ANSWERS = {
  200: 'With `Accept: application/json`: `{ data: { url, expiresAt, registrationId } }`.',
  302: 'To the SCORM player.',
  400: '`returnTo` on an origin not in `launch.allowedReturnOrigins`.',
  403: "Someone else's registration.",
  404: 'No such course or registration.',
  409: 'The course is not ready or not open to learners.',
  429: 'Too many launches in a minute.',
};
const TICKET_ANSWERS = {
  200: '`{ data: { url, expiresAt } }`: a one-minute, single-use URL (`returnTo` may also be in the body).',
  403: "Someone else's registration.",
  404: 'No such course or registration.',
  409: 'The course is not ready or not open to learners.',
  429: 'Too many launches in a minute.',
};

const contentApiRoutes: PluginRoute[] = [
  {
    method: 'POST',
    path: '/registrations',
    handler: 'learner-registrations.create',
    info: { description: 'Assign a course: an API token names the learner, a user registers themself.' },
    doc: {
      summary: 'Assign a course',
      description:
        'An API token names the learner (`learner.id` or `learner.userDocumentId`, with names); a signed-in user always registers themself, where `registration.createOn` is `launch`.',
      caller: 'user-or-token',
      body: '`{ courseId, learner?: { id | userDocumentId, firstName, lastName, email? } }`',
      responses: {
        200: 'The registration they already had.',
        201: 'The new registration.',
        400: 'A malformed body.',
        403: 'Courses are assigned by editors on this site.',
        404: 'No such course.',
        409: 'The course is not ready.',
      },
    },
  },
  {
    method: 'GET',
    path: '/me/registrations',
    handler: 'learner-registrations.me',
    info: { description: "The signed-in user's registrations with effective results." },
    doc: {
      summary: "The signed-in learner's registrations",
      description: 'Newest first, with the course title and the effective results (and which of them an editor overrode). Sent with `Cache-Control: no-store`.',
      caller: 'user',
      responses: { 200: 'Their registrations.', 403: 'Not a users-permissions user.' },
    },
  },
  {
    method: 'GET',
    path: '/registrations/:registrationId',
    handler: 'learner-registrations.findOne',
    info: { description: 'One registration (owner or API token).' },
    doc: {
      summary: 'One registration',
      caller: 'user-or-token',
      responses: { 200: 'The registration.', 403: "Someone else's registration.", 404: 'No such registration.' },
    },
  },
  {
    method: 'POST',
    path: '/courses/:courseId/new-attempt',
    handler: 'learner-registrations.newAttempt',
    info: { description: "The signed-in learner's next attempt at a course, where registration.learnerNewAttempts allows it." },
    doc: {
      summary: "Start the signed-in learner's next attempt",
      description: 'Where `registration.learnerNewAttempts` allows it; the earlier attempts stay for reports.',
      caller: 'user',
      responses: {
        201: 'The new attempt.',
        403: 'New attempts are started by editors on this site.',
        404: 'No first attempt yet: launch the course.',
        409: 'The newest attempt is not complete, or the course is not open.',
      },
    },
    config: { middlewares: [launchLimit] },
  },
  {
    method: 'GET',
    path: '/courses/:courseId/launch',
    handler: 'launches.course',
    config: { middlewares: [launchLimit] },
    doc: {
      summary: "Launch the signed-in learner's latest attempt at a course",
      description: 'Created now when `registration.createOn` is `launch`.',
      caller: 'user',
      query: RETURN_TO,
      responses: LAUNCH_ANSWERS,
    },
  },
  {
    method: 'GET',
    path: '/registrations/:registrationId/launch',
    handler: 'launches.registration',
    config: { middlewares: [launchLimit] },
    doc: {
      summary: 'Launch a known registration',
      caller: 'user-or-token',
      query: RETURN_TO,
      responses: LAUNCH_ANSWERS,
    },
  },
  {
    method: 'POST',
    path: '/courses/:courseId/launch-ticket',
    handler: 'launches.courseTicket',
    config: { middlewares: [launchLimit] },
    doc: {
      summary: 'A launch link for a plain <a href>, for the signed-in learner',
      caller: 'user',
      query: RETURN_TO,
      responses: TICKET_ANSWERS,
    },
  },
  {
    method: 'POST',
    path: '/registrations/:registrationId/launch-ticket',
    handler: 'launches.ticket',
    config: { middlewares: [launchLimit] },
    doc: {
      summary: 'A launch link for a plain <a href>, for a known registration',
      caller: 'user-or-token',
      query: RETURN_TO,
      responses: TICKET_ANSWERS,
    },
  },
  // Public: the single-use ticket in the path is the credential (a plain link carries no Bearer header).
  {
    method: 'GET',
    path: '/launch-tickets/:ticket',
    handler: 'launches.redeem',
    config: { auth: false, middlewares: [redeemLimit] },
    doc: {
      summary: 'Redeem a launch ticket',
      caller: 'public',
      responses: { 302: 'To the SCORM player.', 404: 'An unknown, spent or expired ticket.', 429: 'Too many launches of this registration in a minute.' },
    },
  },
  // Public: the SCORM player sends the learner's browser here on exit.
  {
    method: 'GET',
    path: '/registrations/:registrationId/exit',
    handler: 'launches.exit',
    config: { auth: false, middlewares: [exitLimit] },
    doc: {
      summary: 'Where the SCORM player returns the learner',
      description:
        "Refreshes the registration's results (at most once per `registration.exitRefreshIntervalSeconds`) and redirects to the launch's signed `returnTo`, else `launch.defaultReturnUrl`.",
      caller: 'public',
      responses: { 302: 'Back to the site.', 429: 'Too many returns in a minute.' },
    },
  },
];

const adminRoutes: PluginRoute[] = [
  { method: 'GET', path: '/registrations', handler: 'admin-registrations.find', config: { policies: requires('registrationsRead') } },
  { method: 'GET', path: '/registrations/export', handler: 'admin-registrations.export', config: { policies: requires('registrationsRead') } },
  { method: 'GET', path: '/registrations/:registrationId', handler: 'admin-registrations.findOne', config: { policies: requires('registrationsRead') } },
  { method: 'POST', path: '/registrations', handler: 'admin-registrations.create', config: { policies: requires('registrationsCreate') } },
  { method: 'POST', path: '/registrations/assignments', handler: 'admin-learners.assign', config: { policies: requires('registrationsCreate') } },
  // The learner picker: who can be assigned a course is for those who may assign one.
  { method: 'GET', path: '/learners/users', handler: 'admin-learners.users', config: { policies: requires('registrationsCreate') } },
  { method: 'GET', path: '/learners/roles', handler: 'admin-learners.roles', config: { policies: requires('registrationsCreate') } },
  {
    method: 'POST',
    path: '/registrations/:registrationId/new-attempt',
    handler: 'admin-registrations.newAttempt',
    config: { policies: requires('registrationsCreate') },
  },
  { method: 'POST', path: '/registrations/:registrationId/reset', handler: 'admin-registrations.reset', config: { policies: requires('registrationsReset') } },
  { method: 'DELETE', path: '/registrations/:registrationId', handler: 'admin-registrations.delete', config: { policies: requires('registrationsDelete') } },
];

/** Services of this domain are listed in services/index.ts so that getService() stays typed. */
export default defineModule({
  controllers: {
    'learner-registrations': learnerRegistrations,
    launches,
    'admin-registrations': adminRegistrations,
    'admin-learners': adminLearners,
  },
  adminRoutes,
  contentApiRoutes,
  async bootstrap(strapi) {
    // After Strapi's own middlewares (so the query and body are parsed) and before its router, for every
    // route of the plugin, admin and content API alike: no ID or search term with a NUL byte reaches the database.
    strapi.server.use(inputGuard(() => [`${getService(strapi, 'config').restPrefix()}/scorm-cloud`, '/scorm-cloud']));
    // Awaited: a search during the backfill would miss the rows not yet written.
    await getService(strapi, 'registrations').prepareSearch();
    getService(strapi, 'learnerSync').subscribe();
  },
});
