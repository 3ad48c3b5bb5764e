import { Box, DatePicker } from '@strapi/design-system';
import { dayOf } from '../utils/days';

/**
 * A list's date filter: the design system's date picker, reading and writing the URL's `2026-03-04` days.
 * The picker reads the date it is given in UTC but answers a local midnight, so it is given the day at
 * midnight UTC: a local midnight would show the day before to an admin east of Greenwich.
 */
export const DayFilter = ({
  label,
  clearLabel,
  value,
  onChange,
}: {
  label: string;
  clearLabel: string;
  value: string | undefined;
  onChange: (day: string | undefined) => void;
}) => (
  <Box minWidth="170px">
    <DatePicker
      aria-label={label}
      placeholder={label}
      size="S"
      value={value ? new Date(`${value}T00:00:00Z`) : undefined}
      onChange={(date: Date | undefined) => onChange(date ? dayOf(date) : undefined)}
      onClear={() => onChange(undefined)}
      clearLabel={clearLabel}
    />
  </Box>
);
