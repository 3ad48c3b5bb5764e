/**
 * `strapi-plugin-scorm-cloud/cloud`: a standalone SCORM Cloud client with a V2 and a V1 transport behind
 * one `CloudApi` interface. No Strapi imports here or below.
 */
export type * from './api';
export { learningStandardOf, type LearningStandard } from './learning-standard';
export { CloudV1Api } from './v1-api';
export { serviceEndpoint } from './endpoint';
export {
  CloudV2Client,
  type CloudV2ClientOptions,
  type CloudV2RequestEvent,
  type CloudV2ResponseEvent,
  registrationReportFromV2,
  buildRegistrationJson,
  inferResultsFormat,
  DEFAULT_V2_SERVICE_URL,
  normalizeV2ServiceUrl,
} from './v2';
export {
  parsePostback,
  parseStoredReport,
  CloudPostbackError,
  type PostbackInput,
  type ParsedPostback,
  type PostbackWire,
  type PostbackFailure,
} from './postback';
export { sign, verifySignature, type SignableParams } from './sign';
export { utcTimestamp, parseUtcTimestamp, SIGNATURE_WINDOW_MS } from './timestamp';
export { buildSignedUrl, normalizeServiceUrl, DEFAULT_SERVICE_URL, type SigningConfig, type CallParams } from './url';
export {
  CloudClient,
  type CloudClientOptions,
  type CloudRequestEvent,
  type CloudResponseEvent,
  type CreateRegistrationInput,
  type RegistrationListQuery,
  type SignedUrl,
} from './client';
export {
  CloudError,
  CloudApiError,
  CloudAuthError,
  CloudClockSkewError,
  CloudUnavailableError,
  CloudRateLimitError,
  CloudResponseError,
  type CloudErrorKind,
  CloudAbortedError,
  isAuthErrorCode,
} from './errors';
export * from './parse';
export { buildRegistrationReportXml, formatTimeSpan, type BuildReportOptions } from './build-registration-report';
export { multipartFileBody, type MultipartFile } from './multipart';
export { parseXml, DEFAULT_MAX_RESPONSE_BYTES, type XmlElement, type LooseRecord, type LooseValue } from './xml';
export type * from './types';
