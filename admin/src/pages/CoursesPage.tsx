import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { Layouts, Page, Pagination, SearchInput, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import {
  Box,
  Button,
  EmptyStateLayout,
  Flex,
  Link,
  LinkButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Check, CloudUpload, Cross } from '@strapi/icons';
import { useCourses } from '../api/scorm-cloud-api';
import type { CourseView } from '../api/types';
import { COURSE_STATUSES } from '../api/values';
import { CourseStatusBadge } from '../components/CourseStatusBadge';
import { UploadDialog } from '../components/UploadDialog';
import { useT } from '../hooks/useT';
import { COURSE_ACTIONS, PERMISSIONS } from '../permissions';
import { coursePath, registrationsPath } from '../pluginId';

interface ListQuery {
  page?: string;
  pageSize?: string;
  _q?: string;
  status?: string;
  sort?: string;
}

const DEFAULT_PAGE_SIZE = 10;

export const CoursesPage = () => {
  const { t, formatDate } = useT();
  const navigate = useNavigate();
  const [{ query }, setQuery] = useQueryParams<ListQuery>();
  const { allowedActions, isLoading: loadingPermissions } = useRBAC(COURSE_ACTIONS);
  const { allowedActions: registrationActions } = useRBAC(PERMISSIONS.registrationsRead);
  const [uploadOpen, setUploadOpen] = useState(false);

  const page = Number(query.page) || 1;
  const pageSize = Number(query.pageSize) || DEFAULT_PAGE_SIZE;
  // SearchInput encodes what it writes to the URL; the server wants the words.
  const q = query._q ? safeDecode(query._q) : undefined;
  const status = query.status || undefined;
  const sort = query.sort || 'updatedAt:desc';

  // Polled while SCORM Cloud imports one of the courses shown; the polling stops once none is in flight.
  const { data: list, error } = useCourses({ page, pageSize, q, status, sort });

  if (error && !list) return <Page.Error />;
  if (!list || loadingPermissions) return <Page.Loading />;

  const pagination = list.meta.pagination;
  const filtered = !!(q || status);
  const uploadButton = allowedActions.canUpload ? (
    <Button startIcon={<CloudUpload />} onClick={() => setUploadOpen(true)}>
      {t('courses.upload')}
    </Button>
  ) : null;

  return (
    <Page.Main>
      <Page.Title>{t('courses.title')}</Page.Title>
      <Layouts.Header
        title={t('courses.title')}
        subtitle={t('courses.subtitle', { total: pagination.total })}
        primaryAction={uploadButton}
        secondaryAction={
          registrationActions.canRead ? (
            <LinkButton tag={RouterLink} to={registrationsPath} variant="tertiary">
              {t('registrations.link')}
            </LinkButton>
          ) : undefined
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2}>
            <SearchInput label={t('courses.search')} placeholder={t('courses.search.placeholder')} />
            <Box minWidth="200px">
              <SingleSelect
                aria-label={t('courses.filter.status')}
                placeholder={t('courses.filter.status.all')}
                value={status ?? ''}
                size="S"
                onChange={(value: string | number) => setQuery({ status: String(value), page: '1' })}
                onClear={status ? () => setQuery({ status: undefined } as ListQuery, 'remove') : undefined}
                clearLabel={t('courses.filter.status.clear')}
              >
                {COURSE_STATUSES.map((s) => (
                  <SingleSelectOption key={s} value={s}>
                    {t(`status.${s}`)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Box>
          </Flex>
        }
      />
      <Layouts.Content>
        {list.data.length === 0 ? (
          <EmptyStateLayout
            content={filtered ? t('courses.empty.filtered') : t('courses.empty')}
            action={filtered ? undefined : uploadButton}
            hasRadius
            shadow="tableShadow"
          />
        ) : (
          <>
            <Table colCount={6} rowCount={list.data.length + 1} aria-label={t('courses.table')}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('courses.column.title')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('courses.column.courseId')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('courses.column.status')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('courses.column.version')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('courses.column.launchable')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('courses.column.updated')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {list.data.map((course) => (
                  <CourseRow
                    key={course.courseId}
                    course={course}
                    updated={formatDate(course.updatedAt, { dateStyle: 'medium', timeStyle: 'short' })}
                    onOpen={() => navigate(coursePath(course.courseId))}
                  />
                ))}
              </Tbody>
            </Table>
            <Pagination.Root pageCount={pagination.pageCount} total={pagination.total} defaultPageSize={DEFAULT_PAGE_SIZE}>
              <Pagination.PageSize />
              <Pagination.Links />
            </Pagination.Root>
          </>
        )}
      </Layouts.Content>
      {allowedActions.canUpload && <UploadDialog open={uploadOpen} onOpenChange={setUploadOpen} />}
    </Page.Main>
  );
};

const CourseRow = ({ course, updated, onOpen }: { course: CourseView; updated: string; onOpen: () => void }) => {
  const { t, number } = useT();
  const title = course.title || course.packageName || course.courseId;
  // A course that failed, or is not ready yet, cannot be launched whatever its flag says.
  const launchable = course.launchable && course.status === 'ready';
  const notLaunchable =
    course.status === 'failed' ? t('courses.launchable.failed') : course.status !== 'ready' ? t('courses.launchable.notReady') : t('courses.launchable.no');
  return (
    <Tr onClick={onOpen} style={{ cursor: 'pointer' }} data-testid="course-row" data-course-id={course.courseId}>
      <Td>
        <Link tag={RouterLink} to={coursePath(course.courseId)} onClick={(e: React.MouseEvent) => e.stopPropagation()}>
          {title}
        </Link>
      </Td>
      <Td>
        <Typography textColor="neutral800" style={{ fontFamily: 'monospace' }}>
          {course.courseId}
        </Typography>
      </Td>
      <Td>
        <CourseStatusBadge course={course} />
      </Td>
      <Td>
        <Typography textColor="neutral800">{number(course.version)}</Typography>
      </Td>
      <Td>
        {launchable ? (
          <Check aria-label={t('courses.launchable.yes')} fill="success600" data-testid="course-launchable" data-launchable="true" />
        ) : (
          <Cross aria-label={notLaunchable} fill="neutral500" data-testid="course-launchable" data-launchable="false" />
        )}
      </Td>
      <Td>
        <Typography textColor="neutral800">{updated}</Typography>
      </Td>
    </Tr>
  );
};

const safeDecode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};
