import { Transform, type TransformCallback, type Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import Busboy from 'busboy';
import type { Core } from '@strapi/strapi';
import { CloudAbortedError, CloudApiError, CloudError } from '../cloud';
import { InputError, PayloadTooLargeError, PluginError, UnsupportedMediaTypeError, UpstreamError } from '../errors';
import { getService } from '../utils/get-service';
import { liftRequestTimeout } from './request-timeout';
import { uploadTitle, validate } from './validation';
import type { CourseView } from './views';

/** A zip starts with a local file header. Anything else is refused before the Cloud sees a byte beyond these. */
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Buffer size of each stage of the pass-through. Node's default (16 KiB) is smaller than one socket read
 * (64 KiB), so every chunk would pause and resume the stage before it; 1 MiB per stage keeps memory flat.
 */
export const STREAM_HWM = 1024 * 1024;

const mib = (n: number) => `${Math.round((n / 1024 ** 2) * 10) / 10} MiB`;

/**
 * Sits between busboy's file stream and the Cloud request: holds the first bytes until the zip
 * signature is confirmed, counts bytes (a Transform, not a 'data' listener beside the pipe: that loses
 * bytes) and fails the stream as soon as the package exceeds `maxBytes`.
 */
export class PackageGate extends Transform {
  bytes = 0;
  failure: PluginError | undefined;
  readonly verified: Promise<void>;
  private head: Buffer[] = [];
  private checked = false;
  private settle!: { resolve: () => void; reject: (e: unknown) => void };

  constructor(private readonly maxBytes: number) {
    super({ highWaterMark: STREAM_HWM });
    this.verified = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.verified.catch(() => undefined);
    this.once('error', (error) => this.settle.reject(error));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      return callback(
        this.fail(new PayloadTooLargeError(`The package is larger than the ${mib(this.maxBytes)} allowed (upload.maxBytes).`, { maxBytes: this.maxBytes })),
      );
    }
    if (this.checked) return callback(null, chunk);
    this.head.push(chunk);
    const head = Buffer.concat(this.head);
    if (head.length < ZIP_SIGNATURE.length) return callback();
    if (!head.subarray(0, ZIP_SIGNATURE.length).equals(ZIP_SIGNATURE)) return callback(this.fail(notZip()));
    this.checked = true;
    this.head = [];
    this.settle.resolve();
    callback(null, head);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.checked ? null : this.fail(notZip()));
  }

  private fail(error: PluginError): PluginError {
    this.failure = error;
    return error;
  }
}

const notZip = () => new UnsupportedMediaTypeError('The file is not a zip archive: upload a SCORM, AICC or cmi5 package (.zip).');

/**
 * The proxy upload, streamed without touching the disk: busboy reads the raw request (strapi::body is bypassed for this
 * route), and the file part flows through a PackageGate into the Cloud's import call; undici pulls the next
 * chunk only when it has written the last one, so backpressure reaches the browser and nothing is
 * buffered whole or written to disk. Resolves with the course once the Cloud returned its import token.
 */
