/**
 * Whole courses in the emulator's player, in Debian's Chromium: a three-SCO SCORM 1.2 course taken SCO by
 * SCO through Next, Previous and the SCOs' own finish, left and resumed at the SCO it was left in; and a
 * SCORM 2004 course in one flow-navigated module, moved through with the SCOs' adl.nav.request
 * (continue, previous, choice) and the player's Previous button, then suspended with suspendAll and resumed;
 * and a SCORM 2004 4th Edition course in forced sequential order (pre-condition rules over global
 * objectives), where each SCO opens only once the one before it is passed; and one run by post-condition
 * rules (a pretest that ends its module, an exam retried until passed, a certificate that leaves).
 * The registration's reports and postbacks show each SCO's state and the rolled-up result.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Frame, Page } from 'playwright-core';
import type { RunningEmulator } from '../../emulator/src';
import { call, createReg, expectOk, importAndWait, signedQuery, start } from '../../emulator/tests/helpers';
import { buildZip, forcedSequentialSequencing, scorm12Manifest, scorm2004RulesManifest, scorm2004SequencedManifest } from '../helpers/packages';
import { chromiumMissing, launchChromium, startTestSite, waitFor, type Browser } from './support';

const missing = chromiumMissing();
if (missing) console.warn(missing);
const describeBrowser = missing ? describe.skip : describe;

jest.setTimeout(60_000);

const FIND_API = `
function findApi(name) {
  var win = window, tries = 0;
  while (win && !win[name] && win.parent && win.parent !== win && tries < 10) { win = win.parent; tries++; }
  return win ? win[name] : null;
}`;

/**
 * A SCORM 1.2 SCO that shows what the runtime gave it (entry, name, location, suspend data) and saves in its
 * unload handler. `finishesFirstTime`: on its first visit it calls LMSFinish on its own once it has
 * committed. `suspend`: it leaves suspend data and exit = suspend. `window.finishWith(status, score)` lets
 * the test finish it.
 */
function sco12(name: string, opts: { score?: number; status: string; finishesFirstTime?: boolean; suspend?: boolean }): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${name}</title><script>${FIND_API}
var api, done = false;
window.addEventListener('load', function () {
  api = findApi('API');
  api.LMSInitialize('');
  var entry = api.LMSGetValue('cmi.core.entry');
  var shown = { sco: '${name}', entry: entry, name: api.LMSGetValue('cmi.core.student_name'), id: api.LMSGetValue('cmi.core.student_id'),
    location: api.LMSGetValue('cmi.core.lesson_location'), suspend: api.LMSGetValue('cmi.suspend_data') };
  api.LMSSetValue('cmi.core.lesson_location', 'loc-${name}');
  ${opts.score !== undefined ? `api.LMSSetValue('cmi.core.score.min', '0'); api.LMSSetValue('cmi.core.score.max', '100'); api.LMSSetValue('cmi.core.score.raw', '${opts.score}');` : ''}
  api.LMSSetValue('cmi.core.lesson_status', '${opts.status}');
  ${opts.suspend ? `api.LMSSetValue('cmi.suspend_data', 'state-of-${name}'); api.LMSSetValue('cmi.core.exit', 'suspend');` : ''}
  api.LMSCommit('');
  document.body.setAttribute('data-shown', JSON.stringify(shown));
  document.body.setAttribute('data-sco', '${name}');
  var top = window.top; (top.__scoShown = top.__scoShown || []).push(document.body.getAttribute('data-shown'));
  if (${opts.finishesFirstTime ? 'true' : 'false'} && entry === 'ab-initio') setTimeout(function () { finish('00:00:10'); }, 100);
});
function finish(time) {
  if (done) return 'already';
  done = true;
  api.LMSSetValue('cmi.core.session_time', time);
  return api.LMSFinish('');
}
window.finishWith = function (status, score) {
  api.LMSSetValue('cmi.core.score.min', '0'); api.LMSSetValue('cmi.core.score.max', '100'); api.LMSSetValue('cmi.core.score.raw', String(score));
  api.LMSSetValue('cmi.core.lesson_status', status);
  api.LMSSetValue('cmi.core.exit', '');
  return finish('00:00:05');
};
window.addEventListener('unload', function () { finish('00:00:20'); });
</script></head><body>${name}</body></html>`;
}

/** A SCORM 2004 SCO that the test finishes with a navigation request through `window.finishWith(request)`. */
function sco2004(name: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${name}</title><script>${FIND_API}
var api;
window.addEventListener('load', function () {
  api = findApi('API_1484_11');
  api.Initialize('');
  document.body.setAttribute('data-shown', JSON.stringify({ sco: '${name}', entry: api.GetValue('cmi.entry'), name: api.GetValue('cmi.learner_name'),
    canContinue: api.GetValue('adl.nav.request_valid.continue'), canGoBack: api.GetValue('adl.nav.request_valid.previous'),
    suspend: api.GetValue('cmi.suspend_data'), location: api.GetValue('cmi.location') }));
  api.SetValue('cmi.completion_status', 'completed');
  api.SetValue('cmi.success_status', 'passed');
  api.SetValue('cmi.score.scaled', '0.${name === 'S1' ? '6' : name === 'S2' ? '8' : '9'}');
  api.SetValue('cmi.session_time', 'PT5S');
  api.Commit('');
  document.body.setAttribute('data-sco', '${name}');
  var top = window.top; (top.__scoShown = top.__scoShown || []).push(document.body.getAttribute('data-shown'));
});
window.finishWith = function (request, suspendData) {
  if (request) api.SetValue('adl.nav.request', request);
  if (suspendData) { api.SetValue('cmi.suspend_data', suspendData); api.SetValue('cmi.location', 'at-' + suspendData); }
  api.SetValue('cmi.exit', suspendData ? 'suspend' : 'normal');
  return api.Terminate('');
};
</script></head><body>${name}</body></html>`;
}

