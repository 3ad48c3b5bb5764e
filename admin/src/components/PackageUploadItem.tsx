import { Link as RouterLink } from 'react-router-dom';
import { Alert, Box, Button, Flex, Link, Loader, Typography } from '@strapi/design-system';
import type { CourseView } from '../api/types';
import type { UploadProgress } from '../api/upload';
import { useT } from '../hooks/useT';
import { coursePath } from '../pluginId';
import { ImportNote, type ImportOutcome } from './ImportNote';
import { ProgressMeter } from './ProgressMeter';

export type ItemPhase = 'waiting' | 'uploading' | 'done' | 'error' | 'cancelled';

/** One package of the dialog's list, from its choice to its outcome. */
export interface UploadItem {
  key: string;
  file: File;
  phase: ItemPhase;
  progress: UploadProgress;
  error?: string;
  uploaded?: CourseView;
  /** A direct upload whose answer has not reached Strapi: the course stays uploading until it does. */
  blind: boolean;
  /** A direct upload that went as a plain form post: the browser reports no progress for it. */
  blindPost: boolean;
  outcome?: ImportOutcome;
}

interface PackageUploadItemProps {
  item: UploadItem;
  /** Why this file will not be sent (not a zip, too large), decided before any upload. */
  refusal?: string;
  /** One of several: the progress bar names its file, and the item links to its course. */
  several: boolean;
  onRemove?: () => void;
  onDismissError: () => void;
  onOutcome: (outcome: ImportOutcome) => void;
  onOpenCourse: () => void;
}

export const PackageUploadItem = ({ item, refusal, several, onRemove, onDismissError, onOutcome, onOpenCourse }: PackageUploadItemProps) => {
  const { t, bytes: formatBytes, percent: formatPercent } = useT();
  const { file, phase, progress, error, uploaded } = item;
  const percent = progress.total > 0 ? Math.min(100, Math.round((progress.loaded / progress.total) * 100)) : 0;
  const showBar = (phase === 'uploading' || phase === 'done') && !item.blindPost;
  return (
    <Box
      tag="li"
      data-testid="upload-item"
      data-file-name={file.name}
      data-phase={refusal ? 'refused' : phase}
      {...(several && { borderColor: 'neutral200', padding: 3, hasRadius: true })}
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex justifyContent="space-between" gap={2}>
          <Typography variant="omega" data-testid="upload-file-size">
            {t('upload.file.selected', { name: file.name, size: formatBytes(file.size) })}
          </Typography>
          {onRemove && (
            <Button variant="tertiary" size="S" onClick={onRemove} aria-label={t('upload.remove.label', { name: file.name })}>
              {t('upload.remove')}
            </Button>
          )}
        </Flex>
        {refusal && (
          <Typography variant="pi" textColor="danger600" role="alert" data-testid="upload-refusal">
            {refusal}
          </Typography>
        )}
        {phase === 'uploading' && item.blindPost && (
          <Flex gap={2} data-testid="upload-direct-sending">
            <Loader small>{t('upload.direct.sending')}</Loader>
            <Typography variant="pi" textColor="neutral600">
              {t('upload.direct.sending')}
            </Typography>
          </Flex>
        )}
        {showBar && (
          <Box>
            <ProgressMeter
              value={percent}
              label={several ? t('upload.progress.of', { name: file.name }) : t('upload.progress')}
              testId="upload-progress"
              loaded={progress.loaded}
              total={progress.total}
            />
            <Typography variant="pi" textColor="neutral600" data-testid="upload-progress-text" paddingTop={1}>
              {t('upload.progress.text', { loaded: formatBytes(progress.loaded), total: formatBytes(progress.total), percent: formatPercent(percent) })}
            </Typography>
          </Box>
        )}
        {error && (
          <Alert variant={phase === 'cancelled' ? 'default' : 'danger'} closeLabel={t('common.close')} onClose={onDismissError} role="alert">
            {error}
          </Alert>
        )}
        {phase === 'done' && uploaded && <ImportNote course={uploaded} blind={item.blind} onOutcome={onOutcome} />}
        {several && phase === 'done' && uploaded && (
          <Link tag={RouterLink} to={coursePath(uploaded.courseId)} onClick={onOpenCourse}>
            {t('upload.openCourse.of', { name: file.name })}
          </Link>
        )}
      </Flex>
    </Box>
  );
};
