import { randomBytes } from 'node:crypto';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface DirectUploadOutcome {
  status: number;
  heading: string;
  detail: string;
  /** Posted to the admin page that opened the upload (`type: 'scorm-cloud:direct-upload'`). */
  message: Record<string, unknown>;
  coursePage: string;
  adminOrigin: string;
}

export interface RenderedPage {
  html: string;
  /** Its Content-Security-Policy: nothing but this page's own script may run. */
  csp: string;
}

/**
 * The tiny page the completion route answers rather than a redirect into the admin: the browser is
 * usually a hidden frame of the upload dialog, which should not load the whole admin; the page tells its
 * parent or opener and says the window may be closed. Without a frame, it links to the course page.
 */
export function directUploadPage(outcome: DirectUploadOutcome): RenderedPage {
  const { heading, detail, message, coursePage, adminOrigin } = outcome;
  const nonce = randomBytes(16).toString('base64');
  const payload = JSON.stringify({ type: 'scorm-cloud:direct-upload', ...message }).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title>
<style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:36rem;padding:0 1rem;color:#32324d}</style></head>
<body data-outcome="${escapeHtml(String(message.status ?? 'refused'))}"><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(detail)}</p>
<p>You can close this window. <a href="${escapeHtml(coursePage)}" target="_top">Open the course in the admin</a></p>
<script nonce="${nonce}">(function(){var m=${payload};var o=${JSON.stringify(adminOrigin)};
[window.parent!==window?window.parent:null,window.opener].forEach(function(w){try{if(w)w.postMessage(m,o);}catch(e){}});})();</script>
</body></html>`;
  return { html, csp: `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'` };
}
