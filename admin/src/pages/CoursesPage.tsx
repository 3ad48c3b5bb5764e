import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { ConfirmDialog, Layouts, Page, Pagination, SearchInput, Table, useNotification, useQueryParams, useRBAC, useTable } from '@strapi/strapi/admin';
import { Box, Button, Dialog, EmptyStateLayout, Flex, Link, LinkButton, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Check, CloudUpload, Cross, Trash } from '@strapi/icons';
import { useCourses, useDeleteCourseMutation, useGetCoursesQuery } from '../api/scorm-cloud-api';
import type { CourseView } from '../api/types';
import { COURSE_STATUSES } from '../api/values';
import { CourseStatusBadge } from '../components/CourseStatusBadge';
import { DayFilter } from '../components/DayFilter';
import { UploadDialog } from '../components/UploadDialog';
import { useT } from '../hooks/useT';
import { COURSE_ACTIONS, PERMISSIONS } from '../permissions';
import { coursePath, registrationsPath } from '../pluginId';
import { dayRange } from '../utils/days';

interface ListQuery {
  page?: string;
  pageSize?: string;
  _q?: string;
  status?: string;
  sort?: string;
  updatedFrom?: string;
  updatedTo?: string;
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
  const sort = query.sort || 'updatedAt:DESC';
  const updated = dayRange(query.updatedFrom, query.updatedTo);
  const filtered = !!(q || status || updated.from || updated.to);

  // Polled while SCORM Cloud imports one of the courses shown; the polling stops once none is in flight.
  const { data: list, error } = useCourses({ page, pageSize, q, status, updatedFrom: updated.from, updatedTo: updated.to, sort });
  // "n of m": the whole list's size beside the filtered one.
  const { data: all } = useGetCoursesQuery({ page: 1, pageSize: 1, sort: 'updatedAt:desc' }, { skip: !filtered, refetchOnMountOrArgChange: true });

  if (error && !list) return <Page.Error />;
  if (!list || loadingPermissions) return <Page.Loading />;

