import { useEffect, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { attemptTokenRefresh, useAuth } from '@strapi/strapi/admin';
import { Alert, Box, Button, Field, Flex, LinkButton, Loader, Modal, TextInput, Typography } from '@strapi/design-system';
import { useFailure } from '../api/errors';
import { postFormToCloud } from '../api/direct-upload';
import { cloudMessageOf } from '../api/direct-upload-message';
import {
  apiPaths,
  useCourse,
  useCreateDirectUploadMutation,
  useGetUploadOptionsQuery,
  useLazyGetCourseQuery,
  useReportImportTokenMutation,
  useUploadSettledMutation,
} from '../api/scorm-cloud-api';
import type { CourseView } from '../api/types';
import { backendUrl, UploadAbortedError, UploadError, xhrPost, xhrUpload, type RawAnswer, type UploadProgress } from '../api/upload';
import { useT } from '../hooks/useT';
import { CourseStatusBadge } from './CourseStatusBadge';
import { ProgressMeter } from './ProgressMeter';
import { coursePath } from '../pluginId';

type Phase = 'select' | 'uploading' | 'done' | 'error' | 'cancelled';

export interface UploadDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Set for a new version of this course; a new course otherwise. */
  course?: Pick<CourseView, 'courseId' | 'title'>;
}

const isZipName = (name: string) => /\.zip$/i.test(name);

