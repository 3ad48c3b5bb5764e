import type { Core } from '@strapi/strapi';

/**
 * Row leases for work that several Strapi instances on one database may try at once. A claim is one
 * conditional UPDATE: it only matches a row whose lease is free or expired (plus the caller's own
 * conditions), so of two instances racing for a row exactly one sees an affected-row count of 1.
 * The query engine's updateMany runs `UPDATE ... WHERE ...` and returns the driver's affected-row count on
 * SQLite, PostgreSQL and MySQL alike, and joins an ambient transaction if there is one.
 */
export interface LeaseOptions {
  owner: string;
  leaseSeconds: number;
  /** Further conditions the row must still meet at claim time (e.g. still `importing` and due). */
  where?: Record<string, unknown>;
  now?: Date;
}

type AnyUid = Parameters<Core.Strapi['db']['query']>[0];

export async function claimRow(strapi: Core.Strapi, uid: string, id: number, options: LeaseOptions): Promise<boolean> {
  const now = options.now ?? new Date();
  const { count } = await strapi.db.query(uid as AnyUid).updateMany({
    where: {
      $and: [{ id }, options.where ?? {}, { $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lt: now } }] }],
    },
    data: { leaseOwner: options.owner, leaseUntil: new Date(now.getTime() + options.leaseSeconds * 1000) },
  });
  return count === 1;
}

/** Writes `data` only while `owner` still holds the row's lease (it may have expired and been taken over). */
export async function updateLeased(strapi: Core.Strapi, uid: string, id: number, owner: string, data: Record<string, unknown>): Promise<boolean> {
  const { count } = await strapi.db.query(uid as AnyUid).updateMany({ where: { id, leaseOwner: owner }, data });
  return count === 1;
}
