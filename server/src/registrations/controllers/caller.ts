import type { Context } from 'koa';
import { ForbiddenError } from '../../errors';
import { learnerIdForUser } from '../ids';
import type { Caller, UserLike } from '../learners';
import type { RegistrationRow } from '../repository';

export type { Caller };

/** Who is calling a content-API route: a site backend with an API token, or a users-permissions user. */
export function callerOf(ctx: Context): Caller {
  const strategy = (ctx.state.auth as { strategy?: { name?: string } } | undefined)?.strategy?.name;
  // 'content-api-token' in Strapi 5.54; 'api-token' in earlier v5 releases.
  if (strategy === 'content-api-token' || strategy === 'api-token') return { kind: 'token' };
  const user = ctx.state.user as UserLike | undefined;
  if (strategy === 'users-permissions' && user?.documentId) return { kind: 'user', user };
  throw new ForbiddenError('This route needs a users-permissions user or an API token.');
}

export function requireUser(ctx: Context): UserLike {
  const caller = callerOf(ctx);
  if (caller.kind !== 'user') throw new ForbiddenError('This route acts for the signed-in learner; call it with a users-permissions JWT.');
  return caller.user;
}

export const ownedBy = (row: RegistrationRow, user: UserLike): boolean =>
  row.userDocumentId === user.documentId || row.learnerId === learnerIdForUser(user.documentId);

/** Owner or API token; anyone else gets 403 (the registration exists, so 404 would be a lie to the owner's site). */
export function assertMayAccess(ctx: Context, row: RegistrationRow): void {
  const caller = callerOf(ctx);
  if (caller.kind === 'user' && !ownedBy(row, caller.user)) {
    throw new ForbiddenError('This registration belongs to another learner.');
  }
}

/** JSON for frontends that navigate themselves (`Accept: application/json`), otherwise a redirect. */
export const prefersJson = (ctx: Context): boolean => ctx.accepts('html', 'json') === 'json';