export const UploadDialog = ({ open, onOpenChange, course }: UploadDialogProps) => {
  const { t, bytes: formatBytes, percent: formatPercent } = useT();
  const failureOf = useFailure();
  const token = useAuth('UploadDialog', (auth) => auth.token);
  const options = useUploadOptions(open);
  const [createDirectUpload] = useCreateDirectUploadMutation();
  const [reportImportToken] = useReportImportTokenMutation();
  const [readCourse] = useLazyGetCourseQuery();
  const [uploadSettled] = useUploadSettledMutation();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [phase, setPhase] = useState<Phase>('select');
  const [progress, setProgress] = useState<UploadProgress>({ loaded: 0, total: 0 });
  const [error, setError] = useState<string>();
  const [uploaded, setUploaded] = useState<CourseView>();
  const [blind, setBlind] = useState(false);
  /** A direct upload that went as a plain form post: the browser reports no progress for it. */
  const [blindPost, setBlindPost] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  // Re-opening starts over; closing while the file is on its way cancels it.
  useEffect(() => {
    if (open) return;
    abortRef.current?.abort();
    setFile(null);
    setTitle('');
    setPhase('select');
    setProgress({ loaded: 0, total: 0 });
    setError(undefined);
    setUploaded(undefined);
    setBlind(false);
    setBlindPost(false);
  }, [open]);

  const tooLarge = !!file && options?.maxBytes != null && file.size > options.maxBytes;
  const notZip = !!file && !isZipName(file.name);
  const percent = progress.total > 0 ? Math.min(100, Math.round((progress.loaded / progress.total) * 100)) : 0;

  const messageFor = (error: unknown): string => {
    if (error instanceof UploadAbortedError) return t('upload.cancelled');
    const { status, message, code } = failureOf(error);
    const detail = message && !/^HTTP \d+$/.test(message) ? message : '';
    switch (status) {
      case 0:
        return t('upload.error.network');
      case 400:
        if (code === 'CSP_BLOCKED') return detail;
        return code === 'CLOUD_REFUSED' ? t('upload.error.cloud', { message: detail }) : t('upload.error.badRequest', { message: detail });
      case 401:
        return t('upload.error.session');
      case 403:
        return t('upload.error.forbidden');
      case 409:
        return t('upload.error.conflict', { message: detail });
      case 413:
        return t('upload.error.tooLarge', { max: options?.maxBytes != null ? formatBytes(options.maxBytes) : t('upload.error.tooLarge.unknown') });
      case 415:
        return t('upload.error.notZip');
      case 503:
        return t('upload.error.notConfigured');
      default:
        return t('upload.error.generic', { status: status ?? '?', message: detail });
    }
  };

  /** Through Strapi, which streams it on to SCORM Cloud: same origin, so progress events always work. */
  const uploadThroughStrapi = async (signal: AbortSignal): Promise<CourseView> => {
    const path = course ? apiPaths.courseVersions(course.courseId) : apiPaths.courses;
    const send = (bearer: string | null) => {
      const form = new FormData();
      // The title goes first: the server reads the parts in order and streams the file as it comes.
      if (!course && title.trim()) form.append('title', title.trim());
      form.append('file', file as File, (file as File).name);
      return xhrUpload<{ data: CourseView }>({ url: backendUrl(path), form, token: bearer, signal, onProgress: setProgress });
    };
    try {
      return (await send(token)).body.data;
    } catch (failure) {
      // The admin's access token is short-lived; the server refuses it before reading the body, so retry once.
      if (!(failure instanceof UploadError) || failure.status !== 401) throw failure;
      const fresh = await attemptTokenRefresh(token);
      setProgress({ loaded: 0, total: 0 });
      return (await send(fresh)).body.data;
    }
  };

  const uploadDirect = async (signal: AbortSignal): Promise<CourseView> => {
    const f = file as File;
    const target = await createDirectUpload({
      ...(title.trim() && { title: title.trim() }),
      filename: f.name,
      size: f.size,
    }).unwrap();
    const courseId = target.course.courseId;
    const postForm = async (url: string, fileField: string) => {
      // No progress events for a plain form post: the dialog shows an indeterminate state instead.
      setBlindPost(true);
      await postFormToCloud({ url, fileField, file: f, courseId, signal });
    };
    if (target.transport === 'xhr') {
      const form = new FormData();
      form.append(target.fileField, f, f.name);
      const bearer = (target.headers.Authorization ?? '').replace(/^Bearer\s+/i, '') || null;
      let answer: RawAnswer | undefined;
      try {
        // The Cloud answers this page itself (CORS), so the upload shows real progress.
        answer = await xhrPost({ url: target.uploadUrl, form, token: bearer, signal, onProgress: setProgress, accept: '*/*' });
      } catch (failure) {
        // With progress listeners the post is preflighted: a refused preflight sent nothing, so the form
        // post (whose redirect brings the token to Strapi) cannot import the package twice.
        if (!(failure instanceof UploadError && failure.status === 0 && target.fallback)) throw failure;
        await postForm(target.fallback.url, target.fallback.fileField);
      }
      // Strapi reads the Cloud's answer (a job, or a refusal it records on the course).
      if (answer) await reportImportToken({ courseId, cloudStatus: answer.status, cloudAnswer: answer.text }).unwrap();
    } else {
      await postForm(target.uploadUrl, target.fileField);
    }
    const current = await readCourse(courseId).unwrap();
    if (current.status === 'failed') {
      const message = cloudMessageOf(current.error);
      throw new UploadError(message, 400, { error: { status: 400, message, details: { code: 'CLOUD_REFUSED' } } });
    }
    // Still uploading: a form post whose browser did not come back through Strapi; the note follows the course from here.
    setBlind(current.status === 'uploading');
    return current;
  };

  const start = async () => {
    if (!file || notZip || tooLarge) return;
    const controller = new AbortController();
    abortRef.current = controller;
    setPhase('uploading');
    setError(undefined);
    setProgress({ loaded: 0, total: file.size });
    try {
      setBlindPost(false);
      const direct = options?.mode === 'direct' && !course;
      const result = direct ? await uploadDirect(controller.signal) : await uploadThroughStrapi(controller.signal);
      if (controller.signal.aborted) return;
      setProgress({ loaded: file.size, total: file.size });
      setUploaded(result);
      setPhase('done');
    } catch (error) {
      if (error instanceof UploadAbortedError || controller.signal.aborted) {
        setPhase('cancelled');
        setError(t('upload.cancelled'));
      } else {
        setPhase('error');
        setError(messageFor(error));
      }
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
      void uploadSettled({ courseId: course?.courseId });
    }
  };

  const cancel = () => abortRef.current?.abort();
  const busy = phase === 'uploading';
  const heading = course ? t('upload.titleVersion', { title: course.title || course.courseId }) : t('upload.title');

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content aria-describedby={undefined}>
        <Modal.Header>
          <Modal.Title>{heading}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="file" hint={t('upload.file.hint')} error={notZip ? t('upload.error.notZip') : tooLarge ? messageFor({ status: 413 }) : undefined}>
              <Field.Label>{t('upload.file')}</Field.Label>
              <Field.Input
                type="file"
                accept=".zip,application/zip,application/x-zip-compressed"
                disabled={busy || phase === 'done'}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                  setFile(event.target.files?.[0] ?? null);
                  setPhase('select');
                  setError(undefined);
                  setProgress({ loaded: 0, total: 0 });
                }}
              />
              <Field.Error />
              <Field.Hint />
            </Field.Root>
            {file && (
              <Typography variant="omega" data-testid="upload-file-size">
                {t('upload.file.selected', { name: file.name, size: formatBytes(file.size) })}
              </Typography>
            )}
            {!course && (
              <Field.Root name="title" hint={t('upload.courseTitle.hint')}>
                <Field.Label>{t('upload.courseTitle')}</Field.Label>
                <TextInput value={title} disabled={busy || phase === 'done'} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTitle(e.target.value)} />
                <Field.Hint />
              </Field.Root>
            )}
            {busy && blindPost && (
              <Flex gap={2} data-testid="upload-direct-sending">
                <Loader small>{t('upload.direct.sending')}</Loader>
                <Typography variant="pi" textColor="neutral600">
                  {t('upload.direct.sending')}
                </Typography>
              </Flex>
            )}
            {((busy && !blindPost) || (phase === 'done' && !blindPost)) && (
              <Box>
                <ProgressMeter value={percent} label={t('upload.progress')} testId="upload-progress" loaded={progress.loaded} total={progress.total} />
                <Typography variant="pi" textColor="neutral600" data-testid="upload-progress-text" paddingTop={1}>
                  {t('upload.progress.text', { loaded: formatBytes(progress.loaded), total: formatBytes(progress.total), percent: formatPercent(percent) })}
                </Typography>
              </Box>
            )}
            {error && (
              <Alert variant={phase === 'cancelled' ? 'default' : 'danger'} closeLabel={t('common.close')} onClose={() => setError(undefined)} role="alert">
                {error}
              </Alert>
            )}
            {phase === 'done' && uploaded && <ImportNote course={uploaded} blind={blind} />}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          {busy ? (
            <Button variant="tertiary" onClick={cancel}>
              {t('upload.cancel')}
            </Button>
          ) : (
            <Modal.Close>
              <Button variant="tertiary">{t('common.close')}</Button>
            </Modal.Close>
          )}
          {phase === 'done' && uploaded ? (
            <LinkButton tag={RouterLink} to={coursePath(uploaded.courseId)} onClick={() => onOpenChange(false)}>
              {t('upload.openCourse')}
            </LinkButton>
          ) : (
            <Button onClick={start} loading={busy} disabled={!file || notZip || tooLarge || busy || !options}>
              {t('upload.submit')}
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/** Shown once the file is with SCORM Cloud: the import itself runs on, and the course follows it live. */
const ImportNote = ({ course, blind }: { course: CourseView; blind: boolean }) => {
  const { t } = useT();
  // Polled while the import runs. A cached copy from before this upload (an older importStartedAt) is not its outcome.
  const { course: live } = useCourse(course.courseId);
  const current = live && (live.importStartedAt ?? '') >= (course.importStartedAt ?? '') ? live : course;
  // Each upload starts with no error; a new version that fails leaves the course ready on its previous
  // version with the reason recorded.
  const thisUploadFailed = !!current.error;
  const outcome =
    current.status === 'failed'
      ? 'failed'
      : current.status === 'ready' && thisUploadFailed
        ? 'versionFailed'
        : current.status === 'ready'
          ? 'ready'
          : 'importing';
  const reason = current.error || t('course.failed.unknown');
  const text =
    outcome === 'failed'
      ? t('upload.failed', { reason })
      : outcome === 'versionFailed'
        ? t('upload.versionFailed', { reason })
        : outcome === 'ready'
          ? t('upload.ready')
          : blind
            ? t('upload.importing.blind')
            : t('upload.importing');
  const failed = outcome === 'failed' || outcome === 'versionFailed';
  return (
    <Box
      background={failed ? 'danger100' : outcome === 'ready' ? 'success100' : 'neutral100'}
      padding={4}
      hasRadius
      data-testid="upload-import-note"
      data-outcome={outcome}
      role={failed ? 'alert' : 'status'}
    >
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Typography variant="omega" textColor={failed ? 'danger700' : undefined}>
          {text}
        </Typography>
        <CourseStatusBadge course={current} />
      </Flex>
    </Box>
  );
};

/** The route's answer, or (maxBytes null) what the dialog assumes when it could not be read. */
interface UploadLimits {
  mode: 'proxy' | 'direct';
  /** Unknown (null) when the options could not be read; the server still enforces it. */
  maxBytes: number | null;
}

/**
 * The upload mode and size limit, from the route that needs only the upload permission (editors may
 * lack `settings.read`). Should it fail, the dialog proxies through Strapi, which works in every mode.
 */
function useUploadOptions(open: boolean): UploadLimits | undefined {
  const { data, isError } = useGetUploadOptionsQuery(undefined, { skip: !open });
  if (data) return { mode: data.mode === 'direct' ? 'direct' : 'proxy', maxBytes: data.maxBytes ?? null };
  return isError ? { mode: 'proxy', maxBytes: null } : undefined;
}
