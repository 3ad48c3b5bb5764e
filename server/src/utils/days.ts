/**
 * The end of a list's `…To` date filter, excluded: a calendar day (`2026-03-04`) counts whole, up to the
 * next midnight UTC; a date-time is the instant itself (the admin sends its local days that way).
 */
export const endOf = (value: string): Date => {
  const at = new Date(value);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(at.getTime() + 24 * 3600 * 1000) : at;
};
