import type { Route } from './context';
import { readBody, sendJson, V2Error } from './http';

/** Tokens may not outlive this (the reference gives no ceiling; a day keeps test tokens from living forever). */
const MAX_TOKEN_SECONDS = 24 * 60 * 60;

export const serviceRoutes: Route[] = [
  {
    method: 'GET',
    template: '/ping',
    scope: 'read:ping',
    run({ ctx, res }) {
      sendJson(res, 200, { apiMessage: 'pong', currentTime: new Date(ctx.core.now()).toISOString() });
    },
  },
  {
    method: 'GET',
    template: '/about',
    scope: 'read:ping',
    run({ res }) {
      sendJson(res, 200, { version: '2.0', distribution: 'scorm-cloud-emulator' });
    },
  },
  {
    method: 'POST',
    template: '/oauth/authenticate/application/token',
    scope: 'basicOnly',
    cors: true,
    async run({ ctx, req, res, caller }) {
      const { app } = caller;
      const form = new URLSearchParams((await readBody(req, 1024 * 1024)).toString('utf8'));
      const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
      if (scopes.length === 0) throw new V2Error(400, 'The scope parameter is required.');
      const text = form.get('expiration');
      const seconds = text === null || text === '' ? 300 : Number(text);
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TOKEN_SECONDS)
        throw new V2Error(400, `expiration [${text}] must be a whole number of seconds from 1 to ${MAX_TOKEN_SECONDS}.`);
      const token = ctx.tokens.issue(app.appId, scopes, ctx.core.now() + seconds * 1000);
      sendJson(res, 200, { access_token: token, expires_in: seconds, token_type: 'Bearer' });
    },
  },
];
