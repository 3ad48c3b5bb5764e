/* DOM-free, so unit tests (type-checked with the server's config) can import it. */

/** What the completion page (server/src/courses/controllers.ts, directUploadsController) posts to its parent. */
export interface DirectUploadMessage {
  type: 'scorm-cloud:direct-upload';
  courseId: string;
  status: string | null;
  error: string | null;
}

export const isDirectUploadMessage = (data: unknown, courseId: string): data is DirectUploadMessage =>
  !!data &&
  typeof data === 'object' &&
  (data as DirectUploadMessage).type === 'scorm-cloud:direct-upload' &&
  (data as DirectUploadMessage).courseId === courseId;

/** The Cloud's own words, without the prefix the server puts before them (the dialog says it already). */
export const cloudMessageOf = (error: string | null | undefined): string => (error ?? '').replace(/^SCORM Cloud refused the package:\s*/, '');
