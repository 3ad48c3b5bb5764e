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
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    registrationId: { type: 'string', maxLength: 255 },
    receivedAt: { type: 'datetime', required: true },
    body: { type: 'text', private: true },
    outcome: { type: 'enumeration', enum: ['applied', 'stale', 'unknown-registration', 'invalid'], required: true },
    detail: { type: 'text' },
  },
} as const;
