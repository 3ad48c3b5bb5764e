/**
 * Domain errors: every failure a user can meet has a class, an HTTP status and a message that says
 * what to do. Services throw these; controllers turn them into responses (see controllers/respond.ts).
 */
export class PluginError extends Error {
  /** The code of every error of this class; one error may name a more precise one (`details.code`). */
  static readonly defaultCode: string = 'SCORM_CLOUD_ERROR';
  readonly status: number = 400;
  /** What clients switch on, answered as `error.details.code`. */
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(message: string, details: Record<string, unknown> & { code?: string } = {}) {
    super(message);
    this.name = new.target.name;
    const { code, ...rest } = details;
    this.code = code ?? (new.target as typeof PluginError).defaultCode;
    this.details = rest;
  }
}

/** No appId/secretKey: the plugin runs, but nothing that needs the Cloud can happen. */
export class NotConfiguredError extends PluginError {
  override readonly status = 503;
  static override readonly defaultCode = 'NOT_CONFIGURED';
  constructor() {
    super('SCORM Cloud is not configured: set appId and secretKey in the scorm-cloud plugin config (config/plugins), then restart Strapi.');
  }
}

export class InputError extends PluginError {
  override readonly status = 400;
  static override readonly defaultCode = 'INVALID_INPUT';
}

export class NotFoundError extends PluginError {
  override readonly status = 404;
  static override readonly defaultCode = 'NOT_FOUND';
}

export class ForbiddenError extends PluginError {
  override readonly status = 403;
  static override readonly defaultCode = 'FORBIDDEN';
}

export class ConflictError extends PluginError {
  override readonly status = 409;
  static override readonly defaultCode = 'CONFLICT';
}

/** The Cloud answered with an error or could not be reached; the message is the Cloud's, never a secret. */
export class UpstreamError extends PluginError {
  override readonly status = 502;
  static override readonly defaultCode = 'CLOUD_ERROR';
}

/** The uploaded package is larger than `upload.maxBytes`. */
export class PayloadTooLargeError extends PluginError {
  override readonly status = 413;
  static override readonly defaultCode = 'PACKAGE_TOO_LARGE';
}

/** The uploaded file is not a zip (its first bytes are not a local file header). */
export class UnsupportedMediaTypeError extends PluginError {
  override readonly status = 415;
  static override readonly defaultCode = 'NOT_A_ZIP';
}

export class TooManyRequestsError extends PluginError {
  override readonly status = 429;
  static override readonly defaultCode = 'TOO_MANY_REQUESTS';
}

/** SCORM Cloud could not be reached or did not answer in time: nothing changed, the caller may retry. */
export class ServiceUnavailableError extends PluginError {
  override readonly status = 503;
  static override readonly defaultCode = 'CLOUD_UNAVAILABLE';
}
