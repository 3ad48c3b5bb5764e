import { Box } from '@strapi/design-system';

interface ProgressMeterProps {
  /** 0–100. */
  value: number;
  label: string;
  testId?: string;
  /** Exposed as data attributes, so that tests and tools can read more than the rounded percentage. */
  loaded?: number;
  total?: number;
}

/**
 * The design system's ProgressBar is drawn for dark backgrounds (the Media Library's upload cards),
 * white on white in a dialog; this one is the same ARIA progressbar in the primary colour, full width.
 */
export const ProgressMeter = ({ value, label, testId, loaded, total }: ProgressMeterProps) => (
  <Box
    role="progressbar"
    aria-label={label}
    aria-valuemin={0}
    aria-valuemax={100}
    aria-valuenow={value}
    data-testid={testId}
    data-loaded={loaded}
    data-total={total}
    background="neutral150"
    hasRadius
    height="0.8rem"
    width="100%"
    overflow="hidden"
  >
    <Box background="primary600" height="100%" style={{ width: `${value}%`, transition: 'width 120ms linear' }} />
  </Box>
);
