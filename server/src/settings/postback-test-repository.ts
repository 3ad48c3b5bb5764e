import { createHash, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';

/**
 * The one postback test in progress, in Strapi's store (the database), so that the test postback is
 * recognised whichever instance behind a load balancer it reaches. Only the password's hash is kept.
 */
interface Stored {
  passwordHash: string;
  expiresAt: string;
  arrivedAt: string | null;
  authType: string | null;
  wire: string | null;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export function postbackTestRepository(strapi: Core.Strapi) {
  const store = () => strapi.store({ type: 'plugin', name: 'scorm-cloud', key: 'postback-test' });
  const read = async (): Promise<Stored | null> => ((await store().get({})) as Stored | null) ?? null;

  return {
    async start(password: string, expiresAt: Date): Promise<void> {
      await store().set({
        value: { passwordHash: digest(password), expiresAt: expiresAt.toISOString(), arrivedAt: null, authType: null, wire: null } satisfies Stored,
      });
    },

    /** True, and the arrival recorded, when `password` is the running test's. */
    async accept(password: string, seen: { authType: string; wire: string }, now: Date = new Date()): Promise<boolean> {
      const test = await read();
      if (!test || Date.parse(test.expiresAt) < now.getTime()) return false;
      if (!timingSafeEqual(Buffer.from(digest(password)), Buffer.from(test.passwordHash))) return false;
      await store().set({ value: { ...test, arrivedAt: test.arrivedAt ?? now.toISOString(), authType: seen.authType, wire: seen.wire } satisfies Stored });
      return true;
    },

    async arrival(): Promise<{ arrivedAt: Date; authType: string | null; wire: string | null } | null> {
      const test = await read();
      return test?.arrivedAt ? { arrivedAt: new Date(test.arrivedAt), authType: test.authType, wire: test.wire } : null;
    },

    async clear(): Promise<void> {
      await store().delete({});
    },
  };
}