/**
 * A graded SCORM 2004 SCO: incomplete until the test finishes it with `window.finishWith(success, request)`,
 * which sets its completion, success and score, then its navigation request, and terminates.
 */
function quiz2004(name: string, score: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${name}</title><script>${FIND_API}
var api;
window.addEventListener('load', function () {
  api = findApi('API_1484_11');
  api.Initialize('');
  document.body.setAttribute('data-shown', JSON.stringify({ sco: '${name}', entry: api.GetValue('cmi.entry'), canContinue: api.GetValue('adl.nav.request_valid.continue') }));
  api.SetValue('cmi.completion_status', 'incomplete');
  api.Commit('');
  document.body.setAttribute('data-sco', '${name}');
  var top = window.top; (top.__scoShown = top.__scoShown || []).push(document.body.getAttribute('data-shown'));
});
window.finishWith = function (success, request) {
  api.SetValue('cmi.completion_status', 'completed');
  api.SetValue('cmi.success_status', success);
  api.SetValue('cmi.score.scaled', success === 'passed' ? '${score}' : '0.2');
  api.SetValue('cmi.session_time', 'PT5S');
  if (request) api.SetValue('adl.nav.request', request);
  api.SetValue('cmi.exit', 'normal');
  return api.Terminate('');
};
</script></head><body>${name}</body></html>`;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (n) => n === 'activity' });

interface Shown {
  sco: string;
  entry: string;
  name: string;
  id?: string;
  location?: string;
  suspend?: string;
  canContinue?: string;
  canGoBack?: string;
}

describeBrowser('whole courses in the player', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startTestSite>>;
  let emu: RunningEmulator;

  beforeAll(async () => {
    [browser, site, emu] = await Promise.all([launchChromium(), startTestSite(), start()]);
    await importAndWait(
      emu,
      'three12',
      await buildZip({
        'imsmanifest.xml': scorm12Manifest({
          title: 'Three Lessons',
          scos: [
            { id: 'A', title: 'Lesson A', href: 'a.html' },
            { id: 'B', title: 'Lesson B', href: 'b.html' },
            { id: 'C', title: 'Lesson C', href: 'c.html' },
          ],
        }),
        'a.html': sco12('A', { status: 'passed', score: 90 }),
        'b.html': sco12('B', { status: 'passed', score: 70, finishesFirstTime: true }),
        'c.html': sco12('C', { status: 'incomplete', suspend: true }),
      }),
    );
    await importAndWait(
      emu,
      'flow2004',
      await buildZip({
        'imsmanifest.xml': scorm2004SequencedManifest({
          title: 'Flow Course',
          module: 'Module One',
          scos: [
            { id: 'S1', title: 'Step 1', href: 's1.html' },
            { id: 'S2', title: 'Step 2', href: 's2.html' },
            { id: 'S3', title: 'Step 3', href: 's3.html' },
          ],
        }),
        's1.html': sco2004('S1'),
        's2.html': sco2004('S2'),
        's3.html': sco2004('S3'),
      }),
    );
    await importAndWait(
      emu,
      'forced2004',
      await buildZip({
        'imsmanifest.xml': scorm2004RulesManifest({
          title: 'Forced Order',
          clusters: [
            {
              id: 'module_1',
              title: 'Quizzes',
              sequencing: '<imsss:controlMode choice="true" flow="true"/>',
              scos: [
                { id: 'Q1', title: 'Quiz 1', href: 'q1.html', sequencing: forcedSequentialSequencing('g.q1') },
                { id: 'Q2', title: 'Quiz 2', href: 'q2.html', sequencing: forcedSequentialSequencing('g.q2', 'g.q1') },
                { id: 'Q3', title: 'Quiz 3', href: 'q3.html', sequencing: forcedSequentialSequencing('g.q3', 'g.q2') },
              ],
            },
          ],
        }),
        'q1.html': quiz2004('Q1', '0.7'),
        'q2.html': quiz2004('Q2', '0.8'),
        'q3.html': quiz2004('Q3', '0.9'),
      }),
    );
    const postRule = (action: string, condition: string, not = false) =>
      `<imsss:sequencingRules><imsss:postConditionRule><imsss:ruleConditions><imsss:ruleCondition${not ? ' operator="not"' : ''} condition="${condition}"/></imsss:ruleConditions><imsss:ruleAction action="${action}"/></imsss:postConditionRule></imsss:sequencingRules>`;
    await importAndWait(
      emu,
      'post2004',
      await buildZip({
        'imsmanifest.xml': scorm2004RulesManifest({
          title: 'Test Out and Retake',
          clusters: [
            {
              id: 'module_pre',
              title: 'Basics',
              // A module that a rule ended goes on to the next one.
              sequencing: postRule('continue', 'always'),
              scos: [
                // Passing the pretest ends the module: its lessons are not needed.
                { id: 'PRE', title: 'Pretest', href: 'pre.html', sequencing: postRule('exitParent', 'satisfied') },
                { id: 'L1', title: 'Lesson 1', href: 'l1.html' },
                { id: 'L2', title: 'Lesson 2', href: 'l2.html' },
              ],
            },
            {
              id: 'module_exam',
              title: 'Assessment',
              scos: [
                {
                  id: 'EXAM',
                  title: 'Exam',
                  href: 'exam.html',
                  sequencing: `${postRule('retry', 'satisfied', true)}<imsss:limitConditions attemptLimit="3"/>`,
                },
                { id: 'CERT', title: 'Certificate', href: 'cert.html', sequencing: postRule('exitAll', 'always') },
              ],
            },
          ],
        }),
        'pre.html': quiz2004('PRE', '0.9'),
        'l1.html': quiz2004('L1', '0.5'),
        'l2.html': quiz2004('L2', '0.5'),
        'exam.html': quiz2004('EXAM', '0.85'),
        'cert.html': quiz2004('CERT', '1'),
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close(), emu?.close()]);
  });

  async function launchUrl(regid: string): Promise<string> {
    const res = await fetch(`${emu.serviceUrl}?${signedQuery('rustici.registration.launch', { regid, redirecturl: `${site.url}/landing?reg=${regid}` })}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    return res.headers.get('location')!;
  }

  const contentFrame = (page: Page): Frame => page.frame({ name: 'scorm-player-content' })!;

  /**
   * Waits until the SCO `name` has loaded (after what was read before on this launch page) and answers what
   * the runtime gave it. Each SCO logs what it was given to the player's window as it loads, so a SCO that
   * finishes on its own at once (and is gone from the frame) is still read.
   */
  const seen = new WeakMap<Page, { url: string; count: number }>();
  async function scoOnShow(page: Page, name: string): Promise<Shown> {
    const url = page.url();
    const from = seen.get(page)?.url === url ? seen.get(page)!.count : 0;
    const found = await page.waitForFunction(
      ([sco, start]) => {
        const log: string[] = (globalThis as any).__scoShown ?? [];
        for (let i = start; i < log.length; i++) if ((JSON.parse(log[i]) as { sco: string }).sco === sco) return { index: i, shown: log[i] };
        return null;
      },
      [name, from] as const,
      { timeout: 10_000 },
    );
    const { index, shown } = (await found.jsonValue()) as { index: number; shown: string };
    seen.set(page, { url, count: index + 1 });
    const parsed = JSON.parse(shown) as Shown;
    expect(parsed.sco).toBe(name);
    return parsed;
  }

  async function currentTocItem(page: Page): Promise<string | null> {
    return page.locator('.scorm-player-toc-item[aria-current="true"]').getAttribute('data-activity-id');
  }

  async function activityReport(regid: string) {
    const xml = expectOk(await call(emu, 'rustici.registration.getRegistrationResult', { regid, resultsformat: 'activity' })).registrationreport;
    return xml.activity[0];
  }

  const statusRows = (root: any) => root.children.activity.map((a: any) => [a['@id'], a.complete, a.success, a.score]);

  it('takes a SCORM 1.2 course of three SCOs through Next, Previous and the SCOs’ finish, then resumes where it was left', async () => {
    await createReg(emu, 'three12', 'reg12', { postbackurl: `${site.url}/postback/reg12`, resultsformat: 'activity' });
    const page = await browser.context.newPage();
    await page.goto(await launchUrl('reg12'));

    // The contents list every SCO; the first opens with a fresh runtime and the registration's learner.
    expect(await page.locator('.scorm-player-toc-item').allTextContents()).toEqual(['Lesson A', 'Lesson B', 'Lesson C']);
    const a = await scoOnShow(page, 'A');
    expect(a).toMatchObject({ entry: 'ab-initio', name: 'Lovelace, Ada', id: 'ada', location: '' });
    expect(await currentTocItem(page)).toBe('item_A');
    expect(await page.isDisabled('#scorm-player-previous')).toBe(true);

    // Next: A saves in its unload handler; B opens with its own, empty, runtime.
    await page.click('#scorm-player-next');
    const b = await scoOnShow(page, 'B');
    expect(b).toMatchObject({ entry: 'ab-initio', location: '' });
    // B finishes itself: a SCORM 1.2 course continues to the next SCO.
    const c = await scoOnShow(page, 'C');
    expect(c).toMatchObject({ entry: 'ab-initio', suspend: '' });
    await waitFor('the contents to mark Lesson C', async () => (await currentTocItem(page)) === 'item_C');
    // The contents mark each SCO's state as its commits land.
    await waitFor(
      'the contents to show A and B passed, C incomplete',
      async () =>
        JSON.stringify(
          await page
            .locator('.scorm-player-toc-item')
            .evaluateAll((items) => items.map((b) => (b as { getAttribute(name: string): string | null }).getAttribute('data-status'))),
        ) === JSON.stringify(['passed', 'passed', 'incomplete']),
    );
    expect(await page.isDisabled('#scorm-player-next')).toBe(true);

    // Previous: B again, with what it stored last time (and not an ab-initio entry this time).
    await page.click('#scorm-player-previous');
    expect(await scoOnShow(page, 'B')).toMatchObject({ location: 'loc-B', entry: '' });

    // The contents open any SCO, each with its own data: A shows its location, C its suspend data.
    await waitFor('the player to settle on B', async () => (await page.evaluate(() => (globalThis as any).ScormPlayer.state().switching)) === false);
    await page.click('.scorm-player-toc-item[data-activity-id="item_A"]');
    expect(await scoOnShow(page, 'A')).toMatchObject({ location: 'loc-A', entry: '' });
    await waitFor('the contents to mark Lesson A', async () => (await currentTocItem(page)) === 'item_A');
    await page.click('.scorm-player-toc-item[data-activity-id="item_C"]');
    expect(await scoOnShow(page, 'C')).toMatchObject({ entry: 'resume', suspend: 'state-of-C', location: 'loc-C' });

    await page.click('#scorm-player-exit');
    await page.waitForURL(`${site.url}/landing?reg=reg12`, { timeout: 10_000 });

    let root = await activityReport('reg12');
    expect(statusRows(root)).toEqual([
      ['item_A', 'complete', 'passed', '90'],
      ['item_B', 'complete', 'passed', '70'],
      ['item_C', 'incomplete', 'unknown', 'unknown'],
    ]);
    expect([root.complete, root.success, root.score]).toEqual(['incomplete', 'unknown', '80']);
    // A: two visits saved on unload (20 s each); B: its own finish (10 s) and one unload (20 s); C: two unloads.
    expect(root.children.activity.map((x: any) => x.timeacrossattempts)).toEqual(['0000:00:40.00', '0000:00:30.00', '0000:00:40.00']);

    // Relaunch: the player opens C, the SCO the learner was in, resuming with its suspend data; the SCO
    // then passes and finishes, and as the last SCO it ends the launch.
    await page.goto(await launchUrl('reg12'));
    const resumed = await scoOnShow(page, 'C');
    expect(resumed).toMatchObject({ entry: 'resume', suspend: 'state-of-C', location: 'loc-C', name: 'Lovelace, Ada' });
    expect(await currentTocItem(page)).toBe('item_C');
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('passed', 50))).toBe('true');
    await page.waitForURL(`${site.url}/landing?reg=reg12`, { timeout: 10_000 });
    await page.close();

    root = await activityReport('reg12');
    expect(statusRows(root)).toEqual([
      ['item_A', 'complete', 'passed', '90'],
      ['item_B', 'complete', 'passed', '70'],
      ['item_C', 'complete', 'passed', '50'],
    ]);
    expect([root.complete, root.success, root.score]).toEqual(['complete', 'passed', '70']);

    const postback = await waitFor('a postback of the completed course', () =>
      site.requests
        .filter((r) => r.path === '/postback/reg12')
        .map((r) => parser.parse(new URLSearchParams(r.body).get('data') ?? '').registrationreport)
        .find((report) => report?.activity?.[0]?.complete === 'complete'),
    );
    expect(statusRows(postback.activity[0])).toEqual([
      ['item_A', 'complete', 'passed', '90'],
      ['item_B', 'complete', 'passed', '70'],
      ['item_C', 'complete', 'passed', '50'],
    ]);
  });

  it("moves through a flow-only SCORM 2004 module with continue and previous requests and the player's buttons, refusing choice", async () => {
    await createReg(emu, 'flow2004', 'reg2004');
    const page = await browser.context.newPage();
    await page.goto(await launchUrl('reg2004'));

    // The module is a heading of the contents; its SCOs are the items.
    expect(await page.locator('.scorm-player-toc-cluster').allTextContents()).toEqual(['Module One']);
    expect(await scoOnShow(page, 'S1')).toMatchObject({ entry: 'ab-initio', name: 'Lovelace, Ada', canContinue: 'true', canGoBack: 'false' });

    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('continue'))).toBe('true');
    expect(await scoOnShow(page, 'S2')).toMatchObject({ canContinue: 'true', canGoBack: 'true' });
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('previous'))).toBe('true');
    await scoOnShow(page, 'S1');
    // The module turns choice off: its SCOs cannot be picked from the contents, and a choice request is
    // not honoured; the player waits for the learner, who goes on by flow.
    expect(await page.locator('.scorm-player-toc-item').evaluateAll((items) => items.map((b) => (b as unknown as { disabled: boolean }).disabled))).toEqual([
      true,
      true,
      true,
    ]);
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('{target=item_S3}choice'))).toBe('true');
    await page.locator('#scorm-player-notice', { hasText: 'This lesson has ended' }).waitFor({ timeout: 10_000 });
    await page.click('#scorm-player-next');
    await scoOnShow(page, 'S2');
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('continue'))).toBe('true');
    expect(await scoOnShow(page, 'S3')).toMatchObject({ canContinue: 'false', canGoBack: 'true' });
    expect(await page.isDisabled('#scorm-player-next')).toBe(true);

    // Terminate without a request in a SCORM 2004 course: the player waits for the learner.
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith(''))).toBe('true');
    await page.locator('#scorm-player-notice', { hasText: 'This lesson has ended' }).waitFor({ timeout: 10_000 });
    await page.click('#scorm-player-previous');
    await scoOnShow(page, 'S2');
    await page.click('#scorm-player-exit');
    await page.waitForURL(`${site.url}/landing?reg=reg2004`, { timeout: 10_000 });
    await page.close();

    const root = await activityReport('reg2004');
    const module = root.children.activity[0];
    expect(module['@id']).toBe('module_1');
    expect(statusRows(module)).toEqual([
      ['item_S1', 'complete', 'passed', '60'],
      ['item_S2', 'complete', 'passed', '80'],
      ['item_S3', 'complete', 'passed', '90'],
    ]);
    expect(module.children.activity.map((x: any) => x.attempts)).toEqual(['1', '1', '1']);
    // S1 ran twice, S2 three times (the last left by Exit, which terminates it), S3 once: 5 s each.
    expect(module.children.activity.map((x: any) => x.timeacrossattempts)).toEqual(['0000:00:10.00', '0000:00:15.00', '0000:00:05.00']);
    expect([root.complete, root.success]).toEqual(['complete', 'passed']);
  });

  it('suspends a SCORM 2004 course with suspendAll and resumes it at the same SCO with its suspend data', async () => {
    await createReg(emu, 'flow2004', 'reg2004-suspend');
    const page = await browser.context.newPage();
    await page.goto(await launchUrl('reg2004-suspend'));
    await scoOnShow(page, 'S1');
    await contentFrame(page).evaluate(() => (globalThis as any).finishWith('continue'));
    expect(await scoOnShow(page, 'S2')).toMatchObject({ entry: 'ab-initio', suspend: '' });
    // suspendAll leaves the course.
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('suspendAll', 'half-way'))).toBe('true');
    await page.waitForURL(`${site.url}/landing?reg=reg2004-suspend`, { timeout: 10_000 });

    await page.goto(await launchUrl('reg2004-suspend'));
    expect(await scoOnShow(page, 'S2')).toMatchObject({ entry: 'resume', suspend: 'half-way', location: 'at-half-way', name: 'Lovelace, Ada' });
    expect(await currentTocItem(page)).toBe('item_S2');
    await page.click('#scorm-player-exit');
    await page.waitForURL(`${site.url}/landing?reg=reg2004-suspend`, { timeout: 10_000 });
    await page.close();
  });

  it('keeps a forced-sequential SCORM 2004 4th Edition course in order: each quiz opens once the one before it is passed', async () => {
    await createReg(emu, 'forced2004', 'reg-forced', { postbackurl: `${site.url}/postback/reg-forced`, resultsformat: 'activity' });
    const page = await browser.context.newPage();
    await page.goto(await launchUrl('reg-forced'));
    const disabledItems = () =>
      page.locator('.scorm-player-toc-item').evaluateAll((items) => items.map((b) => (b as unknown as { disabled: boolean }).disabled));
    const ruleMarks = () =>
      page
        .locator('.scorm-player-toc-item')
        .evaluateAll((items) => items.map((b) => (b as { getAttribute(name: string): string | null }).getAttribute('data-rule')));

    // Quiz 2 and 3 wait for the quiz before them: not in the contents' reach, not by Next, not for the SCO.
    expect(await scoOnShow(page, 'Q1')).toMatchObject({ entry: 'ab-initio', canContinue: 'false' });
    expect(await disabledItems()).toEqual([false, true, true]);
    expect(await ruleMarks()).toEqual([null, 'disabled', 'disabled']);
    expect(await page.isDisabled('#scorm-player-next')).toBe(true);

    // Passing Quiz 1 writes its global objective: Quiz 2 opens by the SCO's continue request.
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('passed', 'continue'))).toBe('true');
    expect(await scoOnShow(page, 'Q2')).toMatchObject({ entry: 'ab-initio', canContinue: 'false' });
    expect(await ruleMarks()).toEqual([null, null, 'disabled']);

    // Failing Quiz 2 keeps Quiz 3 closed: its continue request is not honoured.
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('failed', 'continue'))).toBe('true');
    await page.locator('#scorm-player-notice', { hasText: 'This lesson has ended' }).waitFor({ timeout: 10_000 });
    expect(await disabledItems()).toEqual([false, false, true]);
    expect(await page.isDisabled('#scorm-player-next')).toBe(true);

    // The learner takes Quiz 2 again from the contents and passes; Quiz 3 is then chosen from the contents.
    await page.click('.scorm-player-toc-item[data-activity-id="item_Q2"]');
    await scoOnShow(page, 'Q2');
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('passed', ''))).toBe('true');
    await page.locator('#scorm-player-notice', { hasText: 'This lesson has ended' }).waitFor({ timeout: 10_000 });
    expect(await ruleMarks()).toEqual([null, null, null]);
    await page.click('.scorm-player-toc-item[data-activity-id="item_Q3"]');
    await scoOnShow(page, 'Q3');
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('passed', 'exitAll'))).toBe('true');
    await page.waitForURL(`${site.url}/landing?reg=reg-forced`, { timeout: 10_000 });
    await page.close();

    const module = (await activityReport('reg-forced')).children.activity[0];
    expect(statusRows(module)).toEqual([
      ['item_Q1', 'complete', 'passed', '70'],
      ['item_Q2', 'complete', 'passed', '80'],
      ['item_Q3', 'complete', 'passed', '90'],
    ]);
    const postback = await waitFor('a postback of the passed course', () =>
      site.requests
        .filter((r) => r.path === '/postback/reg-forced')
        .map((r) => parser.parse(new URLSearchParams(r.body).get('data') ?? '').registrationreport)
        .find((report) => report?.activity?.[0]?.success === 'passed'),
    );
    expect([postback.activity[0].complete, postback.activity[0].success]).toEqual(['complete', 'passed']);
    expect(statusRows(postback.activity[0].children.activity[0])).toEqual(statusRows(module));
  });

  it('follows post-condition rules in a SCORM 2004 course: a passed pretest ends its module, a failed exam is retaken afresh, the certificate leaves', async () => {
    await createReg(emu, 'post2004', 'reg-post', { postbackurl: `${site.url}/postback/reg-post`, resultsformat: 'activity' });
    const page = await browser.context.newPage();
    await page.goto(await launchUrl('reg-post'));

    expect(await scoOnShow(page, 'PRE')).toMatchObject({ entry: 'ab-initio' });
    // Passed with a continue request: the module's rules end it and continue after it, past both lessons.
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('passed', 'continue'))).toBe('true');
    expect(await scoOnShow(page, 'EXAM')).toMatchObject({ entry: 'ab-initio' });
    expect(await currentTocItem(page)).toBe('item_EXAM');

    // Failed without a request: the exam's retry rule opens it again, as a new attempt from the start.
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('failed', ''))).toBe('true');
    expect(await scoOnShow(page, 'EXAM')).toMatchObject({ entry: 'ab-initio' });
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('passed', 'continue'))).toBe('true');
    expect(await scoOnShow(page, 'CERT')).toMatchObject({ entry: 'ab-initio' });

    // The certificate's exitAll leaves the course for the site.
    expect(await contentFrame(page).evaluate(() => (globalThis as any).finishWith('passed', ''))).toBe('true');
    await page.waitForURL(`${site.url}/landing?reg=reg-post`, { timeout: 10_000 });
    await page.close();

    const root = await activityReport('reg-post');
    expect(statusRows(root.children.activity[0])).toEqual([
      ['item_PRE', 'complete', 'passed', '90'],
      ['item_L1', 'unknown', 'unknown', 'unknown'],
      ['item_L2', 'unknown', 'unknown', 'unknown'],
    ]);
    const assessment = root.children.activity[1];
    expect(statusRows(assessment)).toEqual([
      ['item_EXAM', 'complete', 'passed', '85'],
      ['item_CERT', 'complete', 'passed', '100'],
    ]);
    expect(assessment.children.activity[0].attempts).toBe('2');
    const postback = await waitFor('a postback with the retaken exam passed', () =>
      site.requests
        .filter((r) => r.path === '/postback/reg-post')
        .map((r) => parser.parse(new URLSearchParams(r.body).get('data') ?? '').registrationreport)
        .find((report) => report?.activity?.[0]?.children?.activity?.[1]?.children?.activity?.[1]?.success === 'passed'),
    );
    expect(statusRows(postback.activity[0].children.activity[1])).toEqual(statusRows(assessment));
  });
});
