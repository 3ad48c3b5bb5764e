import { useEffect, useState } from 'react';
import { BackButton, Layouts, Page, Pagination, SearchInput, useQueryParams } from '@strapi/strapi/admin';
import { Box, EmptyStateLayout, Flex, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { useRegistrations } from '../api/scorm-cloud-api';
import { COMPLETIONS, SUCCESSES } from '../api/values';
import { RegistrationsTable } from '../components/RegistrationsTable';
import { useT } from '../hooks/useT';
import { PLUGIN_BASE } from '../pluginId';

interface ListQuery {
  page?: string;
  pageSize?: string;
  _q?: string;
  courseId?: string;
  complete?: string;
  success?: string;
}

const DEFAULT_PAGE_SIZE = 10;

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
  const page = Number(query.page) || 1;
  const pageSize = Number(query.pageSize) || DEFAULT_PAGE_SIZE;
  const q = query._q ? safeDecode(query._q) : undefined;
  const courseId = query.courseId || undefined;
  const complete = query.complete || undefined;
  const success = query.success || undefined;
  const { data: list, error } = useRegistrations({ courseId, complete, success, q, page, pageSize, sort: 'updatedAt:desc' });
  const [courseInput, setCourseInput] = useState(courseId ?? '');
  useEffect(() => setCourseInput(courseId ?? ''), [courseId]);

  if (error && !list) return <Page.Error />;
  if (!list) return <Page.Loading />;

  const pagination = list.meta.pagination;
  const filtered = !!(q || courseId || complete || success);
  const applyCourse = () => setQuery({ courseId: courseInput.trim() || undefined, page: '1' } as ListQuery, courseInput.trim() ? 'push' : 'remove');

  const select = (name: 'complete' | 'success', values: string[], value: string | undefined) => (
    <Box minWidth="180px">
      <SingleSelect
        aria-label={t(`registrations.filter.${name}`)}
        placeholder={t(`registrations.filter.${name}.all`)}
        value={value ?? ''}
        size="S"
        onChange={(v: string | number) => setQuery({ [name]: String(v), page: '1' } as ListQuery)}
        onClear={value ? () => setQuery({ [name]: undefined } as ListQuery, 'remove') : undefined}
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

  return (
    <Page.Main>
      <Page.Title>{t('registrations.title')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={PLUGIN_BASE} />}
        title={t('registrations.title')}
        subtitle={t('registrations.subtitle', { total: pagination.total })}
      />
      <Layouts.Action
        startActions={
          <Flex gap={2} wrap="wrap">
            <SearchInput label={t('registrations.search')} placeholder={t('registrations.search.placeholder')} />
            <Box minWidth="180px">
              <TextInput
                size="S"
                aria-label={t('registrations.filter.courseId')}
                placeholder={t('registrations.filter.courseId')}
                value={courseInput}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setCourseInput(e.target.value)}
                onBlur={() => courseInput.trim() !== (courseId ?? '') && applyCourse()}
                onKeyDown={(e: React.KeyboardEvent) => e.key === 'Enter' && applyCourse()}
              />
            </Box>
            {select('complete', COMPLETIONS, complete)}
            {select('success', SUCCESSES, success)}
          </Flex>
        }
      />
      <Layouts.Content>
        {list.data.length === 0 ? (
          <EmptyStateLayout content={filtered ? t('registrations.empty.filtered') : t('registrations.empty')} hasRadius shadow="tableShadow" />
        ) : (
          <>
            <RegistrationsTable registrations={list.data} />
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
