/**
 * The player's own Exit button against the real emulator in Debian's Chromium: the SCO's last values,
 * which it sets and commits while its frame unloads (as the specs ask content to do), must reach the
 * registration and the postback; Exit must not terminate the runtime before the SCO had its say.
 */
import { Readable } from 'node:stream';
import { CloudClient } from '../../server/src/cloud/client';
import { parseRegistrationReport } from '../../server/src/cloud/parse';
import type { RegistrationReport } from '../../server/src/cloud/types';
import { startEmulator, type RunningEmulator } from '../../emulator/src';
import { buildZip } from '../helpers/packages';
import { chromiumMissing, launchChromium, scorm12ScoManifest, scorm2004ScoManifest, startTestSite, waitFor, type Browser } from './support';

const APP = { appId: 'exitapp', secretKey: 'exit-secret-key' };

const missing = chromiumMissing();
if (missing) console.warn(missing);
const describeBrowser = missing ? describe.skip : describe;

jest.setTimeout(45_000);

const FIND_API = `function findApi(name) {
  var win = window, tries = 0;
  while (win && !win[name] && win.parent && win.parent !== win && tries < 10) { win = win.parent; tries++; }
  return win && win[name] ? win[name] : null;
}
// Reports go through the player's console: this frame's own context is being torn down when they are written.
function report(text) { try { window.parent.console.log('[sco] ' + text); } catch (e) { /* no parent */ } }
// Each runtime call in the unload handler, and the SCORM error it left (0 when it worked).
function call(api, getError, method, args) {
  var result = api[method].apply(api, args);
  var code = String(api[getError]());
  if (code !== '0') report('error ' + code + ' from ' + method + '(' + args.join(', ') + ')');
  return result;
}`;

/** SCORM 1.2: starts incomplete; its unload handler sets the final values and session time, commits and finishes. */
function scorm12SavesOnUnload(): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>SCO 1.2 saving on unload</title>
<script>${FIND_API}
var api = findApi('API');
window.addEventListener('load', function () {
  api.LMSInitialize('');
  api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
  api.LMSCommit('');
  document.body.textContent = 'ready';
});
window.addEventListener('unload', function () {
  function c(method) { return call(api, 'LMSGetLastError', method, [].slice.call(arguments, 1)); }
  c('LMSSetValue', 'cmi.core.score.raw', '93');
  c('LMSSetValue', 'cmi.core.lesson_status', 'passed');
  c('LMSSetValue', 'cmi.core.lesson_location', 'last-page');
  c('LMSSetValue', 'cmi.core.session_time', '0000:01:30.00');
  c('LMSCommit', '');
  c('LMSFinish', '');
  report('unload handler done');
});
</script></head><body>loading</body></html>`;
}

/** SCORM 2004: its unload handler sets and commits but never calls Terminate; the player terminates for it. */
function scorm2004CommitsOnUnload(): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>SCO 2004 committing on unload</title>
<script>${FIND_API}
var api = findApi('API_1484_11');
window.addEventListener('load', function () {
  api.Initialize('');
  api.SetValue('cmi.completion_status', 'incomplete');
  api.Commit('');
  document.body.textContent = 'ready';
});
window.addEventListener('beforeunload', function () {
  function c(method) { return call(api, 'GetLastError', method, [].slice.call(arguments, 1)); }
  c('SetValue', 'cmi.score.scaled', '0.93');
  c('SetValue', 'cmi.score.raw', '93');
  c('SetValue', 'cmi.completion_status', 'completed');
  c('SetValue', 'cmi.success_status', 'passed');
  c('SetValue', 'cmi.location', 'last-page');
  c('SetValue', 'cmi.session_time', 'PT1M30S');
  c('Commit', '');
  report('unload handler done');
});
</script></head><body>loading</body></html>`;
}

