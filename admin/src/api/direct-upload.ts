import { parseImportAnswer } from './cloud-answer';
import { UploadError, UploadAbortedError, xhrUpload, type UploadProgress } from './upload';

export interface DirectPostResult {
  /** Known only when the Cloud's answer was readable (it sent CORS headers). */
  token?: string;
  /** True when the browser could only post the file blind (no CORS), so nothing is known of the answer. */
  opaque: boolean;
}

/**
 * Posts the package straight to the signed importCourseAsync URL.
 *
 * SCORM Cloud documents no CORS for it. XHR with upload listeners is a "non-simple" request, so the
 * browser asks a CORS preflight first; where the Cloud (or a proxy before it) answers it, we get real
 * progress and can read the import token. Where the preflight is refused no byte of the file has left,
 * and we post again as a plain HTML form would (fetch `no-cors`, multipart, no custom headers): the Cloud
 * gets the file, but the browser hides its answer, so neither progress nor token reach the page.
 */
export async function postToCloud(
  url: string,
  form: FormData,
  onProgress: (progress: UploadProgress) => void,
  signal: AbortSignal,
): Promise<DirectPostResult> {
  let sent = 0;
  try {
    const { body } = await xhrUpload<string>({
      url,
      form,
      signal,
      onProgress: (p) => {
        sent = p.loaded;
        onProgress(p);
      },
    });
    const answer = parseImportAnswer(typeof body === 'string' ? body : '');
    if (answer.error) throw new UploadError(answer.error, 400, { error: { status: 400, message: answer.error, details: { code: 'CLOUD_REFUSED' } } });
    return { token: answer.token, opaque: false };
  } catch (error) {
    if (error instanceof UploadAbortedError) throw error;
    if (!(error instanceof UploadError) || error.status !== 0 || sent > 0) throw error;
  }
  try {
    await fetch(url, { method: 'POST', mode: 'no-cors', body: form, signal, credentials: 'omit' });
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw new UploadAbortedError();
    throw new UploadError('Network error', 0);
  }
  return { opaque: true };
}
