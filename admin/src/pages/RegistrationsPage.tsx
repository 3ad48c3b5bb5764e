import { useState } from 'react';
import {
  BackButton,
  ConfirmDialog,
  Layouts,
  Page,
  Pagination,
  SearchInput,
  useFetchClient,
  useNotification,
  useQueryParams,
  useRBAC,
} from '@strapi/strapi/admin';
import { Box, Button, Combobox, ComboboxOption, Dialog, EmptyStateLayout, Flex, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { ArrowClockwise, Download, Trash } from '@strapi/icons';
import { useFailure } from '../api/errors';
import {
  apiPaths,
  useDeleteRegistrationMutation,
  useGetCoursesQuery,
  useRefreshRegistrationMutation,
  useRegistrations,
  type RegistrationQuery,
} from '../api/scorm-cloud-api';
import type { RegistrationView } from '../api/types';
import { COMPLETIONS, SUCCESSES } from '../api/values';
import { DayFilter } from '../components/DayFilter';
import { RegistrationsTable } from '../components/RegistrationsTable';
import { useT } from '../hooks/useT';
import { REGISTRATION_ACTIONS } from '../permissions';
import { PLUGIN_BASE } from '../pluginId';
import { dayRange } from '../utils/days';

interface ListQuery {
  page?: string;
  pageSize?: string;
  _q?: string;
  sort?: string;
  courseId?: string;
  complete?: string;
  success?: string;
  launchedFrom?: string;
  launchedTo?: string;
}

const DEFAULT_PAGE_SIZE = 10;
const DEFAULT_SORT = 'updatedAt:DESC';
/** New postbacks change rows while the list is open: it is read again this often. */
const LIVE_MS = 10_000;
const COURSE_OPTIONS = 20;

const safeDecode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

export const RegistrationsPage = () => {
  const { t } = useT();
  const [{ query }, setQuery] = useQueryParams<ListQuery>();
  const { allowedActions } = useRBAC(REGISTRATION_ACTIONS);
  const page = Number(query.page) || 1;
  const pageSize = Number(query.pageSize) || DEFAULT_PAGE_SIZE;
  const q = query._q ? safeDecode(query._q) : undefined;
  const launched = dayRange(query.launchedFrom, query.launchedTo);
  const filters = {
    courseId: query.courseId || undefined,
    complete: query.complete || undefined,
    success: query.success || undefined,
    q,
    launchedFrom: launched.from,
    launchedTo: launched.to,
  };
  const sort = query.sort || DEFAULT_SORT;
  const { data: list, error } = useRegistrations({ ...filters, page, pageSize, sort }, LIVE_MS);
  const filtered = Object.values(filters).some(Boolean);
  // "n of m": the whole list's size beside the filtered one.
  const { data: all } = useRegistrations({ page: 1, pageSize: 1 }, LIVE_MS, !filtered);

  if (error && !list) return <Page.Error />;
  if (!list) return <Page.Loading />;

  const pagination = list.meta.pagination;
  const set = (change: Partial<ListQuery>) =>
    setQuery({ ...change, page: '1' } as ListQuery, Object.values(change).every((v) => v === undefined) ? 'remove' : 'push');

  const select = (name: 'complete' | 'success', values: string[], value: string | undefined) => (
    <Box minWidth="160px">
      <SingleSelect
        aria-label={t(`registrations.filter.${name}`)}
        placeholder={t(`registrations.filter.${name}.all`)}
        value={value ?? ''}
        size="S"
        onChange={(v: string | number) => set({ [name]: String(v) })}
        onClear={value ? () => set({ [name]: undefined }) : undefined}
        clearLabel={t('registrations.filter.clear')}
      >
        {values.map((v) => (
          <SingleSelectOption key={v} value={v}>
            {t(`registrations.value.${v}`)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Box>
  );

  const dateFilter = (name: 'launchedFrom' | 'launchedTo') => (
    <DayFilter
      label={t(`registrations.filter.${name}`)}
      clearLabel={t('registrations.filter.clear')}
      value={query[name]}
      onChange={(day) => set({ [name]: day })}
    />
  );

  return (
    <Page.Main>
      <Page.Title>{t('registrations.title')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={PLUGIN_BASE} />}
        title={t('registrations.title')}
        subtitle={
          filtered && all
            ? t('registrations.subtitle.filtered', { total: pagination.total, all: all.meta.pagination.total })
            : t('registrations.subtitle', { total: pagination.total })
        }
        primaryAction={<ExportButton query={{ ...filters, sort }} />}
      />
      <Layouts.Action
        startActions={
          <Flex gap={2} wrap="wrap">
            <SearchInput label={t('registrations.search')} placeholder={t('registrations.search.placeholder')} />
            <CoursePicker value={filters.courseId} onChange={(courseId) => set({ courseId })} />
            {select('complete', COMPLETIONS, filters.complete)}
            {select('success', SUCCESSES, filters.success)}
            {dateFilter('launchedFrom')}
            {dateFilter('launchedTo')}
          </Flex>
        }
      />
      <Layouts.Content>
        {list.data.length === 0 ? (
          <EmptyStateLayout content={filtered ? t('registrations.empty.filtered') : t('registrations.empty')} hasRadius shadow="tableShadow" />
        ) : (
          <>
            <RegistrationsTable
              registrations={list.data}
              sortable
              bulkActions={
                allowedActions.canRefresh || allowedActions.canDelete
                  ? (selected, clear) => (
                      <BulkActions selected={selected} clear={clear} canRefresh={!!allowedActions.canRefresh} canDelete={!!allowedActions.canDelete} />
                    )
                  : undefined
              }
            />
            <Pagination.Root pageCount={pagination.pageCount} total={pagination.total} defaultPageSize={DEFAULT_PAGE_SIZE}>
              <Pagination.PageSize />
              <Pagination.Links />
            </Pagination.Root>
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

/** Courses by title as the editor types, instead of a course ID to know by heart. */
const CoursePicker = ({ value, onChange }: { value: string | undefined; onChange: (courseId: string | undefined) => void }) => {
  const { t } = useT();
  const [typed, setTyped] = useState('');
  const { data } = useGetCoursesQuery({ page: 1, pageSize: COURSE_OPTIONS, q: typed.trim() || undefined, sort: 'title:asc' });
  const options = data?.data ?? [];
  return (
    <Box minWidth="220px">
      <Combobox
        aria-label={t('registrations.filter.course')}
        placeholder={t('registrations.filter.course')}
        size="S"
        value={value ?? ''}
        onChange={(v?: string) => onChange(v || undefined)}
        onInputChange={(e: React.ChangeEvent<HTMLInputElement>) => setTyped(e.target.value)}
        onClear={value ? () => onChange(undefined) : undefined}
        noOptionsMessage={() => t('registrations.filter.course.none')}
        autocomplete={{ type: 'list', filter: 'contains' }}
      >
        {options.map((course) => (
          <ComboboxOption key={course.courseId} value={course.courseId}>
            {course.title || course.courseId}
          </ComboboxOption>
        ))}
      </Combobox>
    </Box>
  );
};

/** The list as it is filtered and sorted, as a CSV file (the admin's JWT goes with the request, so no plain link). */
const ExportButton = ({ query }: { query: RegistrationQuery }) => {
  const { t } = useT();
  const { get } = useFetchClient();
  const failure = useFailure();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const params = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
      const { data } = await get(`${apiPaths.registrations}/export`, { params, responseType: 'blob' });
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = `scorm-registrations-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      const { status, message } = failure(e);
      toggleNotification({ type: 'danger', message: t('registrations.error.action', { status, message }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="secondary" startIcon={<Download />} onClick={() => void download()} loading={busy}>
      {t('registrations.export')}
    </Button>
  );
};

/** Refresh or delete the selected registrations one after the other, saying how far it got. */
const BulkActions = ({
  selected,
  clear,
  canRefresh,
  canDelete,
}: {
  selected: RegistrationView[];
  clear: () => void;
  canRefresh: boolean;
  canDelete: boolean;
}) => {
  const { t } = useT();
  const { toggleNotification } = useNotification();
  const [refreshRegistration] = useRefreshRegistrationMutation();
  const [deleteRegistration] = useDeleteRegistrationMutation();
  const [progress, setProgress] = useState<{ action: 'refresh' | 'delete'; done: number } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const run = async (action: 'refresh' | 'delete') => {
    const failed: string[] = [];
    setProgress({ action, done: 0 });
    for (const [i, r] of selected.entries()) {
      try {
        await (action === 'refresh' ? refreshRegistration(r.registrationId) : deleteRegistration(r.registrationId)).unwrap();
      } catch {
        failed.push(r.registrationId);
      }
      setProgress({ action, done: i + 1 });
    }
    setProgress(null);
    setConfirmDelete(false);
    clear();
    const done = selected.length - failed.length;
    toggleNotification({
      type: failed.length ? 'warning' : 'success',
      message: t(`registrations.bulk.${action}.done`, { done, failed: failed.length, list: failed.join(', ') }),
    });
  };

  const label = (action: 'refresh' | 'delete') =>
    progress?.action === action
      ? t('registrations.bulk.progress', { done: progress.done, total: selected.length })
      : t(`registrations.bulk.${action}`, { count: selected.length });

  return (
    <Flex gap={2}>
      {canRefresh && (
        <Button
          size="S"
          variant="secondary"
          startIcon={<ArrowClockwise />}
          loading={progress?.action === 'refresh'}
          disabled={!!progress}
          onClick={() => void run('refresh')}
        >
          {label('refresh')}
        </Button>
      )}
      {canDelete && (
        <Button size="S" variant="danger-light" startIcon={<Trash />} disabled={!!progress} onClick={() => setConfirmDelete(true)}>
          {t('registrations.bulk.delete', { count: selected.length })}
        </Button>
      )}
      <Dialog.Root open={confirmDelete} onOpenChange={(open) => !open && !progress && setConfirmDelete(false)}>
        <ConfirmDialog
          title={t('registrations.bulk.delete.title', { count: selected.length })}
          variant="danger"
          endAction={
            <Button fullWidth variant="danger" loading={progress?.action === 'delete'} onClick={() => void run('delete')}>
              {label('delete')}
            </Button>
          }
        >
          {t('registrations.bulk.delete.confirm', { count: selected.length })}
        </ConfirmDialog>
      </Dialog.Root>
    </Flex>
  );
};
