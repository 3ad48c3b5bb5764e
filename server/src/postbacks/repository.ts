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
     * A new row, as the query engine would write it (a documentId, the timestamps, published as every row
     * of a content type without drafts), in one INSERT: the engine's `createMany` wraps even one row in a
     * transaction of its own, two more round trips on PostgreSQL and MariaDB for every postback.
     */
    async create(data: Omit<PostbackRow, 'id'>): Promise<PostbackRow> {
      const meta = strapi.db.metadata.get(POSTBACK_UID);
      const attributes = meta.attributes as Record<string, { columnName?: string; default?: unknown } | undefined>;
      const documentId = attributes.documentId?.default;
      const now = new Date();
      const values: Record<string, unknown> = {
        documentId: typeof documentId === 'function' ? (documentId as () => string)() : undefined,
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
        ...data,
      };
      const row = Object.fromEntries(Object.entries(values).map(([name, value]) => [attributes[name]?.columnName ?? name, value]));
      const insert = strapi.db.connection(meta.tableName).insert(row);
      // MySQL and MariaDB have no RETURNING: knex answers the insert id there.
      const [inserted] = (await (strapi.db.dialect.client === 'mysql' ? insert : insert.returning('id'))) as Array<number | { id: number | string }>;
      const id = Number(typeof inserted === 'object' && inserted !== null ? inserted.id : inserted);
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
