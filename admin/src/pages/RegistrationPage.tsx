import { useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import { BackButton, ConfirmDialog, Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { Box, Button, Dialog, Field, Flex, Grid, Link, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise, ArrowsCounterClockwise, Cross, Pencil, Plus, Trash } from '@strapi/icons';
import { useFailure } from '../api/errors';
import {
  useClearOverrideMutation,
  useDeleteRegistrationMutation,
  useNewAttemptMutation,
  useRefreshRegistrationMutation,
  useRegistration,
  useResetRegistrationMutation,
} from '../api/scorm-cloud-api';
import type { OverrideValues, RegistrationDetail } from '../api/types';
import { FormDialog } from '../components/FormDialog';
import { OverrideDialog } from '../components/OverrideDialog';
import { RegistrationPostbacks } from '../components/RegistrationPostbacks';
import { OverriddenMark, formatDuration, learnerName, useResultText } from '../components/RegistrationsTable';
import { useT } from '../hooks/useT';
import { COURSE_ACTIONS, REGISTRATION_ACTIONS } from '../permissions';
import { coursePath, learnerPath, registrationPath, registrationsPath } from '../pluginId';

type Confirm = 'newAttempt' | 'reset' | 'delete' | null;

export const RegistrationPage = () => {
  const { registrationId } = useParams<{ registrationId: string }>();
  const { t, formatDate, number, word } = useT();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const failure = useFailure();
  const { allowedActions, isLoading: loadingPermissions } = useRBAC(REGISTRATION_ACTIONS);
  // The course page needs its own permission: without it the course is named, not linked.
  const { allowedActions: courseActions, isLoading: loadingCoursePermissions } = useRBAC(COURSE_ACTIONS);
  const { registration, error } = useRegistration(registrationId);
  const [refreshRegistration] = useRefreshRegistrationMutation();
  const [resetRegistration] = useResetRegistrationMutation();
  const [newAttempt] = useNewAttemptMutation();
  const [deleteRegistration] = useDeleteRegistrationMutation();
  const [overrideOpen, setOverrideOpen] = useState(false);
  const [clearOpen, setClearOpen] = useState(false);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [busy, setBusy] = useState<string | null>(null);

  if (error && 'status' in error && error.status === 404) {
    return (
      <Page.Main>
        <Layouts.Header
          navigationAction={<BackButton fallback={registrationsPath} />}
          title={t('registration.notFound', { registrationId: registrationId ?? '' })}
        />
      </Page.Main>
    );
  }
  if (error && !registration) return <Page.Error />;
  if (!registration || loadingPermissions || loadingCoursePermissions) return <Page.Loading />;

  const id = registration.registrationId;
  const fail = (e: unknown) => {
    const { status, message } = failure(e);
    toggleNotification({ type: 'danger', message: t('registrations.error.action', { status, message }) });
  };
  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    try {
      await action();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const refresh = () =>
    run('refresh', async () => {
      await refreshRegistration(id).unwrap();
      toggleNotification({ type: 'success', message: t('registration.refresh.done', { learner: learnerName(registration) }) });
    });
  const startAttempt = () =>
    run('newAttempt', async () => {
      const next = await newAttempt(id).unwrap();
      setConfirm(null);
      toggleNotification({ type: 'success', message: t('registration.newAttempt.done', { learner: learnerName(registration), attempt: next.attempt }) });
      navigate(registrationPath(next.registrationId));
    });
  const reset = () =>
    run('reset', async () => {
      await resetRegistration(id).unwrap();
      setConfirm(null);
      toggleNotification({ type: 'success', message: t('registration.reset.done', { learner: learnerName(registration) }) });
    });
  const remove = () =>
    run('delete', async () => {
      await deleteRegistration(id).unwrap();
      setConfirm(null);
      toggleNotification({ type: 'success', message: t('registration.delete.done', { learner: learnerName(registration) }) });
      navigate(registration.course && courseActions.canRead ? coursePath(registration.course.courseId) : registrationsPath);
    });

  const name = learnerName(registration);
  const cloudStatus = word('registration.cloudStatus', registration.cloudStatus);
  const title = t('registration.title', { learner: name, course: registration.course?.title || registration.course?.courseId || '—' });

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={registrationsPath} />}
        title={title}
        subtitle={t('registration.subtitle', { registrationId: registration.registrationId, status: cloudStatus })}
        primaryAction={
          <Flex gap={2}>
            {allowedActions.canRefresh && (
              <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={refresh} loading={busy === 'refresh'}>
                {t('registration.refresh')}
              </Button>
            )}
            {allowedActions.canOverride && (
              <Button variant="secondary" startIcon={<Pencil />} onClick={() => setOverrideOpen(true)}>
                {t('registration.override')}
              </Button>
            )}
            {allowedActions.canOverride && registration.override && (
              <Button variant="secondary" startIcon={<Cross />} onClick={() => setClearOpen(true)}>
                {t('registration.clearOverride')}
              </Button>
            )}
            {allowedActions.canCreate && (
              <Button variant="secondary" startIcon={<Plus />} onClick={() => setConfirm('newAttempt')}>
                {t('registration.newAttempt')}
              </Button>
            )}
            {allowedActions.canReset && (
              <Button variant="danger-light" startIcon={<ArrowsCounterClockwise />} onClick={() => setConfirm('reset')}>
                {t('registration.reset')}
              </Button>
            )}
            {allowedActions.canDelete && (
              <Button variant="danger-light" startIcon={<Trash />} onClick={() => setConfirm('delete')}>
                {t('registration.delete')}
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Typography variant="delta" tag="h2">
              {t('registration.results')}
            </Typography>
            <Grid.Root gap={4} paddingTop={4}>
              <BigFour registration={registration} field="complete" />
              <BigFour registration={registration} field="success" />
              <BigFour registration={registration} field="score" />
              <Detail label={t('registrations.field.totalTime')} value={formatDuration(registration.totalTime)} />
            </Grid.Root>
            {registration.override?.reason && (
              <Box paddingTop={4}>
                <Typography variant="pi" textColor="neutral600" data-testid="override-reason">
                  {t('registration.override.current', {
                    reason: registration.override.reason,
                    by: registration.override.by ?? '—',
                    at: registration.override.at ? formatDate(registration.override.at, { dateStyle: 'medium', timeStyle: 'short' }) : '—',
                  })}
                </Typography>
              </Box>
            )}
          </Box>
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Typography variant="delta" tag="h2">
              {t('registration.details')}
            </Typography>
            <Grid.Root gap={4} paddingTop={4}>
              <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start">
                <Typography variant="sigma" textColor="neutral600">
                  {t('registrations.column.learner')}
                </Typography>
                <Link tag={RouterLink} to={learnerPath(registration.learnerId)} data-testid="registration-learner">
                  {`${name} (${registration.learnerId})`}
                </Link>
              </Grid.Item>
              <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start">
                <Typography variant="sigma" textColor="neutral600">
                  {t('registrations.column.course')}
                </Typography>
                {registration.course && courseActions.canRead ? (
                  <Link tag={RouterLink} to={coursePath(registration.course.courseId)}>
                    {registration.course.title || registration.course.courseId}
                  </Link>
                ) : registration.course ? (
                  <Typography data-testid="registration-course">{registration.course.title || registration.course.courseId}</Typography>
                ) : (
                  <Typography>—</Typography>
                )}
              </Grid.Item>
              <Detail label={t('registrations.field.status')} value={cloudStatus} />
              <Detail label={t('registrations.field.attempt')} value={number(registration.attempt)} />
              <Detail label={t('registrations.column.launches')} value={number(registration.launchCount)} />
              <Detail
                label={t('registrations.column.lastLaunch')}
                value={registration.lastLaunchedAt ? formatDate(registration.lastLaunchedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}
              />
              <Detail
                label={t('registrations.field.lastReport')}
                value={
                  registration.cloud.reportedAt
                    ? t('registration.lastReport', {
                        at: formatDate(registration.cloud.reportedAt, { dateStyle: 'medium', timeStyle: 'short' }),
                        source: registration.cloud.reportSource ? word('registration.reportSource', registration.cloud.reportSource) : '—',
                      })
                    : '—'
                }
              />
              <Detail label={t('registrations.field.email')} value={registration.learnerEmail ?? '—'} />
            </Grid.Root>
          </Box>
          <History registration={registration} />
          <RegistrationPostbacks registrationId={registration.registrationId} />
        </Flex>
      </Layouts.Content>
      {allowedActions.canOverride && (
        <>
          <OverrideDialog open={overrideOpen} onOpenChange={setOverrideOpen} registration={registration} />
          <ClearOverrideDialog open={clearOpen} onOpenChange={setClearOpen} registration={registration} />
        </>
      )}
      <Dialog.Root open={!!confirm} onOpenChange={(open) => !open && setConfirm(null)}>
        {confirm && (
          <ConfirmDialog
            title={t(`registration.${confirm}.title`, { attempt: registration.attempt + 1 })}
            variant={confirm === 'newAttempt' ? 'default' : 'danger'}
            endAction={
              <Button
                fullWidth
                variant={confirm === 'newAttempt' ? 'default' : 'danger'}
                loading={busy === confirm}
                onClick={() => void { newAttempt: startAttempt, reset, delete: remove }[confirm]()}
              >
                {t(`registration.${confirm}.submit`, { next: registration.attempt + 1 })}
              </Button>
            }
          >
            {t(`registration.${confirm}.confirm`, {
              learner: name,
              course: registration.course?.title || registration.course?.courseId || '—',
              attempt: registration.attempt,
              next: registration.attempt + 1,
              overridden: String(!!registration.override),
            })}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Page.Main>
  );
};

const Detail = ({ label, value }: { label: string; value: string }) => (
  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start">
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography variant="omega" data-testid={`registration-detail-${label}`}>
      {value}
    </Typography>
  </Grid.Item>
);

/** One of the Big Four: the effective value, and SCORM Cloud's beside it when an editor overrode it. */
const BigFour = ({ registration, field }: { registration: RegistrationDetail; field: 'complete' | 'success' | 'score' }) => {
  const { t } = useT();
  const text = useResultText();
  return (
    <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start" data-testid={`big-four-${field}`}>
      <Typography variant="sigma" textColor="neutral600">
        {t(`registrations.field.${field}`)}
      </Typography>
      <Flex gap={2}>
        <Typography variant="omega" fontWeight="bold" data-testid={`big-four-${field}-value`}>
          {text(field, registration[field], registration)}
        </Typography>
        <OverriddenMark registration={registration} field={field} />
      </Flex>
      {registration.overridden[field] && (
        <Typography variant="pi" textColor="neutral600" data-testid={`big-four-${field}-cloud`}>
          {t('registrations.cloudValue', { value: text(field, registration.cloud[field], registration.cloud) })}
        </Typography>
      )}
    </Grid.Item>
  );
};

const History = ({ registration }: { registration: RegistrationDetail }) => {
  const { t, formatDate } = useT();
  const text = useResultText();
  const entries = [...registration.overrideHistory].reverse();
  const values = (v: OverrideValues | undefined) =>
    v
      ? (['complete', 'success', 'score'] as const)
          .filter((f) => v[f] !== null && v[f] !== undefined)
          .map((f) => `${t(`registrations.field.${f}`)}: ${text(f, v[f])}`)
          .join(', ') || t('registration.history.none')
      : '—';
  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
      <Typography variant="delta" tag="h2">
        {t('registration.history.title')}
      </Typography>
      <Box paddingTop={4}>
        {entries.length === 0 ? (
          <Typography textColor="neutral600">{t('registration.history.empty')}</Typography>
        ) : (
          <Table colCount={5} rowCount={entries.length + 1} aria-label={t('registration.history.title')}>
            <Thead>
              <Tr>
                {['at', 'by', 'action', 'values', 'reason'].map((c) => (
                  <Th key={c}>
                    <Typography variant="sigma">{t(`registration.history.${c}`)}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {entries.map((entry, i) => (
                <Tr key={`${entry.at}-${i}`} data-testid="history-row" data-action={entry.action}>
                  <Td>
                    <Typography>{formatDate(entry.at, { dateStyle: 'medium', timeStyle: 'short' })}</Typography>
                  </Td>
                  <Td>
                    <Typography>{entry.by?.email ?? String(entry.by?.id ?? '—')}</Typography>
                  </Td>
                  <Td>
                    <Typography>{t(`registration.history.action.${entry.action}`)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{values(entry.values)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{entry.reason ?? '—'}</Typography>
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

const ClearOverrideDialog = ({
  open,
  onOpenChange,
  registration,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  registration: RegistrationDetail;
}) => {
  const { t } = useT();
  const [clearOverride] = useClearOverrideMutation();
  const { toggleNotification } = useNotification();
  const [reason, setReason] = useState('');

  const clear = async () => {
    await clearOverride({ registrationId: registration.registrationId, reason: reason.trim() }).unwrap();
    setReason('');
    toggleNotification({ type: 'success', message: t('registration.clearOverride.done', { learner: learnerName(registration) }) });
  };

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('registration.clearOverride.title')}
      submitLabel={t('registration.clearOverride.submit')}
      submitVariant="danger"
      canSubmit={!!reason.trim()}
      errorKey="registrations.error.action"
      onSubmit={clear}
    >
      <Typography>{t('registration.clearOverride.body')}</Typography>
      <Field.Root name="reason" required>
        <Field.Label>{t('registrations.field.reason')}</Field.Label>
        <TextInput value={reason} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setReason(e.target.value)} />
      </Field.Root>
    </FormDialog>
  );
};
