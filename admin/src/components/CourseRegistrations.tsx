import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useRBAC } from '@strapi/strapi/admin';
import { Box, Button, Flex, Link, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useRegistrations } from '../api/scorm-cloud-api';
import { useT } from '../hooks/useT';
import { REGISTRATION_ACTIONS } from '../permissions';
import { registrationsPath } from '../pluginId';
import { RegistrationAssignDialog } from './RegistrationAssignDialog';
import { RegistrationsTable } from './RegistrationsTable';

const SHOWN = 10;

/** The course page's registrations: the latest few, and a link to all of them filtered by the course. */
export const CourseRegistrations = ({ courseId }: { courseId: string }) => {
  const { allowedActions, isLoading } = useRBAC(REGISTRATION_ACTIONS);
  if (isLoading || !allowedActions.canRead) return null;
  return <CourseRegistrationsList courseId={courseId} canAssign={!!allowedActions.canCreate} />;
};

const CourseRegistrationsList = ({ courseId, canAssign }: { courseId: string; canAssign: boolean }) => {
  const { t } = useT();
  const { data: list } = useRegistrations({ courseId, pageSize: SHOWN, sort: 'updatedAt:desc' });
  const [assignOpen, setAssignOpen] = useState(false);
  const total = list?.meta.pagination.total ?? 0;
  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius data-testid="course-registrations">
      <Flex justifyContent="space-between">
        <Typography variant="delta" tag="h2">
          {list ? t('registrations.course.titleCount', { total }) : t('registrations.course.title')}
        </Typography>
        <Flex gap={4}>
          <Link tag={RouterLink} to={`${registrationsPath}?courseId=${encodeURIComponent(courseId)}`}>
            {t('registrations.course.all')}
          </Link>
          {canAssign && (
            <Button variant="secondary" startIcon={<Plus />} onClick={() => setAssignOpen(true)}>
              {t('registrations.assign')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Box paddingTop={4}>
        {!list ? null : list.data.length === 0 ? (
          <Typography textColor="neutral600">{t('registrations.empty')}</Typography>
        ) : (
          <RegistrationsTable registrations={list.data} showCourse={false} />
        )}
      </Box>
      {canAssign && <RegistrationAssignDialog open={assignOpen} onOpenChange={setAssignOpen} courseId={courseId} />}
    </Box>
  );
};
