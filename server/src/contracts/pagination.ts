/** Strapi's pagination meta, as the list routes answer it. */
export interface PaginationMeta {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** One page of a list route: `{ data, meta: { pagination } }`. */
export interface Page<T> {
  data: T[];
  meta: { pagination: PaginationMeta };
}

/** What a one-item route answers: `{ data }`. */
export interface DataBody<T> {
  data: T;
}

/** Strapi's error body: `{ error: { status, name, message, details } }` (server/src/controllers/respond.ts). */
export interface ErrorBody {
  data?: null;
  error?: { status?: number; name?: string; message?: string; details?: { code?: string; [key: string]: unknown } };
}
