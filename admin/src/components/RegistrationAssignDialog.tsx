import { useEffect, useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { Badge, Box, Checkbox, Field, Flex, SingleSelect, SingleSelectOption, Tabs, TextInput, Typography } from '@strapi/design-system';
import { useAssignUsersMutation, useCreateRegistrationMutation, useGetSiteRolesQuery, useGetSiteUsersQuery } from '../api/scorm-cloud-api';
import type { AssignmentResult, SiteUser } from '../api/types';
import { useT } from '../hooks/useT';
import { FormDialog } from './FormDialog';

type Mode = 'users' | 'role' | 'learnerId';

const EMPTY = { learnerId: '', firstName: '', lastName: '', email: '' };
/** Users shown for one search; the editor narrows the search rather than scrolling. */
const SHOWN_USERS = 10;
const SEARCH_DELAY_MS = 250;

const useDebounced = (value: string, delayMs: number) => {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
};

/**
 * Assigns the course to site users (picked by search, several at once), to every user of a role, or to
 * a learner named by ID for sites whose learners live elsewhere. Users are assigned through
 * `POST /registrations/assignments`, so each registration is linked to its user; a user who already has
 * the course keeps their registration.
 */
export const RegistrationAssignDialog = ({ open, onOpenChange, courseId }: { open: boolean; onOpenChange: (open: boolean) => void; courseId: string }) => {
  const { t } = useT();
  const [createRegistration] = useCreateRegistrationMutation();
  const [assignUsers] = useAssignUsersMutation();
  const { toggleNotification } = useNotification();
  const [mode, setMode] = useState<Mode>('users');
  const [picked, setPicked] = useState<SiteUser[]>([]);
  const [roleId, setRoleId] = useState('');
  const [form, setForm] = useState(EMPTY);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), SEARCH_DELAY_MS);
  const { data: users, isFetching: searching } = useGetSiteUsersQuery({ q: q || undefined, pageSize: SHOWN_USERS }, { skip: !open || mode !== 'users' });
  const { data: roles } = useGetSiteRolesQuery(undefined, { skip: !open || mode !== 'role', refetchOnMountOrArgChange: true });

  useEffect(() => {
    if (!open) return;
    setMode('users');
    setPicked([]);
    setRoleId('');
    setForm(EMPTY);
    setSearch('');
  }, [open]);

  const toggle = (user: SiteUser, on: boolean) =>
    setPicked((current) => (on ? [...current.filter((u) => u.documentId !== user.documentId), user] : current.filter((u) => u.documentId !== user.documentId)));

  /** What happened, in the editor's words: the users they picked by name, a role by its name and counts. */
  const report = (result: AssignmentResult, who: string) => {
    toggleNotification({
      type: 'success',
      message:
        result.existing === 0 && result.failed.length === 0
          ? t('registrations.assign.done', { learner: who })
          : t('registrations.assign.summary', { who, created: result.created, existing: result.existing }),
    });
    if (result.failed.length > 0) {
      toggleNotification({
        type: 'warning',
        message: t('registrations.assign.failed', {
          count: result.failed.length,
          list: result.failed.map((f) => `${f.username ?? f.userDocumentId}: ${f.message}`).join('; '),
        }),
      });
    }
  };

  const submit = async () => {
    if (mode === 'users') {
      const result = await assignUsers({ courseId, userDocumentIds: picked.map((u) => u.documentId) }).unwrap();
      return report(result, picked.map((u) => u.username).join(', '));
    }
    if (mode === 'role') {
      const role = roles?.find((r) => String(r.id) === roleId);
      const result = await assignUsers({ courseId, roleId: Number(roleId) }).unwrap();
      return report(result, t('registrations.assign.role.who', { role: role?.name ?? roleId }));
    }
    const trimmed = (v: string) => v.trim() || undefined;
    await createRegistration({
      courseId,
      learner: { learnerId: form.learnerId.trim(), firstName: trimmed(form.firstName), lastName: trimmed(form.lastName), email: trimmed(form.email) },
    }).unwrap();
    toggleNotification({
      type: 'success',
      message: t('registrations.assign.done', { learner: [form.firstName.trim(), form.lastName.trim()].filter(Boolean).join(' ') || form.learnerId.trim() }),
    });
  };

  const canSubmit = mode === 'users' ? picked.length > 0 : mode === 'role' ? roleId !== '' : !!form.learnerId.trim();
  const submitLabel =
    mode === 'users'
      ? t('registrations.assign.submitUsers', { count: picked.length })
      : mode === 'role'
        ? t('registrations.assign.submitRole', { count: roles?.find((r) => String(r.id) === roleId)?.users ?? 0 })
        : t('registrations.assign.submit');

  const field = (name: keyof typeof EMPTY, required = false) => (
    <Field.Root name={name} required={required} hint={name === 'learnerId' ? t('registrations.assign.learnerId.hint') : undefined}>
      <Field.Label>{t(`registrations.assign.${name}`)}</Field.Label>
      <TextInput value={form[name]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: e.target.value })} />
      {name === 'learnerId' && <Field.Hint />}
    </Field.Root>
  );

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('registrations.assign.title')}
      submitLabel={submitLabel}
      canSubmit={canSubmit}
      errorKey="registrations.error.action"
      onSubmit={submit}
    >
      <Tabs.Root value={mode} onValueChange={(value: string) => setMode(value as Mode)} variant="simple">
        <Tabs.List aria-label={t('registrations.assign.mode')}>
          <Tabs.Trigger value="users">{t('registrations.assign.mode.users')}</Tabs.Trigger>
          <Tabs.Trigger value="role">{t('registrations.assign.mode.role')}</Tabs.Trigger>
          <Tabs.Trigger value="learnerId">{t('registrations.assign.mode.learnerId')}</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="users">
          <Flex direction="column" alignItems="stretch" gap={3} paddingTop={4}>
            <Field.Root name="user-search">
              <Field.Label>{t('registrations.assign.users.search')}</Field.Label>
              <TextInput
                value={search}
                placeholder={t('registrations.assign.users.placeholder')}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSearch(e.target.value)}
              />
            </Field.Root>
            <Box data-testid="user-options" aria-busy={searching}>
              {users && users.data.length === 0 ? (
                <Typography textColor="neutral600">{q ? t('registrations.assign.users.none', { q }) : t('registrations.assign.users.noUsers')}</Typography>
              ) : (
                <Flex direction="column" alignItems="stretch" gap={2}>
                  {users?.data.map((user) => (
                    <Box key={user.documentId} data-testid="user-option">
                      <Checkbox
                        checked={picked.some((u) => u.documentId === user.documentId)}
                        onCheckedChange={(checked: boolean | 'indeterminate') => toggle(user, checked === true)}
                      >
                        <Flex gap={2}>
                          <Typography fontWeight="semiBold">{user.username}</Typography>
                          {user.email && <Typography textColor="neutral600">{user.email}</Typography>}
                          {user.blocked && (
                            <Badge size="S" backgroundColor="danger100" textColor="danger700">
                              {t('registrations.assign.users.blocked')}
                            </Badge>
                          )}
                        </Flex>
                      </Checkbox>
                    </Box>
                  ))}
                  {users && users.meta.pagination.total > users.data.length && (
                    <Typography variant="pi" textColor="neutral600">
                      {t('registrations.assign.users.more', { shown: users.data.length, total: users.meta.pagination.total })}
                    </Typography>
                  )}
                </Flex>
              )}
            </Box>
            <Typography variant="pi" textColor="neutral800" data-testid="picked-users">
              {picked.length === 0
                ? t('registrations.assign.users.pickedNone')
                : t('registrations.assign.users.picked', { names: picked.map((u) => u.username).join(', ') })}
            </Typography>
          </Flex>
        </Tabs.Content>
        <Tabs.Content value="role">
          <Box paddingTop={4}>
            <Field.Root name="role" hint={t('registrations.assign.role.hint')}>
              <Field.Label>{t('registrations.assign.role')}</Field.Label>
              <SingleSelect
                value={roleId}
                placeholder={t('registrations.assign.role.placeholder')}
                onChange={(value: string | number) => setRoleId(String(value))}
              >
                {(roles ?? []).map((role) => (
                  <SingleSelectOption key={role.id} value={String(role.id)}>
                    {t('registrations.assign.role.option', { role: role.name, count: role.users })}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
          </Box>
        </Tabs.Content>
        <Tabs.Content value="learnerId">
          <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
            {field('learnerId', true)}
            {field('firstName')}
            {field('lastName')}
            {field('email')}
          </Flex>
        </Tabs.Content>
      </Tabs.Root>
    </FormDialog>
  );
};
