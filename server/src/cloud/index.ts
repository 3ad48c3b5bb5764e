/**
 * `strapi-plugin-scorm-cloud/cloud`: a standalone SCORM Cloud V1 client. No Strapi imports here or below.
 */
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
  CloudResponseError,
  CloudAbortedError,
  isAuthErrorCode,
} from './errors';
export * from './parse';
export { buildRegistrationReportXml, formatTimeSpan, type BuildReportOptions } from './build-registration-report';
export { multipartFileBody, type MultipartFile } from './multipart';
export { parseXml, DEFAULT_MAX_RESPONSE_BYTES, type XmlElement, type LooseRecord, type LooseValue } from './xml';
export type * from './types';