export async function receiveUpload(strapi: Core.Strapi, req: IncomingMessage, options: { courseId?: string } = {}): Promise<CourseView> {
  const client = getService(strapi, 'cloud').client();
  const { upload } = getService(strapi, 'config').get();
  const courses = getService(strapi, 'courses');
  const owner = getService(strapi, 'poller').owner;
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    throw new InputError('Send the package as multipart/form-data with a "file" part.', { field: 'file' });
  }

  const abort = new AbortController();
  let reason: string | undefined;
  const stop = (why: string) => {
    reason ??= why;
    abort.abort(new Error(why));
  };
  const limit = liftRequestTimeout(req, upload.requestTimeoutMs, () => {
    stop(`The upload took longer than ${Math.round(upload.requestTimeoutMs / 60_000)} minutes (upload.requestTimeoutMs).`);
    req.destroy();
  });
  if (!limit.lifted) strapi.log.warn('[scorm-cloud] This Node version gives no per-request hook: the upload keeps the server-wide requestTimeout.');
  /** The browser went before the whole package arrived (the editor cancelled), rather than this server stopping it. */
  let browserLeft = false;
  // IncomingMessage emits 'close' after a normal end too; only an incomplete message means the browser left.
  const onClose = () => {
    if (req.complete) return;
    if (reason === undefined) browserLeft = true;
    stop('The upload was cancelled: the connection to the browser closed before the whole package arrived.');
  };
  req.once('close', onClose);

  try {
    return await new Promise<CourseView>((resolve, reject) => {
      let title: string | undefined;
      let sawFile = false;
      let bb: ReturnType<typeof Busboy>;
      try {
        bb = Busboy({ headers: req.headers, highWaterMark: STREAM_HWM, fileHwm: STREAM_HWM, limits: { files: 1, fields: 10, fieldSize: 4096, parts: 20 } });
      } catch (error) {
        reject(new InputError(`The multipart request is malformed: ${(error as Error).message}`, { field: 'file' }));
        return;
      }
      const detach = () => {
        req.unpipe(bb);
        // Let Node discard the rest of the body; the response says Connection: close.
        req.resume();
      };
      // A refused request must leave nothing launchable: the file that follows a refused title is never
      // sent on (busboy may already hold it in the same chunk), and one already on its way is stopped.
      let refused = false;
      bb.on('field', (name, value) => {
        if (name === 'title' && value.trim()) {
          try {
            title = validate(uploadTitle, value);
          } catch (error) {
            refused = true;
            if (sawFile) stop(`The upload was refused: ${(error as Error).message}`);
            detach();
            reject(error);
          }
        }
      });
      bb.on('file', (_name, stream: Readable, info) => {
        if (sawFile || refused) return void stream.resume();
        sawFile = true;
        handleFile(stream, info.filename || 'package.zip', title).then(resolve, (error) => {
          detach();
          reject(error);
        });
      });
      bb.on('close', () => {
        if (!sawFile) reject(new InputError('The request has no file part: send the package as the "file" part.', { field: 'file' }));
      });
      bb.on('error', (error) => {
        if (!sawFile) {
          detach();
          reject(new InputError(`The multipart request is malformed: ${(error as Error).message}`, { field: 'file' }));
        }
        // With a file under way, the file stream fails too and handleFile reports it.
      });
      req.pipe(bb);
    });
  } finally {
    limit.clear();
    req.off('close', onClose);
  }

  async function handleFile(file: Readable, filename: string, title: string | undefined): Promise<CourseView> {
    const gate = new PackageGate(upload.maxBytes);
    file.on('error', (error) => gate.destroy(error));
    file.pipe(gate);
    // Nothing is created and the Cloud is not called before the first bytes prove a zip.
    await gate.verified;
    // What a new version's upload replaces, to put back should the browser give up on it.
    const previous = options.courseId ? await courses.findRow(options.courseId) : null;
    const row = await courses.beginUpload({ courseId: options.courseId, title, packageName: filename, owner });
    const heartbeat = setInterval(() => void courses.renewUploadLease(row.id).catch(() => undefined), 20_000);
    heartbeat.unref();
    try {
      const { jobId: token } = await client.importPackage(row.courseId, gate, { filename, signal: abort.signal, newVersion: options.courseId !== undefined });
      return await courses.uploadSucceeded(row.id, token, gate.bytes);
    } catch (error) {
      const failure = describeFailure(error, gate, reason);
      // A body that ended early with no reason of ours is the browser leaving too.
      const cancelled = !gate.failure && (browserLeft || (reason === undefined && failure.code === 'UPLOAD_ABORTED'));
      if (cancelled) await courses.uploadCancelled(row.id, previous).catch((e) => strapi.log.warn(`[scorm-cloud] ${(e as Error).message}`));
      else await courses.uploadFailed(row.id, failure.message, gate.bytes).catch(() => undefined);
      throw failure;
    } finally {
      clearInterval(heartbeat);
    }
  }
}

function describeFailure(error: unknown, gate: PackageGate, reason: string | undefined): PluginError {
  if (gate.failure) return gate.failure;
  if (reason || error instanceof CloudAbortedError) {
    return new InputError(`${reason ?? 'The upload was cancelled.'} (${mib(gate.bytes)} received)`, { code: 'UPLOAD_ABORTED' });
  }
  if (error instanceof CloudApiError) return new UpstreamError(`SCORM Cloud refused the package: ${error.cloudMessage}`, { cloudCode: error.code });
  if (error instanceof CloudError) {
    const cause = (error as { cause?: unknown }).cause;
    // A broken multipart body from the browser surfaces as a failing source stream.
    if (cause instanceof Error && /Unexpected end of form|aborted/i.test(cause.message)) {
      return new InputError(`The upload was cancelled: the request ended before the whole package arrived. (${mib(gate.bytes)} received)`, {
        code: 'UPLOAD_ABORTED',
      });
    }
    return new UpstreamError(`SCORM Cloud could not take the package: ${error.message}`);
  }
  if (error instanceof PluginError) return error;
  return new UpstreamError(`The upload failed: ${error instanceof Error ? error.message : String(error)}`);
}
