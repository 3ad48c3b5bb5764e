import { useCallback, useEffect, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { attemptTokenRefresh, useAuth } from '@strapi/strapi/admin';
import { Box, Button, Field, Flex, LinkButton, Modal, TextInput, Typography } from '@strapi/design-system';
import { useFailure } from '../api/errors';
import { postFormToCloud } from '../api/direct-upload';
import { cloudMessageOf } from '../api/direct-upload-message';
import {
  apiPaths,
  useCreateDirectUploadMutation,
  useGetUploadOptionsQuery,
  useLazyGetCourseQuery,
  useReportImportTokenMutation,
  useUploadSettledMutation,
} from '../api/scorm-cloud-api';
import type { CourseView } from '../api/types';
import { backendUrl, UploadAbortedError, UploadError, withdrawDirectUpload, xhrPost, xhrUpload, type RawAnswer, type UploadProgress } from '../api/upload';
import { useT } from '../hooks/useT';
import type { ImportOutcome } from './ImportNote';
import { PackageDropZone } from './PackageDropZone';
import { PackageUploadItem, type UploadItem } from './PackageUploadItem';
import { UploadSummary } from './UploadSummary';
import { coursePath } from '../pluginId';

export interface UploadDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Set for a new version of this course; a new course otherwise. */
  course?: Pick<CourseView, 'courseId' | 'title'>;
}

const isZipName = (name: string) => /\.zip$/i.test(name);

/** Sent again by Upload: what has not reached SCORM Cloud yet. */
const isSendable = (item: UploadItem) => item.phase === 'waiting' || item.phase === 'error' || item.phase === 'cancelled';

let nextKey = 0;
const queued = (file: File): UploadItem => ({
  key: `${++nextKey}:${file.name}`,
  file,
  phase: 'waiting',
  progress: { loaded: 0, total: 0 },
  blind: false,
  blindPost: false,
});

