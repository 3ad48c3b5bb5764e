/** V1 timestamps: UTC `yyyyMMddHHmmss`, the format of `ts` and of `getTime`'s answer. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function utcTimestamp(date: Date = new Date()): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('utcTimestamp: invalid Date');
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds())
  );
}

const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** Strict inverse of `utcTimestamp`: rejects anything but 14 digits naming a real UTC instant. */
export function parseUtcTimestamp(s: string): Date {
  const m = STAMP.exec(s.trim());
  if (!m) throw new RangeError(`Malformed V1 timestamp (expected yyyyMMddHHmmss): ${JSON.stringify(s.slice(0, 40))}`);
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  // Date.UTC silently rolls over (month 13, 31 February, 25:00): round-tripping catches it.
  if (utcTimestamp(date) !== m[0]) throw new RangeError(`Out-of-range V1 timestamp: ${JSON.stringify(s)}`);
  return date;
}

/** The Cloud rejects a `ts` more than 15 minutes away from its clock (code 107), so signed URLs expire then. */
export const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;