  const pagination = list.meta.pagination;
  const setDay = (name: 'updatedFrom' | 'updatedTo', day: string | undefined) =>
    setQuery(day ? { [name]: day, page: '1' } : ({ [name]: undefined } as ListQuery), day ? 'push' : 'remove');
  // Rows are selected for what can be done to several at once: deleting them.
  const selectable = !!allowedActions.canDelete;
  // Sortable on the columns the server sorts by; the header writes `sort` to the URL, as in the Content Manager.
  const headers = [
    { name: 'title', label: t('courses.column.title'), sortable: true },
    { name: 'courseId', label: t('courses.column.courseId'), sortable: true },
    { name: 'status', label: t('courses.column.status'), sortable: true },
    { name: 'version', label: t('courses.column.version'), sortable: false },
    { name: 'launchable', label: t('courses.column.launchable'), sortable: false },
    { name: 'updatedAt', label: t('courses.column.updated'), sortable: true },
  ];
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
        subtitle={
          filtered && all
            ? t('courses.subtitle.filtered', { total: pagination.total, all: all.meta.pagination.total })
            : t('courses.subtitle', { total: pagination.total })
        }
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
          <Flex gap={2} wrap="wrap">
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
            {(['updatedFrom', 'updatedTo'] as const).map((name) => (
              <DayFilter
                key={name}
                label={t(`courses.filter.${name}`)}
                clearLabel={t('courses.filter.clear')}
                value={query[name]}
                onChange={(day) => setDay(name, day)}
              />
            ))}
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
            <Table.Root rows={list.data.map((c) => ({ ...c, id: c.courseId }))} headers={headers}>
              {selectable && (
                <Box paddingBottom={4}>
                  <Table.ActionBar>
                    <CourseBulkActions />
                  </Table.ActionBar>
                </Box>
              )}
              <Table.Content>
                <Table.Head>
                  {selectable && <Table.HeaderCheckboxCell />}
                  {headers.map((h) => (
                    <Table.HeaderCell key={h.name} {...h} />
                  ))}
                </Table.Head>
                <Table.Body>
                  {list.data.map((course) => (
                    <CourseRow
                      key={course.courseId}
                      course={course}
                      updated={formatDate(course.updatedAt, { dateStyle: 'medium', timeStyle: 'short' })}
                      onOpen={() => navigate(coursePath(course.courseId))}
                      selectable={selectable}
                    />
                  ))}
                </Table.Body>
              </Table.Content>
            </Table.Root>
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

const CourseRow = ({ course, updated, onOpen, selectable }: { course: CourseView; updated: string; onOpen: () => void; selectable: boolean }) => {
  const { t, number } = useT();
  const title = course.title || course.packageName || course.courseId;
  // A course that failed, or is not ready yet, cannot be launched whatever its flag says.
  const launchable = course.launchable && course.status === 'ready';
  const notLaunchable =
    course.status === 'failed' ? t('courses.launchable.failed') : course.status !== 'ready' ? t('courses.launchable.notReady') : t('courses.launchable.no');
  return (
    <Table.Row onClick={onOpen} style={{ cursor: 'pointer' }} data-testid="course-row" data-course-id={course.courseId}>
      {selectable && <Table.CheckboxCell id={course.courseId} />}
      <Table.Cell>
        <Link tag={RouterLink} to={coursePath(course.courseId)} onClick={(e: React.MouseEvent) => e.stopPropagation()}>
          {title}
        </Link>
      </Table.Cell>
      <Table.Cell>
        <Typography textColor="neutral800" style={{ fontFamily: 'monospace' }}>
          {course.courseId}
        </Typography>
      </Table.Cell>
      <Table.Cell>
        <CourseStatusBadge course={course} />
      </Table.Cell>
      <Table.Cell>
        <Typography textColor="neutral800">{number(course.version)}</Typography>
      </Table.Cell>
      <Table.Cell>
        {launchable ? (
          <Check aria-label={t('courses.launchable.yes')} fill="success600" data-testid="course-launchable" data-launchable="true" />
        ) : (
          <Cross aria-label={notLaunchable} fill="neutral500" data-testid="course-launchable" data-launchable="false" />
        )}
      </Table.Cell>
      <Table.Cell>
        <Typography textColor="neutral800">{updated}</Typography>
      </Table.Cell>
    </Table.Row>
  );
};

/** Deletes the selected courses one after the other; the confirmation says how many registrations go with them. */
const CourseBulkActions = () => {
  const { t } = useT();
  const selected = useTable('CourseBulkActions', (state) => state.selectedRows) as Array<CourseView & { id: string }>;
  const selectRow = useTable('CourseBulkActions', (state) => state.selectRow);
  const { toggleNotification } = useNotification();
  const [deleteCourse] = useDeleteCourseMutation();
  const [confirm, setConfirm] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const registrations = selected.reduce((sum, c) => sum + c.registrationsCount, 0);
  const run = async () => {
    const failed: string[] = [];
    setDone(0);
    for (const [i, course] of selected.entries()) {
      try {
        await deleteCourse({ courseId: course.courseId, force: true }).unwrap();
      } catch {
        failed.push(course.title || course.courseId);
      }
      setDone(i + 1);
    }
    setDone(null);
    setConfirm(false);
    selectRow([]);
    toggleNotification({
      type: failed.length ? 'warning' : 'success',
      message: t('courses.bulk.delete.done', { done: selected.length - failed.length, failed: failed.length, list: failed.join(', ') }),
    });
  };
  return (
    <>
      <Button size="S" variant="danger-light" startIcon={<Trash />} onClick={() => setConfirm(true)}>
        {t('courses.bulk.delete', { count: selected.length })}
      </Button>
      <Dialog.Root open={confirm} onOpenChange={(open) => !open && done === null && setConfirm(false)}>
        <ConfirmDialog
          title={t('courses.bulk.delete.title', { count: selected.length })}
          variant="danger"
          endAction={
            <Button fullWidth variant="danger" loading={done !== null} onClick={() => void run()}>
              {done === null ? t('courses.bulk.delete', { count: selected.length }) : t('registrations.bulk.progress', { done, total: selected.length })}
            </Button>
          }
        >
          {t('courses.bulk.delete.confirm', { count: selected.length, registrations })}
        </ConfirmDialog>
      </Dialog.Root>
    </>
  );
};

const safeDecode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};
