import { Link as RouterLink } from 'react-router-dom';
import { useRBAC } from '@strapi/strapi/admin';
import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { registrationsPath, useRegistrations } from '../hooks/useRegistrations';
import { useT } from '../hooks/useT';
import { REGISTRATION_ACTIONS } from '../permissions';
import { RegistrationsTable } from './RegistrationsTable';

const SHOWN = 10;

/** The course page's registrations: the latest few, and a link to all of them filtered by the course. */
export const CourseRegistrations = ({ courseId }: { courseId: string }) => {
  const { allowedActions, isLoading } = useRBAC(REGISTRATION_ACTIONS);
  if (isLoading || !allowedActions.canRead) return null;
  return <CourseRegistrationsList courseId={courseId} />;
};

const CourseRegistrationsList = ({ courseId }: { courseId: string }) => {
  const { t } = useT();
  const { list } = useRegistrations({ courseId, pageSize: SHOWN, sort: 'updatedAt:desc' });
  const total = list?.meta.pagination.total ?? 0;
  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius data-testid="course-registrations">
      <Flex justifyContent="space-between">
        <Typography variant="delta" tag="h2">
          {t('registrations.course.title')} {list ? `(${total})` : ''}
        </Typography>
        <Link tag={RouterLink} to={`${registrationsPath}?courseId=${encodeURIComponent(courseId)}`}>
          {t('registrations.course.all')}
        </Link>
      </Flex>
      <Box paddingTop={4}>
        {!list ? null : list.data.length === 0 ? (
          <Typography textColor="neutral600">{t('registrations.empty')}</Typography>
        ) : (
          <RegistrationsTable registrations={list.data} showCourse={false} />
        )}
      </Box>
    </Box>
  );
};
