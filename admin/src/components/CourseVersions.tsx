import { Link as RouterLink } from 'react-router-dom';
import { Badge, Box, Flex, Link, Table, Tbody, Td, TextButton, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Eye } from '@strapi/icons';
import { useGetCourseDetailsQuery } from '../api/scorm-cloud-api';
import type { CourseCloudDetails, CourseView } from '../api/types';
import { useCoursePreview } from '../hooks/useCoursePreview';
import { useT } from '../hooks/useT';
import { registrationPath } from '../pluginId';
import { learnerName } from './RegistrationsTable';

type Version = CourseCloudDetails['versions'][number];

/** The registrations on one version: the newest by name, linked to their page when Strapi has them, and how many more. */
const VersionRegistrations = ({ version, partial }: { version: Version; partial: boolean }) => {
  const { t } = useT();
  if (version.registrationCount === 0) return <Typography textColor="neutral600">{t('course.versions.registrations.none')}</Typography>;
  const more = version.registrationCount - version.registrations.length;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-testid="version-registrations">
      <Typography textColor="neutral800" data-testid="version-registration-count">
        {t(partial ? 'course.versions.registrations.atLeast' : 'course.versions.registrations.count', { count: version.registrationCount })}
      </Typography>
      {version.registrations.map((r) =>
        r.inStrapi ? (
          <Link key={r.registrationId} tag={RouterLink} to={registrationPath(r.registrationId)} data-testid="version-registration-link">
            {learnerName(r)}
          </Link>
        ) : (
          <Typography key={r.registrationId} textColor="neutral600" title={t('course.versions.registrations.cloudOnly')}>
            {learnerName(r)}
          </Typography>
        ),
      )}
      {more > 0 && (
        <Typography textColor="neutral600" data-testid="version-registrations-more">
          {t('course.versions.registrations.more', { count: more })}
        </Typography>
      )}
    </Flex>
  );
};

/**
 * What only SCORM Cloud knows of a course, read when its page opens: its learning standard, the live
 * version's SCOs (and assets), and the versions with the registrations on each.
 */
export const CourseVersions = ({ course }: { course: Pick<CourseView, 'courseId' | 'version'> }) => {
  const { t, formatDate, word, number } = useT();
  const { data, error, isLoading } = useGetCourseDetailsQuery(course.courseId, { refetchOnMountOrArgChange: true, skip: course.version === null });
  const { preview, previewing } = useCoursePreview(course.courseId);
  if (course.version === null) return null;
  const previewable = data?.learningStandard !== 'cmi5';
  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius data-testid="course-versions">
      <Flex justifyContent="space-between" alignItems="baseline">
        <Typography variant="delta" tag="h2">
          {t('course.versions.title')}
        </Typography>
        <Flex gap={4}>
          {data?.learningStandard && (
            <Typography textColor="neutral600" data-testid="course-standard">
              {t('course.versions.standard', { standard: word('course.standard', data.learningStandard) })}
            </Typography>
          )}
          {data?.activities && (
            <Typography textColor="neutral600" data-testid="course-activities">
              {t(data.activities.assets > 0 ? 'course.versions.activitiesWithAssets' : 'course.versions.activities', data.activities)}
            </Typography>
          )}
        </Flex>
      </Flex>
      <Box paddingTop={4}>
        {isLoading ? null : error || !data ? (
          <Typography textColor="neutral600">{t('course.versions.unavailable')}</Typography>
        ) : (
          <Table colCount={4} rowCount={data.versions.length + 1} aria-label={t('course.versions.title')}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('course.versions.version')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('course.versions.updated')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('course.versions.registrations')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('course.versions.actions')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {data.versions.map((v) => (
                <Tr key={v.version} data-testid="course-version">
                  <Td>
                    <Flex gap={2}>
                      <Typography textColor="neutral800">{number(v.version)}</Typography>
                      {v.live && (
                        <Badge size="S" backgroundColor="success100" textColor="success700">
                          {t('course.versions.live')}
                        </Badge>
                      )}
                    </Flex>
                  </Td>
                  <Td>
                    <Typography textColor="neutral800">{v.updatedAt ? formatDate(v.updatedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}</Typography>
                  </Td>
                  <Td>
                    <VersionRegistrations version={v} partial={data.registrationsPartial} />
                  </Td>
                  <Td>
                    {previewable ? (
                      <TextButton startIcon={<Eye />} disabled={previewing} onClick={() => void preview(v.version)} data-testid="version-preview">
                        {t('course.versions.preview', { version: number(v.version) })}
                      </TextButton>
                    ) : (
                      <Typography textColor="neutral600">{t('course.preview.cmi5')}</Typography>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Box>
    </Box>
  );
};
