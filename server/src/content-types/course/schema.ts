/** A course the plugin created in SCORM Cloud. The row exists before the Cloud hears of it, so no course the Cloud holds is unknown here. */
export default {
  kind: 'collectionType',
  collectionName: 'scorm_cloud_courses',
  info: {
    singularName: 'course',
    pluralName: 'courses',
    displayName: 'SCORM course',
    description: 'A SCORM package imported into SCORM Cloud',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    /** Ours, opaque and stable: never a title or file name, so renaming a course never breaks a link or a registration. */
    courseId: { type: 'string', required: true, unique: true, maxLength: 255 },
    title: { type: 'string' },
    /** Whether `title` was set by an editor (kept across imports) or taken from the package manifest. */
    titleSource: { type: 'enumeration', enum: ['editor', 'package'], default: 'package', private: true },
    status: {
      type: 'enumeration',
      enum: ['uploading', 'importing', 'ready', 'failed', 'deleting'],
      default: 'uploading',
      required: true,
    },
    importToken: { type: 'string', private: true },
    importProgress: { type: 'integer', min: 0, max: 100 },
    importMessage: { type: 'string' },
    parserWarnings: { type: 'json' },
    /** The message editors see when an upload or import failed. */
    error: { type: 'text' },
    packageName: { type: 'string' },
    packageBytes: { type: 'biginteger' },
    /**
     * The Cloud's version of the live course (its first import is 0); a re-import under the same course ID
     * makes a new one. Empty until an import has completed: a course with a version stays ready when a
     * later import fails, and one without never becomes ready that way.
     */
    version: { type: 'integer' },
    /** Editors can hide a ready course from learners without deleting it. */
    launchable: { type: 'boolean', default: true, required: true },
    importStartedAt: { type: 'datetime' },
    importFinishedAt: { type: 'datetime' },
    // Poller bookkeeping: when to look again, how often we looked, and who holds the lease.
    nextPollAt: { type: 'datetime', private: true },
    pollAttempts: { type: 'integer', default: 0, private: true },
    leaseOwner: { type: 'string', private: true },
    leaseUntil: { type: 'datetime', private: true },
    registrations: { type: 'relation', relation: 'oneToMany', target: 'plugin::scorm-cloud.registration', mappedBy: 'course' },
  },
} as const;
