import { createHash, randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { ConflictError, ForbiddenError, InputError } from '../errors';
import { cloudFailure } from '../utils/cloud-failure';
import { getService } from '../utils/get-service';
import { isSignedExitReturn, signExitReturn } from './exit-link';
import { registrationRepository, type LaunchTarget } from './repository';
import { requireLaunchable } from './service';

const TICKET_TTL_MS = 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A ticket is `<registrationId>.<secret>`; either part is empty when it is not. */
export function splitTicket(ticket: string): { registrationId: string; secret: string } {
  const dot = ticket.lastIndexOf('.');
  return dot > 0 ? { registrationId: ticket.slice(0, dot), secret: ticket.slice(dot + 1) } : { registrationId: '', secret: '' };
}

export interface LaunchLink {
  url: string;
  expiresAt: string;
  registrationId: string;
}

/** A signed return address whose origin was removed from the allow-list since the launch is not followed. */
function allowedOrNull(cfg: { launch: { allowedReturnOrigins: string[] } }, returnTo: string): string | null {
  try {
    return cfg.launch.allowedReturnOrigins.includes(new URL(returnTo).origin) ? returnTo : null;
  } catch {
    return null;
  }
}

/** Launch URLs signed at the click, launch tickets for plain links, and the exit route's refresh. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = registrationRepository(strapi);
  const config = () => getService(strapi, 'config');

  const service = {
    /** `returnTo` is only taken from an allow-listed origin, so the exit route cannot become an open redirect. */
    checkReturnTo(returnTo: string | undefined): string | null {
      if (!returnTo) return null;
      let url: URL;
      try {
        url = new URL(returnTo);
      } catch {
        throw new InputError('returnTo must be an absolute URL.', { returnTo });
      }
      if (!config().get().launch.allowedReturnOrigins.includes(url.origin)) {
        throw new InputError(`returnTo must be on an allowed origin (launch.allowedReturnOrigins); ${url.origin} is not.`, { origin: url.origin });
      }
      return url.toString();
    },

    /** The URL the Cloud sends the learner to on leaving; a launch's `returnTo` rides in it, signed. */
    exitUrl(registrationId: string, returnTo: string | null = null): string {
      const path = `/registrations/${encodeURIComponent(registrationId)}/exit`;
      if (!returnTo) return config().contentApiUrl(path);
      const sig = signExitReturn(config().get(), registrationId, returnTo);
      return config().contentApiUrl(`${path}?returnTo=${encodeURIComponent(returnTo)}&sig=${encodeURIComponent(sig)}`);
    },

    /**
     * Gets the Cloud's launch link now, at the click, then records the launch. The link is only
     * returned, never stored or logged. A Cloud that fails or times out here is a 502/503 with a message.
     */
    async launch(row: LaunchTarget, returnTo: string | null): Promise<LaunchLink> {
      requireLaunchable(row.course);
      if (row.cloudStatus !== 'active') {
        throw new ConflictError(`Registration "${row.registrationId}" cannot be launched (status: ${row.cloudStatus}).`, { cloudStatus: row.cloudStatus });
      }
      const cfg = config().get();
      let link: { url: string; expiresAt: Date };
      try {
        // V2 mints the link with one call (it lives launchLinkExpirySeconds unused); V1 signs it here.
        link = await getService(strapi, 'cloud')
          .client()
          .launchLink(row.registrationId, {
            redirectUrl: service.exitUrl(row.registrationId, returnTo),
            expirySeconds: cfg.launchLinkExpirySeconds,
          });
      } catch (error) {
        throw cloudFailure(error, 'open the course');
      }
      await rows.recordLaunch(row.registrationId, returnTo);
      return { url: link.url, expiresAt: link.expiresAt.toISOString(), registrationId: row.registrationId };
    },

    /**
     * A browser following a plain link sends no Bearer header: the frontend asks (with its JWT or token)
     * for a ticket URL, valid for a minute and good for one launch. Only its hash is stored; a newer ticket
     * replaces an older one.
     */
    async issueTicket(row: LaunchTarget, returnTo: string | null): Promise<LaunchLink> {
      requireLaunchable(row.course);
      const secret = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + TICKET_TTL_MS);
      await rows.update(row.id, { launchTicketHash: sha256(secret), launchTicketExpiresAt: expiresAt });
      const ticket = `${row.registrationId}.${secret}`;
      const search = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
      return { url: config().contentApiUrl(`/launch-tickets/${ticket}${search}`), expiresAt: expiresAt.toISOString(), registrationId: row.registrationId };
    },

    /** Spends a ticket: one conditional update, so two requests with the same ticket cannot both win. */
    async redeemTicket(ticket: string): Promise<LaunchTarget> {
      const { registrationId, secret } = splitTicket(ticket);
      const refused = new ForbiddenError('This launch link has expired or was already used; open the course again from its page.');
      if (!registrationId || !secret) throw refused;
      if (!(await rows.spendTicket(registrationId, sha256(secret), new Date()))) throw refused;
      return getService(strapi, 'registrations').findLaunchTargetOrThrow(registrationId);
    },

    /**
     * Where the exit route sends the learner, after asking for a refresh at most once per registration
     * per `registration.exitRefreshIntervalSeconds` (a conditional update decides, across instances), so
     * the public exit route cannot be used to hammer the Cloud. The refresh is not awaited. The learner
     * goes to the launch's `returnTo` only when this server signed it for this registration and its origin
     * is still allowed; otherwise to `launch.defaultReturnUrl` (null: the close page).
     */
    async exit(registrationId: string, given: { returnTo?: string; sig?: string } = {}): Promise<string | null> {
      const cfg = config().get();
      const fallback = cfg.launch.defaultReturnUrl ?? null;
      const row = await rows.find(registrationId);
      if (!row) return fallback;
      const target =
        given.returnTo && given.sig && isSignedExitReturn(cfg, registrationId, given.returnTo, given.sig) ? allowedOrNull(cfg, given.returnTo) : null;
      const now = new Date();
      const cutoff = new Date(now.getTime() - cfg.registration.exitRefreshIntervalSeconds * 1000);
      if (await rows.claimRefresh({ registrationId }, now, cutoff, { inclusive: true })) service.refreshInBackground(registrationId);
      return target ?? fallback;
    },

    refreshInBackground(registrationId: string): void {
      void getService(strapi, 'results')
        .refresh(registrationId, 'refresh')
        .catch((error: unknown) => {
          strapi.log.warn(`[scorm-cloud] Refresh after exit of registration ${registrationId} failed: ${(error as Error)?.message ?? error}`);
        });
    },
  };
  return service;
};
