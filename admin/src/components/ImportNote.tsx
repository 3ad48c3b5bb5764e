import { useEffect } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useCourse } from '../api/scorm-cloud-api';
import type { CourseView } from '../api/types';
import { useT } from '../hooks/useT';
import { CourseStatusBadge } from './CourseStatusBadge';

/** Where an uploaded package stands with SCORM Cloud, as the dialog words it. */
export type ImportOutcome = 'importing' | 'ready' | 'failed' | 'versionFailed';

interface ImportNoteProps {
  course: CourseView;
  /** The package went as a form post whose answer has not reached Strapi yet. */
  blind: boolean;
  /** Told each time the outcome changes, so that a dialog of several uploads can sum them up. */
  onOutcome?: (outcome: ImportOutcome) => void;
}

/** Shown once the file is with SCORM Cloud: the import itself runs on, and the course follows it live. */
export const ImportNote = ({ course, blind, onOutcome }: ImportNoteProps) => {
  const { t } = useT();
  // Polled while the import runs. A cached copy from before this upload (an older importStartedAt) is not its outcome.
  const { course: live } = useCourse(course.courseId);
  const current = live && (live.importStartedAt ?? '') >= (course.importStartedAt ?? '') ? live : course;
  // Each upload starts with no error; a new version that fails leaves the course ready on its previous
  // version with the reason recorded.
  const thisUploadFailed = !!current.error;
  const outcome: ImportOutcome =
    current.status === 'failed'
      ? 'failed'
      : current.status === 'ready' && thisUploadFailed
        ? 'versionFailed'
        : current.status === 'ready'
          ? 'ready'
          : 'importing';
  useEffect(() => onOutcome?.(outcome), [onOutcome, outcome]);
  const reason = current.error || t('course.failed.unknown');
  const text =
    outcome === 'failed'
      ? t('upload.failed', { reason })
      : outcome === 'versionFailed'
        ? t('upload.versionFailed', { reason })
        : outcome === 'ready'
          ? t('upload.ready')
          : blind
            ? t('upload.importing.blind')
            : t('upload.importing');
  const failed = outcome === 'failed' || outcome === 'versionFailed';
  return (
    <Box
      background={failed ? 'danger100' : outcome === 'ready' ? 'success100' : 'neutral100'}
      padding={4}
      hasRadius
      data-testid="upload-import-note"
      data-outcome={outcome}
      role={failed ? 'alert' : 'status'}
    >
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Typography variant="omega" textColor={failed ? 'danger700' : undefined}>
          {text}
        </Typography>
        <CourseStatusBadge course={current} />
      </Flex>
    </Box>
  );
};
