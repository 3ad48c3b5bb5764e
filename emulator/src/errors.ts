/** An API failure the emulator answers as `<rsp stat="fail"><err code msg/></rsp>` (HTTP 200). */
export class EmulatorApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorApiError';
  }
}

/** A package the importer refuses; the job ends as `error` with this message. */
export class PackageError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
    this.name = 'PackageError';
  }
}

/** Bad input to a `/_emulator/` control (answered as HTTP 400 JSON). */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
