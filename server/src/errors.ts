/**
 * Domain errors: every failure a user can meet has a class, an HTTP status and a message that says
 * what to do. Services throw these; controllers turn them into responses (see controllers/respond.ts).
 */
export class PluginError extends Error {
  readonly status: number = 400;
  readonly code: string = 'SCORM_CLOUD_ERROR';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** No appId/secretKey: the plugin runs, but nothing that needs the Cloud can happen. */
export class NotConfiguredError extends PluginError {
  override readonly status = 503;
  override readonly code = 'NOT_CONFIGURED';
  constructor() {
    super(
      'SCORM Cloud is not configured: set appId and secretKey in the scorm-cloud plugin config (config/plugins), then restart Strapi.',
    );
  }
}

export class InputError extends PluginError {
  override readonly status = 400;
  override readonly code = 'INVALID_INPUT';
}

export class NotFoundError extends PluginError {
  override readonly status = 404;
  override readonly code = 'NOT_FOUND';
}

export class ForbiddenError extends PluginError {
  override readonly status = 403;
  override readonly code = 'FORBIDDEN';
}

export class ConflictError extends PluginError {
  override readonly status = 409;
  override readonly code = 'CONFLICT';
}

/** The Cloud answered with an error or could not be reached; the message is the Cloud's, never a secret. */
export class UpstreamError extends PluginError {
  override readonly status = 502;
  override readonly code = 'CLOUD_ERROR';
}

/** The uploaded package is larger than `upload.maxBytes`. */
export class PayloadTooLargeError extends PluginError {
  override readonly status = 413;
  override readonly code = 'PACKAGE_TOO_LARGE';
}

/** The uploaded file is not a zip (its first bytes are not a local file header). */
export class UnsupportedMediaTypeError extends PluginError {
  override readonly status = 415;
  override readonly code = 'NOT_A_ZIP';
}

export class TooManyRequestsError extends PluginError {
  override readonly status = 429;
  override readonly code = 'TOO_MANY_REQUESTS';
}

/** SCORM Cloud could not be reached or did not answer in time: nothing changed, the caller may retry. */
export class ServiceUnavailableError extends PluginError {
  override readonly status = 503;
  override readonly code = 'CLOUD_UNAVAILABLE';
}
