import type { Core } from '@strapi/strapi';
import type { InboxOutcome } from '../contracts/postbacks';

export const POSTBACK_UID = 'plugin::scorm-cloud.postback';

/** One stored postback, with its date read the same way on every database (SQLite answers a string). */
export interface PostbackRow {
  id: number;
  registrationId: string;
  receivedAt: Date;
  body: string | null;
  authType: string | null;
  outcome: InboxOutcome;
  detail: string | null;
}

type Raw = Record<string, unknown>;

export function toPostbackRow(raw: Raw): PostbackRow {
  return {
    id: Number(raw.id),
    registrationId: String(raw.registrationId ?? ''),
    receivedAt: new Date(raw.receivedAt as string | number | Date),
    body: (raw.body as string | null) ?? null,
    authType: (raw.authType as string | null) ?? null,
    outcome: raw.outcome as InboxOutcome,
    detail: (raw.detail as string | null) ?? null,
  };
}

/** The only code that reads or writes the postback inbox. */
export function postbackRepository(strapi: Core.Strapi) {
  const query = () => strapi.db.query(POSTBACK_UID);
  const one = (raw: unknown): PostbackRow | null => (raw ? toPostbackRow(raw as Raw) : null);

  return {
    async find(id: number): Promise<PostbackRow | null> {
      return one(await query().findOne({ where: { id } }));
    },

    /** The first stored copy of exactly this report for this registration, if any. */
    async findSame(registrationId: string, body: string): Promise<PostbackRow | null> {
      return one(await query().findOne({ where: { registrationId, body }, orderBy: { id: 'asc' } }));
    },

    /**
     * A new row. `createMany` of one: an insert and nothing else, where `create` also reads the row back
     * and opens a transaction for relations the inbox does not have; this runs for every postback.
     */
    async create(data: Omit<PostbackRow, 'id'>): Promise<PostbackRow> {
      const { ids } = (await query().createMany({ data: [data] })) as { ids?: Array<number | string> };
      const id = Number(ids?.[0]);
      if (!Number.isInteger(id)) throw new Error('The postback inbox did not answer the id of the row it stored.');
      return { id, ...data };
    },

    async setOutcome(id: number, outcome: InboxOutcome, detail: string | null): Promise<void> {
      await query().updateMany({ where: { id }, data: { outcome, detail, updatedAt: new Date() } });
    },

    /** A registration's entries, newest first. */
    async listForRegistration(registrationId: string, limit: number): Promise<PostbackRow[]> {
      const rows = await query().findMany({ where: { registrationId }, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }], limit });
      return (rows as Raw[]).map(toPostbackRow);
    },

    /** Deletes the rows received before `cutoff`; answers how many went. */
    async removeReceivedBefore(cutoff: Date): Promise<number> {
      const result = await query().deleteMany({ where: { receivedAt: { $lt: cutoff } } });
      return Number((result as { count?: number }).count ?? 0);
    },
  };
}

export type PostbackRepository = ReturnType<typeof postbackRepository>;
