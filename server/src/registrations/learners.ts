import type { Core } from '@strapi/strapi';
import { InputError, NotFoundError } from '../errors';
import { learnerIdForExternal, learnerIdForUser } from './ids';
import type { AdminCreateInput, ContentCreateInput } from './validation';

export interface Learner {
  learnerId: string;
  firstName: string;
  lastName: string;
  email?: string | null;
}

/** A users-permissions user as `ctx.state.user` carries it. */
export interface UserLike {
  documentId: string;
  username?: string | null;
  email?: string | null;
  firstname?: string | null;
  lastname?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

/** Who is calling a content-API route: a site backend with an API token, or a users-permissions user. */
export type Caller = { kind: 'token' } | { kind: 'user'; user: UserLike };

/** The learner a registration is made for, and the users-permissions user behind it when there is one. */
export interface ResolvedLearner {
  learner: Learner;
  userDocumentId: string | null;
}

type Names = { firstName?: string; lastName?: string; email?: string };

export function learnerFromUser(user: UserLike): Learner {
  const username = user.username?.trim() || 'learner';
  return {
    learnerId: learnerIdForUser(user.documentId),
    firstName: (user.firstname ?? user.firstName)?.trim() || username,
    // The Cloud requires a last name; users-permissions has none by default.
    lastName: (user.lastname ?? user.lastName)?.trim() || '-',
    email: user.email ?? null,
  };
}

/** Learner resolution: who a registration is for, from a signed-in user, a users-permissions user named by ID, or a site's own learner. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** A users-permissions user named by documentId, with the names given in the request taking precedence. */
  async function fromUserDocument(userDocumentId: string, names: Names): Promise<ResolvedLearner> {
    const user = (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { documentId: userDocumentId } })) as UserLike | null;
    if (!user) throw new NotFoundError(`No users-permissions user "${userDocumentId}".`);
    const learner = learnerFromUser(user);
    return {
      learner: {
        ...learner,
        firstName: names.firstName ?? learner.firstName,
        lastName: names.lastName ?? learner.lastName,
        email: names.email ?? learner.email,
      },
      userDocumentId: user.documentId,
    };
  }

  return {
    fromUser: learnerFromUser,

    /** Admin assignment: a users-permissions user, or a learner ID of the editor's choosing. */
    forAdmin(input: AdminCreateInput['learner']): Promise<ResolvedLearner> | ResolvedLearner {
      if (input.userDocumentId) return fromUserDocument(input.userDocumentId, input);
      const learnerId = input.learnerId as string;
      return {
        learner: { learnerId, firstName: input.firstName ?? learnerId, lastName: input.lastName ?? '-', email: input.email ?? null },
        userDocumentId: null,
      };
    },

    /** Content API: a learner only ever registers themself (whatever the body names); an API token names its learner. */
    forContent(caller: Caller, input: ContentCreateInput['learner']): Promise<ResolvedLearner> | ResolvedLearner {
      if (caller.kind === 'user') return { learner: learnerFromUser(caller.user), userDocumentId: caller.user.documentId };
      if (input?.userDocumentId) return fromUserDocument(input.userDocumentId, input);
      if (!input?.id || !input.firstName || !input.lastName) {
        throw new InputError('An API token must name the learner: learner.id (or learner.userDocumentId), learner.firstName and learner.lastName.');
      }
      return {
        learner: { learnerId: learnerIdForExternal(input.id), firstName: input.firstName, lastName: input.lastName, email: input.email ?? null },
        userDocumentId: null,
      };
    },
  };
};
