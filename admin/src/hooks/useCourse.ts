import { useCallback, useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { apiFailure, type ApiFailure } from '../api/errors';
import type { CourseView } from '../api/types';
import { isImporting } from '../api/values';

/** How often pages look again while SCORM Cloud imports a package. */
export const LIVE_REFRESH_MS = 2000;

/** One course, reloaded every LIVE_REFRESH_MS while it is uploading or importing. */
export function useCourse(courseId: string | undefined) {
  const { get } = useFetchClient();
  const [course, setCourse] = useState<CourseView>();
  const [error, setError] = useState<ApiFailure>();

  const reload = useCallback(async () => {
    if (!courseId) return;
    try {
      const { data } = await get<{ data: CourseView }>(`/scorm-cloud/courses/${encodeURIComponent(courseId)}`);
      setCourse(data.data);
      setError(undefined);
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') return;
      setError(apiFailure(e));
    }
  }, [get, courseId]);

  useEffect(() => {
    setCourse(undefined);
    void reload();
  }, [reload]);

  useEffect(() => {
    if (!course || !isImporting(course)) return;
    const timer = setTimeout(() => void reload(), LIVE_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [course, reload]);

  return { course, setCourse, error, reload };
}
