import { PluginError } from '../errors';

/** SCORM Cloud's postback credentials are missing or wrong. Nothing is stored for such a request. */
export class PostbackAuthError extends PluginError {
  override readonly status = 401;
  override readonly code = 'POSTBACK_UNAUTHORIZED';
}

/** Malformed or oversized postback body (400 for both, as the design says: the Cloud treats any 4xx alike). */
export class PostbackBodyError extends PluginError {
  override readonly status = 400;
  override readonly code = 'POSTBACK_INVALID';
}

/** Too many failed postbacks from one address in a minute; SCORM Cloud retries, so it loses nothing. */
export class PostbackRateLimitError extends PluginError {
  override readonly status = 429;
  override readonly code = 'TOO_MANY_REQUESTS';
}
