import { createHash } from 'node:crypto';

/** Design rule 1: our IDs are opaque, stable, at most 255 characters, within `[A-Za-z0-9._-]`. */
export const ID_PATTERN = /^[A-Za-z0-9._-]{1,255}$/;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** One registration per course, learner and attempt; the unique index sits on this key. */
export function attemptKeyOf(courseId: string, learnerId: string, attempt: number): string {
  const key = `${courseId}:${learnerId}:${attempt}`;
  // Both IDs may be up to 255 characters; the column is a 255-character string.
  return key.length <= 255 ? key : `sha256:${sha256(key)}`;
}

/**
 * Derived from the attempt key rather than random, so a retry after a Cloud timeout asks for the same
 * registration ID and meets "already exists" (code 2) for the one the Cloud created before timing out.
 */
export const registrationIdFor = (attemptKey: string): string => `reg-${sha256(attemptKey).slice(0, 40)}`;

/** A users-permissions user's learner ID: from its documentId, never its e-mail (e-mails change). */
export const learnerIdForUser = (documentId: string): string => `u-${documentId}`;

/**
 * A site backend's own learner ID, namespaced so it can never collide with (or impersonate) a
 * users-permissions learner. Only the ID alphabet is accepted, which also rules out e-mail addresses.
 */
export const learnerIdForExternal = (id: string): string => `x-${id}`;
