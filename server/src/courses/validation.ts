import { z } from 'zod';
import { day, page, pageSize, sortParam } from '../utils/validate';

export { validate } from '../utils/validate';

const title = z.string().trim().min(1).max(255);

export const SORTABLE = ['updatedAt', 'createdAt', 'title', 'status', 'courseId'] as const;

export const listQuery = z.object({
  page,
  pageSize,
  q: z.string().trim().max(255).optional(),
  status: z.enum(['uploading', 'importing', 'ready', 'failed', 'deleting']).optional(),
  /** The course's last update (`updatedAt`), both ends included. */
  updatedFrom: day.optional(),
  updatedTo: day.optional(),
  sort: sortParam(SORTABLE, 'updatedAt:desc'),
});
export type ListQuery = z.output<typeof listQuery>;

export const publicListQuery = z.object({ page, pageSize });

export const updateBody = z
  .object({ title: title.optional(), launchable: z.boolean().optional() })
  .strict()
  .refine((b) => b.title !== undefined || b.launchable !== undefined, { message: 'give title or launchable' });

export const directUploadBody = z
  .object({
    title: title.optional(),
    filename: z.string().trim().min(1).max(255),
    size: z.number().int().min(0).optional(),
  })
  .strict();

/** The Cloud's answer to an upload is an XML or JSON envelope around one ID: 64 KiB is far more than it needs. */
export const CLOUD_ANSWER_MAX_CHARS = 64 * 1024;

export const importTokenBody = z
  .object({
    token: z.string().trim().min(1).max(255).optional(),
    cloudStatus: z.number().int().min(100).max(599).optional(),
    cloudAnswer: z.string().max(CLOUD_ANSWER_MAX_CHARS).optional(),
  })
  .strict()
  .transform((body, ctx): { token: string } | { answer: { status: number; body: string } } => {
    const { token, cloudStatus, cloudAnswer } = body;
    if (token !== undefined && cloudStatus === undefined && cloudAnswer === undefined) return { token };
    if (token === undefined && cloudStatus !== undefined && cloudAnswer !== undefined) return { answer: { status: cloudStatus, body: cloudAnswer } };
    ctx.addIssue({ code: 'custom', message: "Send either the import token (token) or SCORM Cloud's answer to the upload (cloudStatus and cloudAnswer)." });
    return z.NEVER;
  });

/** What the Cloud appends to a direct upload's `redirecturl` (`tokenid`, `success`, `courseid`); anything else it adds is ignored. */
export const directCompleteQuery = z.object({
  state: z.string().max(200).default(''),
  success: z.string().max(10).optional(),
  courseid: z.string().max(255).optional(),
  tokenid: z.string().trim().max(255).optional(),
  errcode: z.string().max(20).optional(),
  msg: z.string().max(2000).optional(),
});
export type DirectCompleteQuery = z.output<typeof directCompleteQuery>;

export const uploadTitle = title;

/** A preview of one version; the live one without `version`. */
export const previewBody = z.object({ version: z.number().int().min(0).optional() }).strict();
