/**
 * The player's per-activity runtime against the real core, over HTTP: each SCO of a multi-SCO course opens
 * with its own stored data, commits to its own activity, and the registration's report shows each SCO and
 * the rollup; a relaunch resumes at the SCO the learner was in.
 */
import type { RunningEmulator } from '../../src';
import { buildZip, call, createReg, expectOk, importAndWait, launchInPlayer, playerFetch, scorm12Multi, start } from '../helpers';
import { scorm2004SequencedManifest } from '../../../tests/helpers/packages';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
  await importAndWait(emu, 'multi', await scorm12Multi('Two Parts'));
});
afterAll(() => emu.close());

const launch = (regid: string) => launchInPlayer(emu, regid);
const player = (launchId: string, path: string, init?: RequestInit) => playerFetch(emu, launchId, path, init);
const commit = (launchId: string, activityId: string, cmi: Record<string, string>, query = '') =>
  player(launchId, `activities/${encodeURIComponent(activityId)}/commit${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(cmi),
  });
const data = async (launchId: string, activityId: string) => {
  const res = await player(launchId, `activities/${encodeURIComponent(activityId)}/data`);
  return { status: res.status, body: (res.ok ? await res.json() : { error: await res.text() }) as { resumeData?: Record<string, string> } };
};
const config = async (launchId: string) => {
  const html = await (await player(launchId, '')).text();
  return { html, config: JSON.parse(/<script type="application\/json" id="scorm-player-config">(.*?)<\/script>/s.exec(html)![1]) };
};
const report = async (regid: string, resultsformat: string) =>
  expectOk(await call(emu, 'rustici.registration.getRegistrationResult', { regid, resultsformat })).registrationreport;

describe('the player, SCO by SCO', () => {
  it('lists the SCOs in the page and opens the entry SCO first', async () => {
    await createReg(emu, 'multi', 'toc');
    const id = await launch('toc');
    const { html, config: c } = await config(id);
    expect(c.activities).toEqual([
      { id: 'item_a', title: 'Part A', depth: 0, url: `/_player/${id}/content/a/index.html` },
      { id: 'item_b', title: 'Part B', depth: 0, url: `/_player/${id}/content/b/index.html` },
    ]);
    expect(c.startActivityId).toBe('item_a');
    expect(c.activityBase).toBe(`/_player/${id}/activities/`);
    expect(html).toContain('data-activity-id="item_a"');
    expect(html).toContain('data-activity-id="item_b"');
    expect(html).toContain('id="scorm-player-next"');
    expect(html).toContain('id="scorm-player-previous"');
    // The glue sets the frame's source once the SCO's own runtime is ready.
    expect(html).not.toMatch(/<iframe[^>]* src=/);
  });

  it('keeps runtime data per SCO and rolls the course up over them', async () => {
    await createReg(emu, 'multi', 'per-sco');
    const id = await launch('per-sco');
    expect(await data(id, 'item_a')).toEqual({ status: 200, body: { activityId: 'item_a', resumeData: {} } });
    const reply = await commit(
      id,
      'item_a',
      { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '80', 'cmi.core.session_time': '0000:01:00.00' },
      '?finish=true',
    );
    expect(reply.status).toBe(200);
    // The reply tells the contents the SCO's new state.
    // It also carries every SCO's state now (a SCORM 1.2 course has no rules to disable any).
    expect(await reply.json()).toEqual({
      ok: true,
      result: true,
      errorCode: 0,
      activityId: 'item_a',
      status: 'passed',
      activities: [
        { id: 'item_a', status: 'passed' },
        { id: 'item_b', status: 'not attempted' },
      ],
    });

    // Part B starts with nothing of Part A's.
    expect((await data(id, 'item_b')).body.resumeData).toEqual({});
    await commit(
      id,
      'item_b',
      { 'cmi.core.lesson_status': 'incomplete', 'cmi.suspend_data': 'page=4', 'cmi.core.exit': 'suspend', 'cmi.core.session_time': '0000:00:30.00' },
      '?finish=true',
    );

    let activity = (await report('per-sco', 'activity')).activity[0];
    expect(activity.children.activity.map((a: any) => [a['@id'], a.complete, a.success, a.score])).toEqual([
      ['item_a', 'complete', 'passed', '80'],
      ['item_b', 'incomplete', 'unknown', 'unknown'],
    ]);
    expect(await report('per-sco', 'course')).toMatchObject({ complete: 'incomplete', success: 'unknown', totaltime: '90', score: '80' });

    // Each SCO reads back its own data.
    expect((await data(id, 'item_a')).body.resumeData).toMatchObject({ 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '80' });
    expect((await data(id, 'item_a')).body.resumeData!['cmi.suspend_data']).toBeUndefined();
    await commit(id, 'item_b', { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '60' }, '?finish=true');
    activity = (await report('per-sco', 'activity')).activity[0];
    expect(activity.children.activity.map((a: any) => a.success)).toEqual(['passed', 'passed']);
    expect(await report('per-sco', 'course')).toMatchObject({ complete: 'complete', success: 'passed', score: '70' });

    // Exit closes the launch without touching either SCO's data.
    expect((await player(id, 'exit')).status).toBe(302);
    expect(await emu.playerHost.getLaunch(id)).toBeUndefined();
    const history = expectOk(await call(emu, 'rustici.registration.getLaunchHistory', { regid: 'per-sco' })).launchhistory;
    expect(history.launch[0].exit_time).toMatch(/\+0000$/);
    expect(await report('per-sco', 'course')).toMatchObject({ complete: 'complete', success: 'passed', score: '70' });
  });

  it('resumes at the SCO the learner was in, with its suspend data', async () => {
    await createReg(emu, 'multi', 'resume');
    const first = await launch('resume');
    await data(first, 'item_a');
    await commit(first, 'item_a', { 'cmi.core.lesson_status': 'completed' }, '?finish=true');
    await data(first, 'item_b');
    await commit(
      first,
      'item_b',
      { 'cmi.core.lesson_status': 'incomplete', 'cmi.suspend_data': 'step=2', 'cmi.core.lesson_location': 'p7', 'cmi.core.exit': 'suspend' },
      '?finish=true',
    );
    await player(first, 'exit');

    const second = await launch('resume');
    const page = await config(second);
    expect(page.config.startActivityId).toBe('item_b');
    expect(page.html).toContain('data-activity-id="item_a" data-status="completed"');
    expect(page.html).toContain('data-activity-id="item_b" data-status="incomplete"');
    expect((await data(second, 'item_b')).body.resumeData).toMatchObject({
      'cmi.suspend_data': 'step=2',
      'cmi.core.lesson_location': 'p7',
      'cmi.core.exit': 'suspend',
    });
  });

  it('closes the launch with the page-close beacon of the SCO on show', async () => {
    await createReg(emu, 'multi', 'beacon');
    const id = await launch('beacon');
    await data(id, 'item_a');
    expect((await commit(id, 'item_a', { 'cmi.core.lesson_status': 'incomplete' }, '?close=true&finish=true')).status).toBe(200);
    expect(await emu.playerHost.getLaunch(id)).toBeUndefined();
    expect((await report('beacon', 'activity')).activity[0].children.activity[0].complete).toBe('incomplete');
    // A late copy of the beacon is not an error and changes nothing.
    const late = await commit(id, 'item_a', { 'cmi.core.lesson_status': 'passed' }, '?finish=true');
    expect(late.status).toBe(200);
    expect((await report('beacon', 'activity')).activity[0].children.activity[0].success).toBe('unknown');
  });

  it('refuses activities the course does not have', async () => {
    await createReg(emu, 'multi', 'unknown');
    const id = await launch('unknown');
    expect((await data(id, 'no-such-item')).status).toBe(404);
    expect((await player(id, 'activities/org_1/data')).status).toBe(404);
    expect((await player(id, 'activities/item_a/other')).status).toBe(404);
    expect((await player(id, 'activities/item_a/data', { method: 'POST' })).status).toBe(405);
  });

  it('passes on the control modes a SCORM 2004 manifest turns off, and only those', async () => {
    const scos = [
      { id: 'S1', title: 'One', href: 's1.html' },
      { id: 'S2', title: 'Two', href: 's2.html' },
    ];
    const flowOnly = scorm2004SequencedManifest({ title: 'Flow', module: 'Mod', scos });
    const strict = flowOnly.replace('<imsss:controlMode choice="false" flow="true"/>', '<imsss:controlMode flow="false" forwardOnly="true"/>');
    expect(strict).not.toBe(flowOnly);
    await importAndWait(emu, 'flow', await buildZip({ 'imsmanifest.xml': flowOnly, 's1.html': 'one', 's2.html': 'two' }));
    await importAndWait(emu, 'strict', await buildZip({ 'imsmanifest.xml': strict, 's1.html': 'one', 's2.html': 'two' }));
    await createReg(emu, 'flow', 'flow-reg');
    await createReg(emu, 'strict', 'strict-reg');

    const flow = await emu.playerHost.getLaunch(await launch('flow-reg'));
    expect(flow!.activities).toEqual([
      { id: 'module_1', title: 'Mod', depth: 0 },
      { id: 'item_S1', title: 'One', depth: 1, href: 's1.html', choice: false, status: 'incomplete' },
      { id: 'item_S2', title: 'Two', depth: 1, href: 's2.html', choice: false, status: 'not attempted' },
    ]);
    const strictLaunch = await launch('strict-reg');
    expect((await emu.playerHost.getLaunch(strictLaunch))!.activities).toEqual([
      { id: 'module_1', title: 'Mod', depth: 0 },
      { id: 'item_S1', title: 'One', depth: 1, href: 's1.html', flow: false, forwardOnly: true, status: 'incomplete' },
      { id: 'item_S2', title: 'Two', depth: 1, href: 's2.html', flow: false, forwardOnly: true, status: 'not attempted' },
    ]);
    // The page disables what cannot be chosen.
    const { html } = await config(strictLaunch);
    expect(html).toContain('data-activity-id="item_S1" data-status="incomplete">One</button>');
    const flowPage = await config(await launch('flow-reg'));
    expect(flowPage.html).toContain('data-activity-id="item_S1" data-status="incomplete" disabled>One</button>');
    expect(flowPage.config.activities[1]).toMatchObject({ id: 'item_S1', choice: false });
  });
});
