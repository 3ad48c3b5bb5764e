const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB"; binary multiples, as file managers show package sizes. */
export function formatBytes(value: number | string | null | undefined): string {
  const bytes = typeof value === 'string' ? Number(value) : value;
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let n = bytes;
  let unit = 0;
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  return `${unit === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${UNITS[unit]}`;
}
