import { Box, Flex, Typography } from '@strapi/design-system';
import { useT } from '../hooks/useT';
import type { UploadItem } from './PackageUploadItem';

interface UploadSummaryProps {
  /** The packages that could be sent (the refused ones are counted apart). */
  items: UploadItem[];
  /** Files refused before any upload: not zip archives, or too large. */
  refused: number;
}

/** Where several packages stand once the dialog is done with them, following each import to its end. */
export const UploadSummary = ({ items, refused }: UploadSummaryProps) => {
  const { t } = useT();
  const count = (test: (item: UploadItem) => boolean) => items.filter(test).length;
  const done = (item: UploadItem) => item.phase === 'done';
  const counts = {
    ready: count((item) => done(item) && item.outcome === 'ready'),
    importing: count((item) => done(item) && (item.outcome === undefined || item.outcome === 'importing')),
    failed: count((item) => item.phase === 'error' || (done(item) && (item.outcome === 'failed' || item.outcome === 'versionFailed'))),
    cancelled: count((item) => item.phase === 'cancelled'),
    waiting: count((item) => item.phase === 'waiting'),
    refused,
  };
  const sentences = (Object.keys(counts) as (keyof typeof counts)[])
    .filter((key) => counts[key] > 0)
    .map((key) => t(`upload.summary.${key}`, { count: counts[key] }));
  const trouble = counts.failed > 0 || counts.cancelled > 0 || counts.refused > 0;
  return (
    <Box
      background={trouble ? 'warning100' : counts.importing || counts.waiting ? 'neutral100' : 'success100'}
      padding={4}
      hasRadius
      role="status"
      data-testid="upload-summary"
      data-ready={counts.ready}
      data-importing={counts.importing}
      data-failed={counts.failed}
      data-cancelled={counts.cancelled}
    >
      <Flex direction="column" alignItems="flex-start" gap={1}>
        {sentences.map((sentence) => (
          <Typography key={sentence} variant="omega">
            {sentence}
          </Typography>
        ))}
      </Flex>
    </Box>
  );
};
