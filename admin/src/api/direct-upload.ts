import { isDirectUploadMessage } from './direct-upload-message';
import { backendUrl, UploadAbortedError, UploadError } from './upload';

/**
 * Posts the package straight to the signed importCourseAsync URL the way V1 intends: a plain
 * `<form method=post enctype=multipart/form-data>` aimed at a hidden frame. SCORM Cloud sends no CORS
 * headers, so script can never read its answer; instead the URL carries a `redirecturl`, and the Cloud
 * sends the frame to Strapi's completion route with the import token (or its error), which Strapi stores.
 * A cross-origin form post gives no progress events either: callers show an indeterminate state, and
 * resolve the outcome by reading the course (whose status the server now knows).
 *
 * Settles when the frame has loaded the page after the post (or that page has posted its message); the
 * signal removes the frame, which stops the browser's upload.
 */
export function postFormToCloud(options: { url: string; fileField: string; file: File; courseId: string; signal: AbortSignal }): Promise<void> {
  const { url, fileField, file, courseId, signal } = options;
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new UploadAbortedError());
    const name = `scorm-cloud-direct-${courseId}-${Date.now()}`;
    const frame = document.createElement('iframe');
    frame.name = name;
    frame.title = 'SCORM Cloud upload';
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.style.display = 'none';
    const form = document.createElement('form');
    form.method = 'post';
    form.enctype = 'multipart/form-data';
    form.action = url;
    form.target = name;
    form.style.display = 'none';
    const input = document.createElement('input');
    input.type = 'file';
    input.name = fileField;
    // A form can only send a file its input holds; DataTransfer is the standard way to put one there.
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    form.appendChild(input);

    let settled = false;
    const backendOrigin = new URL(backendUrl('/')).origin;
    const cleanup = () => {
      settled = true;
      window.removeEventListener('message', onMessage);
      document.removeEventListener('securitypolicyviolation', onViolation);
      signal.removeEventListener('abort', onAbort);
      form.remove();
      // Removing the frame stops an upload still running; once settled, it only frees the page.
      frame.remove();
    };
    const finish = () => {
      if (settled) return;
      cleanup();
      resolve();
    };
    const onLoad = () => {
      // The frame's own empty document loads too; only what came back from the post counts. A document
      // of another origin (the Cloud's own page, had it not redirected) cannot be read: that counts too.
      try {
        if (frame.contentWindow?.location.href === 'about:blank') return;
      } catch {
        /* cross-origin: the post has been answered */
      }
      finish();
    };
    const onViolation = (event: SecurityPolicyViolationEvent) => {
      if (settled || !/^(form-action|frame-src|child-src|default-src)/.test(event.effectiveDirective || event.violatedDirective)) return;
      cleanup();
      const message = `This page's Content-Security-Policy (${event.effectiveDirective || event.violatedDirective}) does not allow posting to ${new URL(url).origin}.`;
      reject(new UploadError(message, 400, { error: { status: 400, message, details: { code: 'CSP_BLOCKED' } } }));
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin === backendOrigin && isDirectUploadMessage(event.data, courseId)) finish();
    };
    const onAbort = () => {
      if (settled) return;
      cleanup();
      reject(new UploadAbortedError());
    };
    document.body.appendChild(frame);
    document.body.appendChild(form);
    // Listen only now: appending an empty frame may fire a load of about:blank.
    frame.addEventListener('load', onLoad);
    document.addEventListener('securitypolicyviolation', onViolation);
    window.addEventListener('message', onMessage);
    signal.addEventListener('abort', onAbort);
    form.submit();
  });
}
