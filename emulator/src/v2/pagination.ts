import { V2Error } from './http';

/** What a `more` token carries: the original request's filters and where the next page starts. */
interface Cursor {
  list: string;
  query: Array<[string, string]>;
  offset: number;
}

/**
 * The token is opaque to clients ("construction and parsing may change without notice"); here it is the
 * first request's query and an offset, so `more` alone reproduces the filtered, ordered list.
 */
const encode = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decode(token: string, list: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (c.list === list && Array.isArray(c.query) && Number.isInteger(c.offset) && c.offset >= 0) return c;
  } catch {
    // falls through to the 400 below
  }
  throw new V2Error(400, `The more token [${token}] is not valid.`);
}

export interface Page<T> {
  items: T[];
  more?: string;
  /** Set on the first page when `includeTotalCount=true`. */
  total?: number;
}

/**
 * One page of `all(query)`. With `more`, the filters come from the token and any others sent are ignored
 * (the spec says none may be sent; ignoring them is the lenient reading).
 */
export function paginate<T>(url: URL, list: string, pageSize: number, all: (query: URLSearchParams) => T[]): Page<T> {
  const token = url.searchParams.get('more');
  const cursor: Cursor = token ? decode(token, list) : { list, query: [...url.searchParams.entries()].filter(([k]) => k !== '_'), offset: 0 };
  const query = new URLSearchParams(cursor.query);
  const items = all(query);
  const next = cursor.offset + pageSize;
  return {
    items: items.slice(cursor.offset, next),
    more: next < items.length ? encode({ ...cursor, offset: next }) : undefined,
    total: !token && query.get('includeTotalCount')?.toLowerCase() === 'true' ? items.length : undefined,
  };
}
