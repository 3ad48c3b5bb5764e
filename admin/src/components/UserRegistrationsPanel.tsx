import { Link as RouterLink } from 'react-router-dom';
import { useRBAC } from '@strapi/strapi/admin';
import { Flex, Link, Typography } from '@strapi/design-system';
import { useRegistrations } from '../api/scorm-cloud-api';
import { useT } from '../hooks/useT';
import { PERMISSIONS } from '../permissions';
import { learnerPath, registrationsPath } from '../pluginId';

const USER_MODEL = 'plugin::users-permissions.user';

/**
 * A side panel of the Content Manager's edit view (`addEditViewSidePanel`): on a users-permissions user,
 * how many registrations they have and a link to them. Strapi calls it as a hook with the edit view's
 * context and shows nothing for null.
 */
export const UserRegistrationsPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  const { t } = useT();
  if (model !== USER_MODEL || !documentId) return null;
  return { title: t('learner.panel.title'), content: <UserRegistrations userDocumentId={documentId} /> };
};

const UserRegistrations = ({ userDocumentId }: { userDocumentId: string }) => {
  const { allowedActions, isLoading } = useRBAC(PERMISSIONS.registrationsRead);
  if (isLoading || !allowedActions.canRead) return null;
  return <UserRegistrationsCount userDocumentId={userDocumentId} />;
};

const UserRegistrationsCount = ({ userDocumentId }: { userDocumentId: string }) => {
  const { t } = useT();
  const { data: list } = useRegistrations({ userDocumentId, pageSize: 1, sort: 'createdAt:desc' });
  if (!list) return null;
  const latest = list.data[0];
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-testid="user-registrations-panel">
      <Typography>{t('learner.panel.count', { total: list.meta.pagination.total })}</Typography>
      {latest && (
        <Link tag={RouterLink} to={learnerPath(latest.learnerId)}>
          {t('learner.panel.open')}
        </Link>
      )}
      {!latest && (
        <Link tag={RouterLink} to={registrationsPath}>
          {t('learner.panel.all')}
        </Link>
      )}
    </Flex>
  );
};
