import { PluginError } from '../errors';

/** SCORM Cloud's postback credentials are missing or wrong. Nothing is stored for such a request. */
export class PostbackAuthError extends PluginError {
  override readonly status = 401;
  static override readonly defaultCode = 'POSTBACK_UNAUTHORIZED';
}

/** Malformed or oversized postback body (400 for both, as the design says: the Cloud treats any 4xx alike). */
export class PostbackBodyError extends PluginError {
  override readonly status = 400;
  static override readonly defaultCode = 'POSTBACK_INVALID';
}

/** The postback body stopped arriving: the route is public, so a stalled sender is cut off quickly. */
export class PostbackTimeoutError extends PluginError {
  override readonly status = 408;
  static override readonly defaultCode = 'POSTBACK_TIMEOUT';
}
