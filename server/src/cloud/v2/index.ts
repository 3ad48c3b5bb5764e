/** SCORM Cloud API V2 (REST/JSON): the client and the JSON report reader and builder. */
export { CloudV2Client, type CloudV2ClientOptions, type CloudV2RequestEvent, type CloudV2ResponseEvent } from './client';
export { buildRegistrationJson, inferResultsFormat, registrationReportFromV2 } from './registration-report';
export { DEFAULT_V2_SERVICE_URL, normalizeV2ServiceUrl } from './service-url';
