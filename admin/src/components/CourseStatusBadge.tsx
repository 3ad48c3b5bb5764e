import { Badge, Flex, Typography } from '@strapi/design-system';
import type { CourseStatus, CourseView } from '../api/types';
import { useT } from '../hooks/useT';

const VARIANT: Record<CourseStatus, 'success' | 'primary' | 'danger' | 'warning' | 'neutral' | 'secondary'> = {
  uploading: 'secondary',
  importing: 'primary',
  ready: 'success',
  failed: 'danger',
  deleting: 'warning',
};

/** The status with its import progress while SCORM Cloud works on the package. */
export const CourseStatusBadge = ({ course }: { course: Pick<CourseView, 'status' | 'importProgress'> }) => {
  const { t, percent } = useT();
  // Only the Cloud's import has a percentage; an upload's progress lives in the dialog that sends it.
  const showProgress = course.status === 'importing' && typeof course.importProgress === 'number';
  return (
    <Flex gap={2} data-testid="course-status" data-status={course.status}>
      <Badge variant={VARIANT[course.status] ?? 'neutral'}>{t(`status.${course.status}`)}</Badge>
      {showProgress && (
        <Typography variant="pi" textColor="neutral600" data-testid="course-import-progress">
          {percent(course.importProgress ?? 0)}
        </Typography>
      )}
    </Flex>
  );
};
