/** The postback inbox: every accepted postback is stored before it is applied, so nothing received is lost. */
export default {
  kind: 'collectionType',
  collectionName: 'scorm_cloud_postbacks',
  info: {
    singularName: 'postback',
    pluralName: 'postbacks',
    displayName: 'SCORM postback',
    description: 'A registration report received from SCORM Cloud',
  },
  options: { draftAndPublish: false },
  // A registration's postbacks, newest first (the admin's inbox view and the replay check read them so).
  indexes: [{ name: 'scorm_cloud_postbacks_registration_idx', columns: ['registration_id', 'received_at'] }],
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    registrationId: { type: 'string', maxLength: 255 },
    receivedAt: { type: 'datetime', required: true },
    body: { type: 'text', private: true },
    /** `received` until applied: a row left `received` is a postback whose apply failed (the Cloud retries it; replay also works). */
    outcome: { type: 'enumeration', enum: ['received', 'applied', 'stale', 'unknown-registration', 'invalid'], required: true },
    /** `form` or `httpbasic`: how it was authenticated. The body stored is the report XML only, never the credentials. */
    authType: { type: 'string', maxLength: 16 },
    detail: { type: 'text' },
  },
} as const;
