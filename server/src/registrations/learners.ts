import type { Core } from '@strapi/strapi';
import { InputError, NotFoundError } from '../errors';
import type { PluginConfig } from '../config/schema';
import { getService } from '../utils/get-service';
import { learnerIdForExternal, learnerIdForUser } from './ids';
import { userDirectory } from './user-directory';
import type { AdminCreateInput, ContentCreateInput } from './validation';

export interface Learner {
  learnerId: string;
  firstName: string;
  lastName: string;
  email?: string | null;
}

/** A users-permissions user as `ctx.state.user` carries it; the app may have added name attributes of any name. */
export interface UserLike {
  documentId: string;
  username?: string | null;
  email?: string | null;
  [attribute: string]: unknown;
}

/** Which user attributes hold the names (`learners.firstNameFields` and `lastNameFields`). */
export type NameFields = Pick<PluginConfig['learners'], 'firstNameFields' | 'lastNameFields'>;

export const DEFAULT_NAME_FIELDS: NameFields = { firstNameFields: ['firstname', 'firstName'], lastNameFields: ['lastname', 'lastName'] };

/** Who is calling a content-API route: a site backend with an API token, or a users-permissions user. */
export type Caller = { kind: 'token' } | { kind: 'user'; user: UserLike };

/** The learner a registration is made for, and the users-permissions user behind it when there is one. */
export interface ResolvedLearner {
  learner: Learner;
  userDocumentId: string | null;
}

type Names = { firstName?: string; lastName?: string; email?: string };

const firstText = (user: UserLike, fields: string[]): string => {
  for (const field of fields) {
    const value = user[field];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return '';
};

/**
 * The learner a users-permissions user is: names from the configured attributes, else the username as
 * the one name (users-permissions has no name attributes by default). Never a placeholder: a learner
 * without a last name has none.
 */
export function learnerFromUser(user: UserLike, fields: NameFields = DEFAULT_NAME_FIELDS): Learner {
  const firstName = firstText(user, fields.firstNameFields);
  const lastName = firstText(user, fields.lastNameFields);
  return {
    learnerId: learnerIdForUser(user.documentId),
    firstName: firstName || (lastName ? '' : user.username?.trim() || user.email?.trim() || user.documentId),
    lastName,
    email: user.email ?? null,
  };
}

/** Learner resolution: who a registration is for, from a signed-in user, a users-permissions user named by ID, or a site's own learner. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const users = userDirectory(strapi);
  const fromUser = (user: UserLike): Learner => learnerFromUser(user, getService(strapi, 'config').get().learners);

  /** A users-permissions user named by documentId, with the names given in the request taking precedence. */
  async function fromUserDocument(userDocumentId: string, names: Names): Promise<ResolvedLearner> {
    const user = await users.find(userDocumentId);
    if (!user) throw new NotFoundError(`No users-permissions user "${userDocumentId}".`);
    const learner = fromUser(user);
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
    fromUser,

    /** Admin assignment: a users-permissions user, or a learner ID of the editor's choosing. */
    forAdmin(input: AdminCreateInput['learner']): Promise<ResolvedLearner> | ResolvedLearner {
      if (input.userDocumentId) return fromUserDocument(input.userDocumentId, input);
      const learnerId = input.learnerId as string;
      return {
        learner: { learnerId, firstName: input.firstName ?? (input.lastName ? '' : learnerId), lastName: input.lastName ?? '', email: input.email ?? null },
        userDocumentId: null,
      };
    },

    /** Content API: a learner only ever registers themself (whatever the body names); an API token names its learner. */
    forContent(caller: Caller, input: ContentCreateInput['learner']): Promise<ResolvedLearner> | ResolvedLearner {
      if (caller.kind === 'user') return { learner: fromUser(caller.user), userDocumentId: caller.user.documentId };
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
