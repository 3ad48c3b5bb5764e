/**
 * The lists' date filters: the admin picks days in its own time zone, keeps them in the URL as
 * `2026-03-04`, and sends the server the instants those days start and end at (the server would read a
 * bare day as UTC).
 */

/** A picked date as the day the URL keeps. */
export const dayOf = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The local midnight starting `day`, or `plusDays` later. */
export const localDay = (day: string, plusDays = 0) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays);
};

/** A from–to pair of days as the instants the server filters on: from the first midnight to the midnight after the last day. */
export const dayRange = (from: string | undefined, to: string | undefined) => ({
  from: from ? localDay(from).toISOString() : undefined,
  to: to ? localDay(to, 1).toISOString() : undefined,
});