describeBrowser('the player Exit button lets the SCO save itself (Chromium, real emulator)', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startTestSite>>;
  let emulator: RunningEmulator;
  let client: CloudClient;

  beforeAll(async () => {
    [browser, site, emulator] = await Promise.all([
      launchChromium(),
      startTestSite(),
      startEmulator({ apps: [APP], importDelayMs: 50, postbackRetry: { initialDelayMs: 100 } }),
    ]);
    client = new CloudClient({ serviceUrl: emulator.serviceUrl, appId: APP.appId, secretKey: APP.secretKey, retries: 0 });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close(), emulator?.close()]);
  });

  function postbacksFor(registrationId: string): RegistrationReport[] {
    return site.requests
      .filter((r) => r.path.startsWith('/postback'))
      .map((r) => new URLSearchParams(r.body).get('data'))
      .filter((xml): xml is string => !!xml)
      .map((xml) => parseRegistrationReport(xml))
      .filter((report) => report.registrationId === registrationId);
  }

  it.each([
    [
      'scorm12',
      scorm12ScoManifest,
      scorm12SavesOnUnload,
      { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '93', 'cmi.core.lesson_location': 'last-page' },
    ],
    [
      'scorm2004',
      scorm2004ScoManifest,
      scorm2004CommitsOnUnload,
      { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed', 'cmi.score.raw': '93', 'cmi.location': 'last-page' },
    ],
  ] as const)('%s: Exit keeps what the SCO saves on unload, with its session time', async (standard, manifest, sco, expectedCmi) => {
    const courseId = `exit-${standard}`;
    const registrationId = `reg-exit-${standard}`;
    const pkg = await buildZip({ 'imsmanifest.xml': manifest(`Exit ${standard}`), 'sco/index.html': sco() });
    const { token } = await client.importCourseAsync(courseId, Readable.from([pkg]), { filename: `${courseId}.zip` });
    const imported = await waitFor(`import of ${courseId}`, async () => {
      const r = await client.getAsyncImportResult(token);
      return r.status === 'finished' || r.status === 'error' ? r : undefined;
    });
    expect(imported).toMatchObject({ status: 'finished' });
    await client.createRegistration({
      courseId,
      registrationId,
      learnerId: 'learner-exit',
      firstName: 'Eve',
      lastName: 'Exit',
      postback: { url: `${site.url}/postback`, authType: 'form', username: 'u', password: 'p', resultsFormat: 'full' },
    });
    const landing = `${site.url}/landing?reg=${registrationId}`;
    const { url } = client.launchUrl(registrationId, { redirectUrl: landing });

    const page = await browser.context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    try {
      await page.goto(url);
      await page.frameLocator('#scorm-player-content').locator('body', { hasText: 'ready' }).waitFor();
      await page.click('#scorm-player-exit');
      await page.waitForURL(landing, { timeout: 15_000 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\nbrowser console:\n${consoleLines.join('\n')}`);
    } finally {
      await page.close();
    }

    const stored = await waitFor('the stored registration', async () => {
      const res = await fetch(`${emulator.url}/_emulator/registrations/${registrationId}?appId=${APP.appId}`);
      return res.ok
        ? ((await res.json()) as {
            registration: { instances: Array<{ activities: Record<string, { cmi: Record<string, string> }> }> };
            summary: Record<string, unknown>;
          })
        : undefined;
    });
    const cmi = Object.values(stored.registration.instances[0].activities)[0].cmi;
    expect(cmi).toMatchObject(expectedCmi);
    expect(stored.summary).toMatchObject({ complete: 'complete', success: 'passed', score: 93, totalSeconds: 90 });

    const report = await client.getRegistrationResult(registrationId, { format: 'course' });
    expect(report).toMatchObject({ registrationId, complete: 'complete', success: 'passed', score: 93 });
    expect(report.totalTimeSeconds).toBe(90);

    // The SCO's handler ran to its end, and none of its calls met a runtime that was already terminated
    // (133 after Terminate, 113/101 after LMSFinish) or otherwise refused.
    const scoLines = consoleLines.filter((line) => line.includes('[sco] '));
    expect(scoLines).toEqual(['log: [sco] unload handler done']);

    const postback = await waitFor('a postback with the final report', () =>
      postbacksFor(registrationId).find((p) => p.success === 'passed' && p.totalTimeSeconds === 90),
    );
    expect(postback).toMatchObject({ format: 'full', complete: 'complete', score: 93 });
    const leaf = postback.activity?.children.find((a) => a.id === 'item_1');
    expect(leaf).toMatchObject({ complete: 'complete', success: 'passed', score: 93, timeSeconds: 90 });
    expect(leaf?.runtime).toMatchObject({ location: 'last-page', success_status: 'Passed', total_time: '0000:01:30.00' });
    expect(Number(leaf?.runtime?.score_raw)).toBe(93);
  });
});
