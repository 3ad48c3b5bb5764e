import type { IntlShape } from 'react-intl';

/**
 * Decimal units (1 kB = 1000 B), the one system the admin shows sizes in: the units Intl knows, so
 * the number and the unit both follow the locale ("25 MB", "25 Mo").
 */
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

type FormatNumber = IntlShape['formatNumber'];

const fallback: FormatNumber = ((value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat('en', options).format(value)) as FormatNumber;

/** 1500 → "1.5 kB", 25165824 → "25 MB"; one decimal under 10 of a unit. */
export function formatBytes(value: number | string | null | undefined, formatNumber: FormatNumber = fallback): string {
  const bytes = typeof value === 'string' ? Number(value) : value;
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let n = bytes;
  let unit = 0;
  while (n >= 1000 && unit < UNITS.length - 1) {
    n /= 1000;
    unit++;
  }
  return formatNumber(n, {
    style: 'unit',
    unit: UNITS[unit],
    // "999 bytes", not "999 byte": the short form of the byte itself is not plural in every locale.
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 || n >= 10 ? 0 : 1,
  });
}
