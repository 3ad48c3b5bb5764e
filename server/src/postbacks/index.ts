import type { Core } from '@strapi/strapi';
import { addRawBodyRoute } from '../middlewares/body-bypass';
import { defineModule } from '../module';
import { requires } from '../permissions';
import { getService } from '../utils/get-service';
import { postbackController, postbackInboxController } from './controllers';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The public path of the postback route, under the app's REST prefix (`api.rest.prefix`, default `/api`). */
export const postbackPath = (strapi: Core.Strapi): string => `${getService(strapi, 'config').restPrefix()}/scorm-cloud/postback`;

export default defineModule({
  controllers: { postback: postbackController, 'postback-inbox': postbackInboxController },
  adminRoutes: [
    { method: 'GET', path: '/registrations/:registrationId/postbacks', handler: 'postback-inbox.list', config: { policies: requires('registrationsRead') } },
    { method: 'POST', path: '/postbacks/:id/replay', handler: 'postback-inbox.replay', config: { policies: requires('registrationsRefresh') } },
  ],
  contentApiRoutes: [
    {
      method: 'POST',
      path: '/postback',
      handler: 'postback.receive',
      // Public at the Strapi level: SCORM Cloud authenticates with the per-registration password instead.
      // Failed attempts are limited per address and per registration in the service; authenticated ones never are.
      config: { auth: false },
      doc: {
        summary: "SCORM Cloud's postback of a registration's results",
        description:
          'V2 JSON or V1 XML, as a form (`data` with `userName`/`username` and `password`) or as the body with HTTP Basic; stored in the inbox, then applied with the merge rule.',
        caller: 'public',
        body: "The report, in either API version's format, with the registration's postback credentials.",
        responses: {
          200: 'Stored (an identical report again is recorded once).',
          400: 'A malformed or oversized report; nothing is stored.',
          401: 'Wrong credentials.',
          408: 'The body stalled.',
          413: '`Content-Length` beyond `postback.maxBytes`.',
          429: 'Too many failed attempts for this registration or from this address.',
        },
      },
    },
  ],
  register(strapi) {
    // Read by the controller with the plugin's own limit: koa-body's 56 kb form limit would refuse
    // large `full` reports with a 413 before our route runs.
    addRawBodyRoute('POST', new RegExp(`^${escapeRegExp(postbackPath(strapi))}/?$`));
  },
  bootstrap(strapi) {
    // The poller ticks every few seconds; deleting old rows once an hour is plenty.
    let lastPurge = 0;
    getService(strapi, 'poller').registerTask('postbacks.inbox-retention', async () => {
      if (Date.now() - lastPurge < 3_600_000) return;
      lastPurge = Date.now();
      await getService(strapi, 'postbacks').purgeInbox();
    });
  },
});
