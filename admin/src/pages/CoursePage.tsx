import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { BackButton, ConfirmDialog, Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { Accordion, Alert, Box, Button, Dialog, Field, Flex, Grid, TextInput, Toggle, Typography } from '@strapi/design-system';
import { ArrowClockwise, CloudUpload, Eye, Pencil, Trash, WarningCircle } from '@strapi/icons';
import { useFailure } from '../api/errors';
import { useCourse, useDeleteCourseMutation, useGetCourseDetailsQuery, useRefreshCourseMutation, useUpdateCourseMutation } from '../api/scorm-cloud-api';
import type { CourseView } from '../api/types';
import { isImporting } from '../api/values';
import { CourseRegistrations } from '../components/CourseRegistrations';
import { CourseVersions } from '../components/CourseVersions';
import { CourseStatusBadge } from '../components/CourseStatusBadge';
import { FormDialog } from '../components/FormDialog';
import { UploadDialog } from '../components/UploadDialog';
import { ProgressMeter } from '../components/ProgressMeter';
import { useCoursePreview } from '../hooks/useCoursePreview';
import { useT } from '../hooks/useT';
import { COURSE_ACTIONS } from '../permissions';
import { PLUGIN_BASE } from '../pluginId';

export const CoursePage = () => {
  const { courseId } = useParams<{ courseId: string }>();
  const { t, formatDate, bytes, number } = useT();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const failure = useFailure();
  const { allowedActions, isLoading: loadingPermissions } = useRBAC(COURSE_ACTIONS);
  // Polled while the package is uploading or importing.
  const { course, error } = useCourse(courseId);
  const [refreshCourse, { isLoading: refreshing }] = useRefreshCourseMutation();
  const [deleteCourse, { isLoading: deleting }] = useDeleteCourseMutation();
  const [editOpen, setEditOpen] = useState(false);
  const [versionOpen, setVersionOpen] = useState(false);
  const [deleteStep, setDeleteStep] = useState<{ force: boolean; registrations?: number } | null>(null);
  const { preview, previewing } = useCoursePreview(courseId ?? '');
  // The same query as the versions below (one request): SCORM Cloud's preview opens an error page for cmi5.
  const { data: details } = useGetCourseDetailsQuery(courseId ?? '', { skip: !course || course.version === null });

  if (error && 'status' in error && error.status === 404) {
    return (
      <Page.Main>
        <Layouts.Header navigationAction={<BackButton fallback={PLUGIN_BASE} />} title={t('course.notFound', { courseId: courseId ?? '' })} />
      </Page.Main>
    );
  }
  if (error && !course) return <Page.Error />;
  if (!course || loadingPermissions) return <Page.Loading />;

  const failureMessage = (e: unknown) => {
    const { status, message } = failure(e);
    return t('course.error.action', { status, message });
  };

  const refresh = async () => {
    try {
      await refreshCourse(course.courseId).unwrap();
      toggleNotification({ type: 'success', message: t('course.refresh.done', { title: course.title || course.packageName || course.courseId }) });
    } catch (e) {
      toggleNotification({ type: 'danger', message: failureMessage(e) });
    }
  };

  const remove = async (force: boolean) => {
    try {
      await deleteCourse({ courseId: course.courseId, force }).unwrap();
      setDeleteStep(null);
      toggleNotification({ type: 'success', message: t('course.delete.done', { title: course.title || course.courseId }) });
      navigate(PLUGIN_BASE);
    } catch (e) {
      const refused = failure(e);
      if (refused.status === 409 && refused.code === 'HAS_REGISTRATIONS' && !force) {
        // Asked again with the count, so nobody deletes learners' records by accident.
        setDeleteStep({ force: true, registrations: Number(refused.details?.registrations ?? 0) });
        return;
      }
      setDeleteStep(null);
      toggleNotification({ type: 'danger', message: failureMessage(e) });
    }
  };

  const title = course.title || course.packageName || course.courseId;
  const warnings = course.parserWarnings;
  const busy = isImporting(course) || course.status === 'deleting';

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={PLUGIN_BASE} />}
        title={title}
        subtitle={<CourseStatusBadge course={course} />}
        primaryAction={
          <Flex gap={2}>
            {allowedActions.canRead && course.version !== null && details && details.learningStandard !== 'cmi5' && (
              <Button variant="secondary" startIcon={<Eye />} onClick={() => void preview()} loading={previewing} data-testid="course-preview">
                {t('course.preview')}
              </Button>
            )}
            {allowedActions.canRead && (
              <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={refresh} loading={refreshing} disabled={course.status === 'deleting'}>
                {t('course.refresh')}
              </Button>
            )}
            {allowedActions.canUpdate && (
              <Button variant="secondary" startIcon={<Pencil />} onClick={() => setEditOpen(true)} disabled={course.status === 'deleting'}>
                {t('course.edit')}
              </Button>
            )}
            {allowedActions.canUpload && (
              <Button variant="secondary" startIcon={<CloudUpload />} onClick={() => setVersionOpen(true)} disabled={busy}>
                {t('course.newVersion')}
              </Button>
            )}
            {allowedActions.canDelete && (
              <Button
                variant="danger-light"
                startIcon={<Trash />}
                onClick={() => setDeleteStep(course.registrationsCount > 0 ? { force: true, registrations: course.registrationsCount } : { force: false })}
                disabled={course.status === 'deleting'}
              >
                {t('course.delete')}
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {isImporting(course) && (
            <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius data-testid="course-import">
              <Typography variant="delta" tag="h2">
                {t('course.import.title')}
              </Typography>
              <Box paddingTop={3}>
                <ProgressMeter value={course.importProgress ?? 0} label={t('course.import.progress')} testId="course-import-meter" />
              </Box>
              <Typography variant="pi" textColor="neutral600">
                {course.importMessage || t(`course.import.${course.status}`)}
              </Typography>
            </Box>
          )}
          {course.status === 'failed' && (
            <Alert variant="danger" title={t('course.failed.title')} closeLabel={t('common.close')} data-testid="course-error">
              {course.error || t('course.failed.unknown')}
            </Alert>
          )}
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Typography variant="delta" tag="h2">
              {t('course.details')}
            </Typography>
            <Grid.Root gap={4} paddingTop={4}>
              <Detail label={t('course.field.courseId')} value={course.courseId} mono />
              <Detail label={t('course.field.status')} value={t(`status.${course.status}`)} />
              <Detail
                label={t('course.field.version')}
                value={number(course.version)}
                hint={course.version !== null ? t('course.field.version.hint') : undefined}
              />
              <Detail
                label={t('course.field.launchable')}
                value={
                  course.status === 'failed'
                    ? t('courses.launchable.failed')
                    : course.status !== 'ready'
                      ? t('courses.launchable.notReady')
                      : course.launchable
                        ? t('common.yes')
                        : t('common.no')
                }
              />
              <Detail label={t('course.field.package')} value={course.packageName ?? '—'} />
              <Detail label={t('course.field.size')} value={bytes(course.packageBytes)} />
              <Detail label={t('course.field.registrations')} value={number(course.registrationsCount)} />
              {/* A failed import also records when it ended: that is when it failed, not when it was imported. */}
              <Detail
                label={course.status === 'failed' ? t('course.field.failedAt') : t('course.field.imported')}
                value={course.importFinishedAt ? formatDate(course.importFinishedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}
              />
            </Grid.Root>
          </Box>
          <CourseVersions course={course} />
          <Warnings warnings={warnings} />
          <CourseRegistrations courseId={course.courseId} />
        </Flex>
      </Layouts.Content>
      {allowedActions.canUpdate && <EditDialog open={editOpen} onOpenChange={setEditOpen} course={course} />}
      {allowedActions.canUpload && <UploadDialog open={versionOpen} onOpenChange={setVersionOpen} course={course} />}
      <Dialog.Root open={!!deleteStep} onOpenChange={(open) => !open && setDeleteStep(null)}>
        {deleteStep && (
          <ConfirmDialog
            title={t('course.delete.title')}
            variant="danger"
            // Our own confirm button: the dialog stays open while the server answers, and turns into the
            // second question when it says the course has registrations.
            endAction={
              <Button fullWidth variant="danger" loading={deleting} onClick={() => void remove(deleteStep.force)}>
                {deleteStep.force ? t('course.delete.force') : t('course.delete.submit')}
              </Button>
            }
          >
            {deleteStep.force ? t('course.delete.hasRegistrations', { count: deleteStep.registrations ?? 0, title }) : t('course.delete.confirm', { title })}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Page.Main>
  );
};

const Detail = ({ label, value, mono, hint }: { label: string; value: string; mono?: boolean; hint?: string }) => (
  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start">
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography variant="omega" style={mono ? { fontFamily: 'monospace' } : undefined} data-testid={`course-detail-${label}`}>
      {value}
    </Typography>
    {hint && (
      <Typography variant="pi" textColor="neutral600">
        {hint}
      </Typography>
    )}
  </Grid.Item>
);

/** Parser warnings SCORM Cloud reported for the package: collapsed by default, they can be many. */
const Warnings = ({ warnings }: { warnings: string[] }) => {
  const { t } = useT();
  if (warnings.length === 0) {
    return (
      <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius data-testid="course-warnings-empty">
        <Typography variant="delta" tag="h2">
          {t('course.warnings.title')}
        </Typography>
        <Box paddingTop={2}>
          <Typography textColor="neutral600">{t('course.warnings.none')}</Typography>
        </Box>
      </Box>
    );
  }
  return (
    <Accordion.Root data-testid="course-warnings">
      <Accordion.Item value="warnings">
        <Accordion.Header>
          <Accordion.Trigger icon={WarningCircle} description={t('course.warnings.description')}>
            {t('course.warnings.count', { count: warnings.length })}
          </Accordion.Trigger>
        </Accordion.Header>
        <Accordion.Content>
          <Box padding={4}>
            <ul aria-label={t('course.warnings.title')}>
              {warnings.map((warning, i) => (
                <li key={i}>
                  <Typography variant="omega">{warning}</Typography>
                </li>
              ))}
            </ul>
          </Box>
        </Accordion.Content>
      </Accordion.Item>
    </Accordion.Root>
  );
};

const EditDialog = ({ open, onOpenChange, course }: { open: boolean; onOpenChange: (open: boolean) => void; course: CourseView }) => {
  const { t } = useT();
  const [updateCourse] = useUpdateCourseMutation();
  const { toggleNotification } = useNotification();
  const [title, setTitle] = useState(course.title ?? '');
  const [launchable, setLaunchable] = useState(course.launchable);

  useEffect(() => {
    if (!open) return;
    setTitle(course.title ?? '');
    setLaunchable(course.launchable);
    // Only when it opens: the course reloads live while importing and must not reset what is typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const save = async () => {
    await updateCourse({ courseId: course.courseId, title: title.trim(), launchable }).unwrap();
    toggleNotification({ type: 'success', message: t('course.edit.saved', { title: title.trim() }) });
  };

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('course.edit.title')}
      submitLabel={t('common.save')}
      canSubmit={!!title.trim()}
      errorKey="course.error.action"
      onSubmit={save}
    >
      <Field.Root name="title" required>
        <Field.Label>{t('course.field.title')}</Field.Label>
        <TextInput value={title} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTitle(e.target.value)} />
      </Field.Root>
      <Field.Root name="launchable" hint={t('course.field.launchable.hint')}>
        <Field.Label>{t('course.field.launchable')}</Field.Label>
        <Toggle
          checked={launchable}
          onLabel={t('common.yes')}
          offLabel={t('common.no')}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLaunchable(e.target.checked)}
        />
        <Field.Hint />
      </Field.Root>
    </FormDialog>
  );
};
