import { randomBytes } from 'node:crypto';

/** Course IDs are ours, never a title or file name: opaque, stable, URL-safe and far below the Cloud's 255 characters. */
export const newCourseId = (): string => `c-${randomBytes(12).toString('base64url').replace(/_/g, '.')}`;

export const COURSE_ID_PATTERN = /^[A-Za-z0-9._-]{1,255}$/;
