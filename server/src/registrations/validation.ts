import { z } from 'zod';
import { day, page, pageSize, sortParam } from '../utils/validate';
import { ID_PATTERN } from './ids';

export { validate } from '../utils/validate';

const id = (what: string) => z.string().trim().regex(ID_PATTERN, `${what} must be 1–255 characters of A-Z, a-z, 0-9, ".", "_" or "-"`);
const name = z.string().trim().min(1).max(255);
const email = z.email().max(255);

/** Content API `POST /registrations`: a site backend (API token) names its learner; a user's body is ignored. */
export const contentCreateSchema = z.object({
  courseId: id('courseId'),
  learner: z
    .object({
      id: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9._-]{1,200}$/, 'learner.id must be 1–200 characters of A-Z, a-z, 0-9, ".", "_" or "-" (an e-mail is not an ID)')
        .optional(),
      userDocumentId: z.string().trim().min(1).max(255).optional(),
      firstName: name.optional(),
      lastName: name.optional(),
      email: email.optional(),
    })
    .optional(),
});

/** Admin `POST /registrations`. */
export const adminCreateSchema = z.object({
  courseId: id('courseId'),
  learner: z
    .object({
      learnerId: id('learner.learnerId').optional(),
      userDocumentId: z.string().trim().min(1).max(255).optional(),
      firstName: name.optional(),
      lastName: name.optional(),
      email: email.optional(),
    })
    .refine((l) => Boolean(l.learnerId) !== Boolean(l.userDocumentId), 'give exactly one of learner.learnerId and learner.userDocumentId'),
});

/** Admin `POST /registrations/assignments`: users picked by documentId, every user of a role, or both. */
export const adminAssignSchema = z
  .object({
    courseId: id('courseId'),
    userDocumentIds: z.array(z.string().trim().min(1).max(255)).max(1000, 'at most 1000 users at once; assign a role for more').optional(),
    roleId: z.number().int().positive().optional(),
  })
  .refine((a) => (a.userDocumentIds?.length ?? 0) > 0 || a.roleId !== undefined, 'name the users (userDocumentIds) or a role (roleId)');

/** Admin `GET /learners/users`: the picker's search. */
export const userSearchSchema = z.object({ q: z.string().trim().max(255).optional(), page, pageSize });

export const SORTABLE = ['createdAt', 'updatedAt', 'lastLaunchedAt', 'learnerId', 'learnerLastName', 'complete', 'success', 'score', 'launchCount'] as const;

const flag = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional();

/** Admin `GET /registrations` query. */
export const listQuerySchema = z.object({
  courseId: z.string().trim().min(1).optional(),
  learnerId: z.string().trim().min(1).optional(),
  userDocumentId: z.string().trim().min(1).max(255).optional(),
  complete: flag(['complete', 'incomplete', 'unknown'] as const),
  success: flag(['passed', 'failed', 'unknown'] as const),
  q: z.string().trim().max(255).optional(),
  launchedFrom: day.optional(),
  launchedTo: day.optional(),
  page,
  pageSize,
  sort: sortParam(SORTABLE, 'createdAt:desc'),
});

/** Admin `GET /registrations/export`: the list's filters and sort, without the page. */
export const exportQuerySchema = listQuerySchema.omit({ page: true, pageSize: true });

export const launchQuerySchema = z.object({ returnTo: z.string().trim().max(2048).optional() });

export type ContentCreateInput = z.infer<typeof contentCreateSchema>;
export type AdminCreateInput = z.infer<typeof adminCreateSchema>;
export type AdminAssignInput = z.infer<typeof adminAssignSchema>;
export type ListQuery = z.infer<typeof listQuerySchema>;
export type ExportQuery = z.infer<typeof exportQuerySchema>;
