import { useCallback } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { useFailure } from '../api/errors';
import { usePreviewCourseMutation } from '../api/scorm-cloud-api';
import { useT } from './useT';

/**
 * Opens SCORM Cloud's preview of a course (the live version, or the one given) in this tab: the link is
 * minted on the click because it expires within minutes, and the player sends the editor back to the
 * course page on exit. A refusal is a toast in words.
 */
export function useCoursePreview(courseId: string) {
  const { t } = useT();
  const failure = useFailure();
  const { toggleNotification } = useNotification();
  const [previewCourse, { isLoading }] = usePreviewCourseMutation();
  const preview = useCallback(
    async (version?: number) => {
      try {
        const { url } = await previewCourse({ courseId, version }).unwrap();
        window.location.assign(url);
      } catch (e) {
        const { status, message } = failure(e);
        toggleNotification({ type: 'danger', message: t('course.preview.failed', { status, message }) });
      }
    },
    [courseId, failure, previewCourse, t, toggleNotification],
  );
  return { preview, previewing: isLoading };
}
