import { Badge, Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useGetCourseDetailsQuery } from '../api/scorm-cloud-api';
import type { CourseView } from '../api/types';
import { useT } from '../hooks/useT';

/** What only SCORM Cloud knows of a course, read when its page opens: its learning standard and versions. */
export const CourseVersions = ({ course }: { course: Pick<CourseView, 'courseId' | 'version'> }) => {
  const { t, formatDate, word, number } = useT();
  const { data, error, isLoading } = useGetCourseDetailsQuery(course.courseId, { refetchOnMountOrArgChange: true, skip: course.version === null });
  if (course.version === null) return null;
  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius data-testid="course-versions">
      <Flex justifyContent="space-between" alignItems="baseline">
        <Typography variant="delta" tag="h2">
          {t('course.versions.title')}
        </Typography>
        {data?.learningStandard && (
          <Typography textColor="neutral600" data-testid="course-standard">
            {t('course.versions.standard', { standard: word('course.standard', data.learningStandard) })}
          </Typography>
        )}
      </Flex>
      <Box paddingTop={4}>
        {isLoading ? null : error || !data ? (
          <Typography textColor="neutral600">{t('course.versions.unavailable')}</Typography>
        ) : (
          <Table colCount={2} rowCount={data.versions.length + 1} aria-label={t('course.versions.title')}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('course.versions.version')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('course.versions.updated')}</Typography>
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
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Box>
    </Box>
  );
};
