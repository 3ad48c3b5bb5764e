import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { scorm12Manifest, scorm2004Manifest } from '../helpers/packages';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's chromium, or the reason the browser tests cannot run here (printed, never silent). */
export function chromiumMissing(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install -y chromium); browser tests skipped`;
  return undefined;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile; nothing is downloaded. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'scorm-player-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What each SCO variant reports and the results the test expects back. */
export const SCO_RESULT = { score: 87, sessionSeconds: 125 };

/** Finds the runtime by walking up the frames, as SCOs in the wild do. */
const FIND_API = `
function findApi(name) {
  var win = window, tries = 0;
  while (win && !win[name] && win.parent && win.parent !== win && tries < 10) { win = win.parent; tries++; }
  if (win && win[name]) return win[name];
  if (window.top && window.top.opener) { try { if (window.top.opener[name]) return window.top.opener[name]; } catch (e) {} }
  return null;
}`;

export function scorm12ScoHtml(): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>SCO 1.2</title>
<script>${FIND_API}
window.addEventListener('load', function () {
  var api = findApi('API');
  if (!api) { document.body.textContent = 'NO API'; return; }
  api.LMSInitialize('');
  var ok = api.LMSGetValue('cmi.core.student_id') !== '';
  api.LMSSetValue('cmi.core.lesson_location', 'page-3');
  api.LMSSetValue('cmi.core.score.min', '0');
  api.LMSSetValue('cmi.core.score.max', '100');
  api.LMSSetValue('cmi.core.score.raw', '${SCO_RESULT.score}');
  api.LMSSetValue('cmi.core.lesson_status', ok ? 'passed' : 'failed');
  api.LMSSetValue('cmi.interactions.0.id', 'q1');
  api.LMSSetValue('cmi.interactions.0.type', 'choice');
  api.LMSSetValue('cmi.interactions.0.student_response', 'b');
  api.LMSSetValue('cmi.interactions.0.result', 'correct');
  api.LMSSetValue('cmi.core.session_time', '0000:02:05.00');
  api.LMSSetValue('cmi.core.exit', '');
  api.LMSCommit('');
  document.body.textContent = 'committed';
  setTimeout(function () { api.LMSFinish(''); }, 200);
});
</script></head><body>loading</body></html>`;
}

export function scorm2004ScoHtml(): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>SCO 2004</title>
<script>${FIND_API}
window.addEventListener('load', function () {
  var api = findApi('API_1484_11');
  if (!api) { document.body.textContent = 'NO API'; return; }
  api.Initialize('');
  var ok = api.GetValue('cmi.learner_id') !== '';
  api.SetValue('cmi.location', 'page-3');
  api.SetValue('cmi.score.min', '0');
  api.SetValue('cmi.score.max', '100');
  api.SetValue('cmi.score.raw', '${SCO_RESULT.score}');
  api.SetValue('cmi.score.scaled', '${SCO_RESULT.score / 100}');
  api.SetValue('cmi.completion_status', 'completed');
  api.SetValue('cmi.success_status', ok ? 'passed' : 'failed');
  api.SetValue('cmi.interactions.0.id', 'q1');
  api.SetValue('cmi.interactions.0.type', 'choice');
  api.SetValue('cmi.interactions.0.learner_response', 'b');
  api.SetValue('cmi.interactions.0.result', 'correct');
  api.SetValue('cmi.session_time', 'PT2M5S');
  api.SetValue('cmi.exit', 'normal');
  api.Commit('');
  document.body.textContent = 'committed';
  setTimeout(function () { api.Terminate(''); }, 200);
});
</script></head><body>loading</body></html>`;
}

/** A SCO that initializes and reports progress but leaves the finishing to the learner's Exit button. */
export function scorm12LingeringScoHtml(): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>SCO 1.2 (no finish)</title>
<script>${FIND_API}
window.addEventListener('load', function () {
  var api = findApi('API');
  api.LMSInitialize('');
  api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
  api.LMSSetValue('cmi.suspend_data', 'step=2');
  api.LMSSetValue('cmi.core.exit', 'suspend');
  document.body.textContent = 'ready';
});
</script></head><body>loading</body></html>`;
}

/** Manifests of the one-SCO packages the browser tests play; the SCO is sco/index.html. */
const ONE_SCO = [{ id: '1', title: 'Lesson', href: 'sco/index.html' }];
export const scorm12ScoManifest = (title: string) => scorm12Manifest({ title, scos: ONE_SCO });
export const scorm2004ScoManifest = (title: string) => scorm2004Manifest({ title, scos: ONE_SCO });

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** The site beside the emulator: a landing page for `redirecturl` and a postback receiver. */
export async function startTestSite(): Promise<{ url: string; requests: ReceivedRequest[]; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if ((req.url ?? '').startsWith('/landing')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><head><title>Back on the site</title></head><body><h1 id="landing">Welcome back</h1></body></html>');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