export const UploadDialog = ({ open, onOpenChange, course }: UploadDialogProps) => {
  const { t, bytes: formatBytes } = useT();
  const failureOf = useFailure();
  const token = useAuth('UploadDialog', (auth) => auth.token);
  const options = useUploadOptions(open);
  const [createDirectUpload] = useCreateDirectUploadMutation();
  const [reportImportToken] = useReportImportTokenMutation();
  const [readCourse] = useLazyGetCourseQuery();
  const [uploadSettled] = useUploadSettledMutation();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [title, setTitle] = useState('');
  const [running, setRunning] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  /** Set by Cancel and by closing: the packages after the one cancelled stay unsent. */
  const stoppedRef = useRef(false);

  // Re-opening starts over; closing while a file is on its way cancels it.
  useEffect(() => {
    if (open) return;
    stoppedRef.current = true;
    abortRef.current?.abort();
    setItems([]);
    setTitle('');
    setRunning(false);
  }, [open]);

  const patch = useCallback((key: string, change: Partial<UploadItem> | ((item: UploadItem) => Partial<UploadItem>)) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...(typeof change === 'function' ? change(item) : change) } : item)));
  }, []);

  const refusalOf = (file: File): string | undefined => {
    if (!isZipName(file.name)) return t('upload.refused.notZip', { name: file.name });
    if (options?.maxBytes != null && file.size > options.maxBytes) return messageFor({ status: 413 });
    return undefined;
  };

  /** A new choice joins the packages not sent yet; those already sent have had their outcome. */
  const choose = (files: File[]) => {
    if (course) {
      setItems(files.slice(0, 1).map(queued));
      return;
    }
    setItems((list) => [...list.filter((item) => item.phase === 'waiting'), ...files.map(queued)]);
  };

  const several = items.length > 1;
  const accepted = items.filter((item) => !refusalOf(item.file));
  // Each course of several takes the title in its own manifest.
  const titleApplies = !course && accepted.length <= 1;
  const sendable = accepted.filter(isSendable);

  const messageFor = (error: unknown): string => {
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

  /** Runs `call` with the admin's token, and once more with a fresh one if the server found it expired. */
  const withFreshToken = async <T,>(call: (bearer: string | null) => Promise<T>, onRetry?: () => void): Promise<T> => {
    try {
      return await call(token);
    } catch (failure) {
      // The admin's access token is short-lived; the server refuses it before reading the body, so retry once.
      if (!(failure instanceof UploadError) || failure.status !== 401) throw failure;
      const fresh = await attemptTokenRefresh(token);
      onRetry?.();
      return call(fresh);
    }
  };

  interface Sending {
    file: File;
    title: string;
    signal: AbortSignal;
    onProgress: (progress: UploadProgress) => void;
    onBlindPost: () => void;
    /** The course row a direct upload created, for a cancel to withdraw it. */
    onCourse: (courseId: string) => void;
  }

  /** Through Strapi, which streams it on to SCORM Cloud: same origin, so progress events always work. */
  const uploadThroughStrapi = async ({ file, title, signal, onProgress }: Sending): Promise<{ course: CourseView; blind: boolean }> => {
    const path = course ? apiPaths.courseVersions(course.courseId) : apiPaths.courses;
    const send = (bearer: string | null) => {
      const form = new FormData();
      // The title goes first: the server reads the parts in order and streams the file as it comes.
      if (title) form.append('title', title);
      form.append('file', file, file.name);
      return xhrUpload<{ data: CourseView }>({ url: backendUrl(path), form, token: bearer, signal, onProgress });
    };
    const answer = await withFreshToken(send, () => onProgress({ loaded: 0, total: 0 }));
    return { course: answer.body.data, blind: false };
  };

  const uploadDirect = async ({ file, title, signal, onProgress, onBlindPost, onCourse }: Sending): Promise<{ course: CourseView; blind: boolean }> => {
    const target = await createDirectUpload({ ...(title && { title }), filename: file.name, size: file.size }).unwrap();
    const courseId = target.course.courseId;
    onCourse(courseId);
    const postForm = async (url: string, fileField: string) => {
      // No progress events for a plain form post: the dialog shows an indeterminate state instead.
      onBlindPost();
      await postFormToCloud({ url, fileField, file, courseId, signal });
    };
    if (target.transport === 'xhr') {
      const form = new FormData();
      form.append(target.fileField, file, file.name);
      const bearer = (target.headers.Authorization ?? '').replace(/^Bearer\s+/i, '') || null;
      let answer: RawAnswer | undefined;
      try {
        // The Cloud answers this page itself (CORS), so the upload shows real progress.
        answer = await xhrPost({ url: target.uploadUrl, form, token: bearer, signal, onProgress, accept: '*/*' });
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
    return { course: current, blind: current.status === 'uploading' };
  };

  /** One package, from its first byte to its outcome; false when the editor cancelled it. */
  const send = async (item: UploadItem, itemTitle: string): Promise<boolean> => {
    const { file, key } = item;
    const controller = new AbortController();
    abortRef.current = controller;
    patch(key, {
      phase: 'uploading',
      error: undefined,
      uploaded: undefined,
      outcome: undefined,
      blind: false,
      blindPost: false,
      progress: { loaded: 0, total: file.size },
    });
    let directCourseId: string | undefined;
    try {
      const direct = options?.mode === 'direct' && !course;
      const sending: Sending = {
        file,
        title: itemTitle,
        signal: controller.signal,
        onProgress: (progress) => patch(key, { progress }),
        onBlindPost: () => patch(key, { blindPost: true }),
        onCourse: (courseId) => (directCourseId = courseId),
      };
      const result = direct ? await uploadDirect(sending) : await uploadThroughStrapi(sending);
      patch(key, { phase: 'done', uploaded: result.course, blind: result.blind, progress: { loaded: file.size, total: file.size } });
      return true;
    } catch (error) {
      if (error instanceof UploadAbortedError || controller.signal.aborted) {
        // Strapi drops a course whose upload through it stopped; a direct one it learns of from here.
        const withdrawn = directCourseId ? await withdrawDirect(directCourseId) : true;
        patch(key, { phase: 'cancelled', error: cancelledText(withdrawn) });
        return false;
      }
      patch(key, { phase: 'error', error: messageFor(error) });
      return true;
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
      void uploadSettled({ courseId: course?.courseId });
    }
  };

  const withdrawDirect = async (courseId: string): Promise<boolean> => {
    try {
      await withFreshToken((bearer) => withdrawDirectUpload({ url: backendUrl(`${apiPaths.course(courseId)}/direct-upload`), token: bearer }));
      return true;
    } catch {
      return false;
    }
  };

  const cancelledText = (withdrawn: boolean) =>
    course ? t('upload.cancelled.version') : withdrawn ? t('upload.cancelled.removed') : t('upload.cancelled.left');

  /** One after the other: each package has the connection to itself, and its own outcome. */
  const start = async () => {
    const batch = sendable;
    if (!batch.length || running) return;
    const batchTitle = titleApplies ? title.trim() : '';
    stoppedRef.current = false;
    setRunning(true);
    for (const item of batch) {
      if (stoppedRef.current) break;
      if (!(await send(item, batchTitle))) stoppedRef.current = true;
    }
    setRunning(false);
  };

  const cancel = () => {
    stoppedRef.current = true;
    abortRef.current?.abort();
  };
  const onOutcome = useCallback((key: string, outcome: ImportOutcome) => patch(key, { outcome }), [patch]);
  const heading = course ? t('upload.titleVersion', { title: course.title || course.courseId }) : t('upload.title');
  const only = items.length === 1 ? items[0] : undefined;
  const settled = several && !running && items.some((item) => item.phase !== 'waiting');

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content aria-describedby={undefined}>
        <Modal.Header>
          <Modal.Title>{heading}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="file" hint={course ? t('upload.file.hint') : t('upload.file.hint.several')}>
              <Field.Label>{t('upload.file')}</Field.Label>
              <PackageDropZone
                multiple={!course}
                disabled={running}
                prompt={course ? t('upload.dropZone.one') : t('upload.dropZone.several')}
                onFiles={choose}
              />
              <Field.Hint />
            </Field.Root>
            {items.length > 0 && (
              <Box tag="ul" aria-label={t('upload.list')}>
                <Flex direction="column" alignItems="stretch" gap={3}>
                  {items.map((item) => (
                    <PackageUploadItem
                      key={item.key}
                      item={item}
                      refusal={refusalOf(item.file)}
                      several={several}
                      onRemove={!running && item.phase === 'waiting' ? () => setItems((list) => list.filter((i) => i.key !== item.key)) : undefined}
                      onDismissError={() => patch(item.key, { error: undefined })}
                      onOutcome={(outcome) => onOutcome(item.key, outcome)}
                      onOpenCourse={() => onOpenChange(false)}
                    />
                  ))}
                </Flex>
              </Box>
            )}
            {!course &&
              (titleApplies ? (
                <Field.Root name="title" hint={t('upload.courseTitle.hint')}>
                  <Field.Label>{t('upload.courseTitle')}</Field.Label>
                  <TextInput
                    value={title}
                    disabled={running || only?.phase === 'done'}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTitle(e.target.value)}
                  />
                  <Field.Hint />
                </Field.Root>
              ) : (
                <Typography variant="pi" textColor="neutral600" data-testid="upload-title-several">
                  {t('upload.courseTitle.several')}
                </Typography>
              ))}
            {settled && <UploadSummary items={accepted} refused={items.length - accepted.length} />}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          {running ? (
            <Button variant="tertiary" onClick={cancel}>
              {t('upload.cancel')}
            </Button>
          ) : (
            <Modal.Close>
              <Button variant="tertiary">{t('common.close')}</Button>
            </Modal.Close>
          )}
          {only?.phase === 'done' && only.uploaded ? (
            <LinkButton tag={RouterLink} to={coursePath(only.uploaded.courseId)} onClick={() => onOpenChange(false)}>
              {t('upload.openCourse')}
            </LinkButton>
          ) : (
            <Button onClick={start} loading={running} disabled={!sendable.length || running || !options}>
              {sendable.length > 1 ? t('upload.submit.several', { count: sendable.length }) : t('upload.submit')}
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
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
