/**
 * A learner's registration for a course. Holds the Cloud's last reported state beside the editors'
 * overrides; `complete`, `success` and `score` are the effective values every reader sees, recomputed
 * in one place (the results module) and stored so that lists can filter and sort on them.
 */
export default {
  kind: 'collectionType',
  collectionName: 'scorm_cloud_registrations',
  info: {
    singularName: 'registration',
    pluralName: 'registrations',
    displayName: 'SCORM registration',
    description: "A learner's registration for a SCORM course",
  },
  options: { draftAndPublish: false },
  /**
   * `unique: true` on an attribute is only an application check in Strapi v5 (a SELECT before the INSERT,
   * which concurrent requests both pass); Strapi creates a unique index only for indexes declared here.
   * Declared indexes are owned by Strapi's schema sync, so they are created on existing databases too and
   * never dropped as unknown. The others keep the admin list's filters and sorts on indexed columns.
   */
  indexes: [
    { name: 'scorm_cloud_registrations_attempt_key_uq', columns: ['attempt_key'], type: 'unique' },
    // The key of every postback, launch and launch-count update; without it each one scans the table.
    { name: 'scorm_cloud_registrations_registration_id_idx', columns: ['registration_id'] },
    { name: 'scorm_cloud_registrations_last_name_idx', columns: ['learner_last_name'] },
    { name: 'scorm_cloud_registrations_score_idx', columns: ['score'] },
    { name: 'scorm_cloud_registrations_learner_idx', columns: ['learner_id'] },
    { name: 'scorm_cloud_registrations_user_idx', columns: ['user_document_id'] },
    { name: 'scorm_cloud_registrations_complete_idx', columns: ['complete'] },
    { name: 'scorm_cloud_registrations_success_idx', columns: ['success'] },
    { name: 'scorm_cloud_registrations_created_idx', columns: ['created_at'] },
    { name: 'scorm_cloud_registrations_launched_idx', columns: ['last_launched_at'] },
  ],
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    registrationId: { type: 'string', required: true, unique: true, maxLength: 255 },
    course: { type: 'relation', relation: 'manyToOne', target: 'plugin::scorm-cloud.course', inversedBy: 'registrations' },
    /** Ours; for a users-permissions user derived from its documentId, never an e-mail (e-mails change). */
    learnerId: { type: 'string', required: true, maxLength: 255 },
    learnerFirstName: { type: 'string' },
    learnerLastName: { type: 'string' },
    learnerEmail: { type: 'email' },
    /**
     * The users-permissions user, by documentId. A string rather than a relation so the plugin also runs
     * in apps without users-permissions.
     */
    userDocumentId: { type: 'string' },
    attempt: { type: 'integer', default: 1, required: true, min: 1 },
    /** `courseId:learnerId:attempt`, backed by a unique index so that a double click creates one registration. */
    attemptKey: { type: 'string', required: true, unique: true, private: true },

    cloudStatus: { type: 'enumeration', enum: ['creating', 'active', 'failed', 'deleted'], default: 'creating', required: true },
    cloudComplete: { type: 'enumeration', enum: ['complete', 'incomplete', 'unknown'], default: 'unknown' },
    cloudSuccess: { type: 'enumeration', enum: ['passed', 'failed', 'unknown'], default: 'unknown' },
    /** 0–100, null when the Cloud says `unknown`. */
    cloudScore: { type: 'decimal' },
    /** Seconds. */
    cloudTotalTime: { type: 'integer', default: 0 },
    instanceId: { type: 'integer', default: 0 },
    /** V2 reports only: the Cloud's own `updated` time of the stored report, which orders reports of one instance. */
    cloudUpdatedAt: { type: 'datetime' },
    reportedAt: { type: 'datetime' },
    reportSource: { type: 'enumeration', enum: ['postback', 'refresh', 'reconcile'] },
    /** Activity tree of `activity`/`full` reports. */
    reportDetail: { type: 'json' },

    overrideComplete: { type: 'enumeration', enum: ['complete', 'incomplete', 'unknown'] },
    overrideSuccess: { type: 'enumeration', enum: ['passed', 'failed', 'unknown'] },
    overrideScore: { type: 'decimal' },
    overrideReason: { type: 'text' },
    overriddenBy: { type: 'string' },
    overriddenAt: { type: 'datetime' },
    /** Append-only: every override set or cleared, with who and when. */
    overrideHistory: { type: 'json' },

    complete: { type: 'enumeration', enum: ['complete', 'incomplete', 'unknown'], default: 'unknown' },
    success: { type: 'enumeration', enum: ['passed', 'failed', 'unknown'], default: 'unknown' },
    score: { type: 'decimal' },

    launchCount: { type: 'integer', default: 0 },
    lastLaunchedAt: { type: 'datetime' },
    /** Where the exit route sends the learner after the last launch (already checked against the allow-list). */
    returnUrl: { type: 'text' },
    lastRefreshRequestedAt: { type: 'datetime', private: true },
    /** How the Cloud was told to send this registration's postbacks (postback.authType at its creation); only that way is accepted. */
    postbackAuthType: { type: 'enumeration', enum: ['form', 'httpbasic'], private: true },
    /** SHA-256 of the one outstanding launch ticket (plain links cannot carry a Bearer header); cleared when used. */
    launchTicketHash: { type: 'string', private: true },
    launchTicketExpiresAt: { type: 'datetime', private: true },
    /**
     * The registration ID, learner ID, names and e-mail in lower case, one per line, written by the
     * repository with them: the admin list's search is one LIKE on one column (on PostgreSQL with a
     * trigram index where pg_trgm can be installed) instead of five LOWER() calls per row.
     */
    searchText: { type: 'text', private: true },
  },
} as const;
