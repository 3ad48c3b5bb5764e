/**
 * A bulk refresh of a course's registrations from SCORM Cloud. It lives in the database, not in the memory
 * of the instance that started it, so any instance can report on it and, when that instance stops, the
 * next poller round of any instance resumes it from where it was.
 */
export default {
  kind: 'collectionType',
  collectionName: 'scorm_cloud_refresh_jobs',
  info: {
    singularName: 'refresh-job',
    pluralName: 'refresh-jobs',
    displayName: 'SCORM refresh job',
    description: "A refresh of a course's registrations from SCORM Cloud",
  },
  options: { draftAndPublish: false },
  indexes: [{ name: 'scorm_cloud_refresh_jobs_job_id_uq', columns: ['job_id'], type: 'unique' }],
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    jobId: { type: 'string', maxLength: 36, required: true },
    /** The course's ID as text: the job's record outlives a course deleted meanwhile. */
    courseId: { type: 'string', maxLength: 255, required: true },
    state: { type: 'enumeration', enum: ['running', 'finished'], required: true },
    total: { type: 'integer', default: 0 },
    done: { type: 'integer', default: 0 },
    applied: { type: 'integer', default: 0 },
    stale: { type: 'integer', default: 0 },
    failed: { type: 'integer', default: 0 },
    /** Registrations are refreshed in row-ID order up to `lastRowId` (the newest when the job started); `cursor` is the last one done. */
    cursor: { type: 'integer', default: 0 },
    lastRowId: { type: 'integer', default: 0 },
    /** The first hundred failures, `{ registrationId, message }`. */
    failures: { type: 'json' },
    startedAt: { type: 'datetime', required: true },
    finishedAt: { type: 'datetime' },
    /** The instance working on the job; when the lease runs out, another one takes it over. */
    leaseOwner: { type: 'string', maxLength: 255, private: true },
    leaseUntil: { type: 'datetime', private: true },
  },
} as const;
