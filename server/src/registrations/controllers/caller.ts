import type { Context } from 'koa';
import { ForbiddenError } from '../../errors';
import { learnerIdForUser } from '../ids';
import type { Caller, UserLike } from '../learners';
import type { RegistrationRow } from '../repository';

export type { Caller };

interface AuthState {
  strategy?: { name?: string };
  credentials?: { id?: unknown } | null;
}

const authOf = (ctx: Context) => ctx.state.auth as AuthState | undefined;
// 'content-api-token' in Strapi 5.54; 'api-token' in earlier v5 releases.
const isTokenStrategy = (name: string | undefined) => name === 'content-api-token' || name === 'api-token';
const userOf = (ctx: Context): UserLike | undefined => {
  const user = ctx.state.user as UserLike | undefined;
  return authOf(ctx)?.strategy?.name === 'users-permissions' && user?.documentId ? user : undefined;
};

/** Who is calling a content-API route: a site backend with an API token, or a users-permissions user. */
export function callerOf(ctx: Context): Caller {
  if (isTokenStrategy(authOf(ctx)?.strategy?.name)) return { kind: 'token' };
  const user = userOf(ctx);
  if (user) return { kind: 'user', user };
  throw new ForbiddenError('This route needs a users-permissions user or an API token.');
}

/**
 * A stable name for the authenticated caller (`token:<id>`, `user:<documentId>`), or null on a public
 * route. The user's documentId rather than its row id, as everywhere else a learner is named.
 */
export function callerKey(ctx: Context): string | null {
  const auth = authOf(ctx);
  const tokenId = auth?.credentials?.id;
  if (isTokenStrategy(auth?.strategy?.name) && tokenId !== undefined && tokenId !== null) return `token:${String(tokenId)}`;
  const user = userOf(ctx);
  return user ? `user:${user.documentId}` : null;
}

export function requireUser(ctx: Context): UserLike {
  const caller = callerOf(ctx);
  if (caller.kind !== 'user') throw new ForbiddenError('This route acts for the signed-in learner; call it with a users-permissions JWT.');
  return caller.user;
}

export const ownedBy = (row: Pick<RegistrationRow, 'userDocumentId' | 'learnerId'>, user: UserLike): boolean =>
  row.userDocumentId === user.documentId || row.learnerId === learnerIdForUser(user.documentId);

/** Owner or API token; anyone else gets 403 (the registration exists, so 404 would be a lie to the owner's site). */
export function assertMayAccess(ctx: Context, row: Pick<RegistrationRow, 'userDocumentId' | 'learnerId'>): void {
  const caller = callerOf(ctx);
  if (caller.kind === 'user' && !ownedBy(row, caller.user)) {
    throw new ForbiddenError('This registration belongs to another learner.');
  }
}

/** JSON for frontends that navigate themselves (`Accept: application/json`), otherwise a redirect. */
export const prefersJson = (ctx: Context): boolean => ctx.accepts('html', 'json') === 'json';
