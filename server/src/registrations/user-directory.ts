import type { Core } from '@strapi/strapi';
import type { SiteRole, SiteUser } from '../contracts/learners';
import type { UserLike } from './learners';

const USER_UID = 'plugin::users-permissions.user';
const ROLE_UID = 'plugin::users-permissions.role';

type Raw = Record<string, unknown> & { id: number; documentId: string };

/**
 * The only code that reads users-permissions users and roles. Everything here is optional: the plugin
 * also runs in apps without users-permissions, where there are no users to pick.
 */
export function userDirectory(strapi: Core.Strapi) {
  const available = () => Boolean(strapi.db.metadata.get(USER_UID as never));
  const users = () => strapi.db.query(USER_UID as never);

  const toSiteUser = (raw: Raw): SiteUser => ({
    documentId: String(raw.documentId),
    username: String(raw.username ?? ''),
    email: raw.email ? String(raw.email) : null,
    blocked: Boolean(raw.blocked),
    role: raw.role && typeof raw.role === 'object' ? String((raw.role as { name?: unknown }).name ?? '') : null,
  });

  const directory = {
    available,

    /** A user with every attribute (the configured name fields may be any of them), or null. */
    async find(documentId: string): Promise<UserLike | null> {
      if (!available()) return null;
      return ((await users().findOne({ where: { documentId } })) as UserLike | null) ?? null;
    },

    /** Users whose username or e-mail contains `q` (any case), by username. */
    async search(q: string | undefined, page: number, pageSize: number): Promise<{ users: SiteUser[]; total: number }> {
      if (!available()) return { users: [], total: 0 };
      const where = q ? { $or: [{ username: { $containsi: q } }, { email: { $containsi: q } }] } : {};
      const [found, total] = await Promise.all([
        users().findMany({ where, orderBy: [{ username: 'asc' }, { id: 'asc' }], offset: (page - 1) * pageSize, limit: pageSize, populate: { role: true } }),
        users().count({ where }),
      ]);
      return { users: (found as Raw[]).map(toSiteUser), total: Number(total) };
    },

    /** The roles users can hold, each with how many users hold it. */
    async roles(): Promise<SiteRole[]> {
      if (!available()) return [];
      const roles = (await strapi.db.query(ROLE_UID as never).findMany({ orderBy: { name: 'asc' } })) as Raw[];
      return Promise.all(
        roles.map(async (r) => ({
          id: Number(r.id),
          name: String(r.name ?? ''),
          type: String(r.type ?? ''),
          users: Number(await users().count({ where: { role: r.id } })),
        })),
      );
    },

    /** The documentIds of every user holding the role (by its row id), in a stable order; null when there is no such role. */
    async documentIdsOfRole(roleId: number): Promise<string[] | null> {
      if (!available()) return null;
      const role = await strapi.db.query(ROLE_UID as never).findOne({ where: { id: roleId }, select: ['id'] });
      if (!role) return null;
      const found = (await users().findMany({ where: { role: roleId }, select: ['documentId'], orderBy: { id: 'asc' } })) as Raw[];
      return found.map((u) => String(u.documentId));
    },

    /** The documentIds of those users that exist (a picker may send one deleted meanwhile). */
    async existing(documentIds: string[]): Promise<Set<string>> {
      if (!available() || documentIds.length === 0) return new Set();
      const found = (await users().findMany({ where: { documentId: { $in: documentIds } }, select: ['documentId'] })) as Raw[];
      return new Set(found.map((u) => String(u.documentId)));
    },

    /** The documentIds of the users a deletion matching `where` is about to remove. */
    async documentIdsWhere(where: unknown): Promise<string[]> {
      const found = (await users().findMany({ where: where as never, select: ['documentId'] })) as Raw[];
      return [...new Set(found.map((u) => String(u.documentId)))];
    },

    /** Calls `listener` after a user is saved, and with the documentIds of users once they are deleted. */
    subscribe(listener: { updated(user: UserLike): Promise<void>; deleted(documentIds: string[]): Promise<void> }): void {
      if (!available()) return;
      strapi.db.lifecycles.subscribe({
        models: [USER_UID],
        async afterUpdate(event) {
          const user = (event as { result?: UserLike }).result;
          if (user?.documentId) await listener.updated(user);
        },
        // The rows are gone after the delete: note whose they were before it.
        async beforeDelete(event) {
          event.state.scormCloudUsers = await directory.documentIdsWhere((event.params as { where?: unknown }).where);
        },
        async afterDelete(event) {
          await listener.deleted((event.state.scormCloudUsers as string[] | undefined) ?? []);
        },
        async beforeDeleteMany(event) {
          event.state.scormCloudUsers = await directory.documentIdsWhere((event.params as { where?: unknown }).where);
        },
        async afterDeleteMany(event) {
          await listener.deleted((event.state.scormCloudUsers as string[] | undefined) ?? []);
        },
      });
    },
  };
  return directory;
}
