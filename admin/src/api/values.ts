import type { Completion, CourseStatus, CourseView, Success } from './types';

/** Runtime lists of the contracts' unions, for filters and selects. */
export const COURSE_STATUSES: CourseStatus[] = ['uploading', 'importing', 'ready', 'failed', 'deleting'];
export const COMPLETIONS: Completion[] = ['complete', 'incomplete', 'unknown'];
export const SUCCESSES: Success[] = ['passed', 'failed', 'unknown'];

export const isImporting = (course: Pick<CourseView, 'status'>) => course.status === 'uploading' || course.status === 'importing';
