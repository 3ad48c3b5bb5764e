/** `POST /courses/:courseId/refresh-registrations` and `GET /refresh-jobs/:jobId` (server/src/results/refresh-jobs.ts): a database row, so any instance answers for it. */
export interface RefreshJob {
  id: string;
  courseId: string;
  status: 'running' | 'finished';
  total: number;
  done: number;
  applied: number;
  stale: number;
  failed: number;
  errors: Array<{ registrationId: string; message: string }>;
  startedAt: string;
  finishedAt: string | null;
}
