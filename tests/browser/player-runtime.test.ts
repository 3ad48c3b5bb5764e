/**
 * The player page in a real browser, over the PlayerHost seam (an in-memory host, not the core):
 * scorm-again behind our glue, both SCORM versions, the Exit button and the
 * final save when the page is closed.
 */
import { MemoryHost, startPlayerServer } from '../../emulator/tests/player/fake-host';
import { chromiumMissing, launchChromium, scorm12LingeringScoHtml, scorm12ScoHtml, scorm2004ScoHtml, startTestSite, waitFor, type Browser } from './support';

const missing = chromiumMissing();
if (missing) console.warn(missing);
const describeBrowser = missing ? describe.skip : describe;

jest.setTimeout(30_000);

describeBrowser('player page in Chromium', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startTestSite>>;
  let host: MemoryHost;
  let player: Awaited<ReturnType<typeof startPlayerServer>>;

  beforeAll(async () => {
    [browser, site] = await Promise.all([launchChromium(), startTestSite()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close()]);
  });
  beforeEach(async () => {
    host = new MemoryHost();
    player = await startPlayerServer(host);
  });
  afterEach(async () => {
    await player.close();
  });

  function addLaunch(launchId: string, standard: 'scorm12' | 'scorm2004', sco: string) {
    host.addLaunch({ launchId, standard, entryHref: 'sco/index.html', redirectUrl: `${site.url}/landing?launch=${launchId}` });
    host.addFile('course-1', 0, 'sco/index.html', sco);
  }

  it('runs a SCORM 1.2 SCO: commit, finish, back to redirecturl', async () => {
    addLaunch('L12', 'scorm12', scorm12ScoHtml());
    const page = await browser.context.newPage();
    await page.goto(`${player.url}/_player/L12/`);
    await page.waitForURL(`${site.url}/landing?launch=L12`, { timeout: 10_000 });
    await page.close();
    expect(host.commits.length).toBeGreaterThanOrEqual(1);
    expect(host.finishes).toHaveLength(1);
    expect(host.finishes[0].cmi).toMatchObject({
      'cmi.core.lesson_status': 'passed',
      'cmi.core.score.raw': '87',
      'cmi.core.lesson_location': 'page-3',
      'cmi.interactions.0.id': 'q1',
      'cmi.interactions.0.result': 'correct',
    });
    // scorm-again normalises the timespan it was given.
    expect(host.finishes[0].cmi['cmi.core.session_time']).toMatch(/^(00)?00:02:05(\.00?)?$/);
  });

  it('runs a SCORM 2004 SCO: commit, terminate, back to redirecturl', async () => {
    addLaunch('L2004', 'scorm2004', scorm2004ScoHtml());
    const page = await browser.context.newPage();
    await page.goto(`${player.url}/_player/L2004/`);
    await page.waitForURL(`${site.url}/landing?launch=L2004`, { timeout: 10_000 });
    await page.close();
    expect(host.finishes).toHaveLength(1);
    expect(host.finishes[0].cmi).toMatchObject({
      'cmi.completion_status': 'completed',
      'cmi.success_status': 'passed',
      'cmi.score.raw': '87',
      'cmi.score.scaled': '0.87',
      'cmi.location': 'page-3',
      'cmi.interactions.0.id': 'q1',
    });
    expect(host.finishes[0].cmi['cmi.session_time']).toMatch(/^PT2M5(\.0+)?S$/);
  });

  it('saves and leaves through the Exit button when the SCO does not finish', async () => {
    addLaunch('LX', 'scorm12', scorm12LingeringScoHtml());
    const page = await browser.context.newPage();
    await page.goto(`${player.url}/_player/LX/`);
    await page.frameLocator('#scorm-player-content').locator('body', { hasText: 'ready' }).waitFor();
    await page.click('#scorm-player-exit');
    await page.waitForURL(`${site.url}/landing?launch=LX`, { timeout: 10_000 });
    await page.close();
    expect(host.finishes).toHaveLength(1);
    expect(host.finishes[0].cmi).toMatchObject({ 'cmi.core.lesson_status': 'incomplete', 'cmi.suspend_data': 'step=2' });
  });

  it('makes a final save when the learner closes the page', async () => {
    addLaunch('LC', 'scorm12', scorm12LingeringScoHtml());
    const page = await browser.context.newPage();
    await page.goto(`${player.url}/_player/LC/`);
    await page.frameLocator('#scorm-player-content').locator('body', { hasText: 'ready' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { ScormPlayer: { state(): { initialized: boolean } } }).ScormPlayer.state().initialized)).toBe(
      true,
    );
    await page.close({ runBeforeUnload: true });
    const finish = await waitFor('the page-close save', () => host.finishes[0]);
    expect(finish.cmi).toMatchObject({ 'cmi.core.lesson_status': 'incomplete', 'cmi.suspend_data': 'step=2' });
  });
});
