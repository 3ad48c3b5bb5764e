import { Link as RouterLink, useParams } from 'react-router-dom';
import { BackButton, Layouts, Page, Pagination, useQueryParams } from '@strapi/strapi/admin';
import { Box, EmptyStateLayout, Flex, Link, Typography } from '@strapi/design-system';
import { useRegistrations } from '../api/scorm-cloud-api';
import { learnerName, RegistrationsTable } from '../components/RegistrationsTable';
import { useT } from '../hooks/useT';
import { registrationsPath, userEditPath } from '../pluginId';

const DEFAULT_PAGE_SIZE = 10;

/** One learner: who they are and every registration they have, over all courses and attempts. */
export const LearnerPage = () => {
  const { learnerId = '' } = useParams<{ learnerId: string }>();
  const { t } = useT();
  const [{ query }] = useQueryParams<{ page?: string; pageSize?: string }>();
  const page = Number(query.page) || 1;
  const pageSize = Number(query.pageSize) || DEFAULT_PAGE_SIZE;
  const { data: list, error } = useRegistrations({ learnerId, page, pageSize, sort: 'createdAt:desc' });

  if (error && !list) return <Page.Error />;
  if (!list) return <Page.Loading />;

  // The names, e-mail and user are those of the newest registration: a rename updates them all.
  const latest = list.data[0];
  const name = latest ? learnerName(latest) : learnerId;
  const total = list.meta.pagination.total;
  return (
    <Page.Main>
      <Page.Title>{t('learner.title', { learner: name })}</Page.Title>
      <Layouts.Header navigationAction={<BackButton fallback={registrationsPath} />} title={name} subtitle={t('learner.subtitle', { learnerId, total })} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {latest && (
            <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius data-testid="learner-details">
              <Flex gap={8} wrap="wrap">
                <Flex direction="column" alignItems="flex-start">
                  <Typography variant="sigma" textColor="neutral600">
                    {t('registrations.field.email')}
                  </Typography>
                  <Typography>{latest.learnerEmail ?? '—'}</Typography>
                </Flex>
                <Flex direction="column" alignItems="flex-start">
                  <Typography variant="sigma" textColor="neutral600">
                    {t('learner.user')}
                  </Typography>
                  {latest.userDocumentId ? (
                    <Link tag={RouterLink} to={userEditPath(latest.userDocumentId)} data-testid="learner-user-link">
                      {t('learner.user.open')}
                    </Link>
                  ) : (
                    <Typography>{t('learner.user.none')}</Typography>
                  )}
                </Flex>
              </Flex>
            </Box>
          )}
          {list.data.length === 0 ? (
            <EmptyStateLayout content={t('learner.empty')} hasRadius shadow="tableShadow" />
          ) : (
            <>
              <RegistrationsTable registrations={list.data} showLearner={false} />
              <Pagination.Root pageCount={list.meta.pagination.pageCount} total={total} defaultPageSize={DEFAULT_PAGE_SIZE}>
                <Pagination.PageSize />
                <Pagination.Links />
              </Pagination.Root>
            </>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
