import { z } from 'zod';
import { InputError } from '../errors';

/**
 * The one way request input is checked: a zod schema, and on failure a 400 `InputError` naming the
 * first offending field (the admin highlights it), with every issue in `details.errors` as
 * `{ path: string[], message }`, the shape Strapi's admin error formatter reads.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '');
  throw new InputError(field ? `${field}: ${issue.message}` : issue.message, {
    field: field || undefined,
    errors: result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
  });
}

/** Pages of every list the plugin serves: 1-based, 20 per page unless asked, at most 100. */
export const page = z.coerce.number().int().min(1).default(1);
export const pageSize = z.coerce.number().int().min(1).max(100).default(20);

/** A list's date bound: a calendar day (`2026-03-04`) or an ISO date-time, as the admin's date pickers send them. */
export const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be a date such as 2026-03-04')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date such as 2026-03-04');

/**
 * A list's `sort`: `field`, `field:asc` or `field:desc` on one of `fields`, the direction in either case
 * (Strapi's admin tables write `title:ASC`); answered as `field:asc` or `field:desc`.
 */
export const sortParam = (fields: readonly string[], fallback: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        const [field, direction, ...rest] = value.split(':');
        return rest.length === 0 && fields.includes(field) && (direction === undefined || /^(asc|desc)$/i.test(direction));
      },
      `must be one of ${fields.join(', ')}, optionally followed by :asc or :desc`,
    )
    .transform((value) => {
      const [field, direction = 'asc'] = value.split(':');
      return `${field}:${direction.toLowerCase()}`;
    })
    .default(fallback);
