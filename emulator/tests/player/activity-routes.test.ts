/**
 * The player handler's per-activity routes over the PlayerHost seam, with an in-memory host that keeps
 * each activity's data apart: the page, `activities/<id>/data`, `activities/<id>/commit`, and `exit`
 * closing the launch instead of finishing it with data.
 */
import type { ActivityStatus, CmiData, PlayerActivity } from '../../src/player/contract';
import { MemoryHost, startPlayerServer } from './fake-host';

class ActivityHost extends MemoryHost {
  data = new Map<string, CmiData>();
  opened: string[] = [];
  activityCommits: Array<{ activityId: string; cmi: CmiData; end: boolean }> = [];
  closed: string[] = [];

  async openActivity(launchId: string, activityId: string): Promise<CmiData | undefined> {
    const launch = this.launches.get(launchId);
    if (!launch?.activities?.some((a) => a.id === activityId && a.href)) return undefined;
    this.opened.push(activityId);
    return { ...(this.data.get(activityId) ?? {}) };
  }

  async commitActivity(_launchId: string, activityId: string, cmi: CmiData, end: boolean): Promise<ActivityStatus | void> {
    this.activityCommits.push({ activityId, cmi, end });
    this.data.set(activityId, { ...(this.data.get(activityId) ?? {}), ...cmi });
    return activityId === 'sco2' ? 'failed' : undefined;
  }

  async closeLaunch(launchId: string): Promise<void> {
    this.closed.push(launchId);
    this.launches.delete(launchId);
  }
}

const ACTIVITIES: PlayerActivity[] = [
  { id: 'mod', title: 'Module <1>', depth: 0 },
  { id: 'sco 1', title: 'First', depth: 1, href: 'one/launch page.html?x=1' },
  { id: 'sco2', title: 'Second', depth: 1, href: 'two.html' },
];

let host: ActivityHost;
let srv: Awaited<ReturnType<typeof startPlayerServer>>;
beforeEach(async () => {
  host = new ActivityHost();
  srv = await startPlayerServer(host);
});
afterEach(() => srv.close());

const get = (path: string) => fetch(srv.url + path, { redirect: 'manual' });
const post = (path: string, body: unknown) =>
  fetch(srv.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const configOf = (html: string) => JSON.parse(/<script type="application\/json" id="scorm-player-config">(.*?)<\/script>/s.exec(html)![1]);

describe('player routes per activity', () => {
  it('puts the contents in the page and leaves the frame empty for the glue', async () => {
    host.addLaunch({ activities: ACTIVITIES, startActivityId: 'sco2' });
    const html = await (await get('/_player/L1/')).text();
    const config = configOf(html);
    expect(config.activities).toEqual([
      { id: 'mod', title: 'Module <1>', depth: 0 },
      { id: 'sco 1', title: 'First', depth: 1, url: '/_player/L1/content/one/launch%20page.html?x=1' },
      { id: 'sco2', title: 'Second', depth: 1, url: '/_player/L1/content/two.html' },
    ]);
    expect(config).toMatchObject({ startActivityId: 'sco2', activityBase: '/_player/L1/activities/', resumeData: {} });
    expect(html).toContain('<nav id="scorm-player-toc"');
    expect(html).toContain('class="scorm-player-toc-cluster">Module &#60;1&#62;</li>');
    expect(html).toContain('data-activity-id="sco 1" data-status="not attempted"');
    expect(html).toContain('id="scorm-player-next"');
    expect(html).not.toMatch(/<iframe[^>]* src=/);
  });

  it('shows no contents for a course of one SCO', async () => {
    host.addLaunch({ activities: [{ id: 'only', title: 'Only', depth: 0, href: 'index.html' }] });
    const html = await (await get('/_player/L1/')).text();
    expect(html).not.toContain('id="scorm-player-toc"');
    expect(html).not.toContain('id="scorm-player-next"');
    expect(configOf(html).activities).toHaveLength(1);
  });

  it('plays the entry SCO alone when the host has no activity calls', async () => {
    const plain = new MemoryHost();
    const other = await startPlayerServer(plain);
    try {
      plain.addLaunch({ activities: ACTIVITIES, resumeData: { 'cmi.suspend_data': 'kept' } });
      const html = await (await fetch(`${other.url}/_player/L1/`)).text();
      expect(html).toContain('src="/_player/L1/content/shared/launch%20page.html?mode=start"');
      expect(configOf(html).activities).toBeUndefined();
      expect(configOf(html).resumeData).toEqual({ 'cmi.suspend_data': 'kept' });
      expect((await fetch(`${other.url}/_player/L1/activities/sco2/data`)).status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('answers each activity its own data and stores its commits apart', async () => {
    host.addLaunch({ activities: ACTIVITIES });
    host.data.set('sco2', { 'cmi.suspend_data': 'two' });
    const first = await get('/_player/L1/activities/sco%201/data');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ activityId: 'sco 1', resumeData: {} });
    expect(await (await get('/_player/L1/activities/sco2/data')).json()).toEqual({ activityId: 'sco2', resumeData: { 'cmi.suspend_data': 'two' } });
    expect(host.opened).toEqual(['sco 1', 'sco2']);
    expect((await get('/_player/L1/activities/mod/data')).status).toBe(404);

    expect((await post('/_player/L1/activities/sco%201/commit', { 'cmi.core.lesson_status': 'incomplete' })).status).toBe(200);
    expect((await post('/_player/L1/activities/sco%201/commit?finish=true', { 'cmi.core.lesson_status': 'passed' })).status).toBe(200);
    expect(host.activityCommits).toEqual([
      { activityId: 'sco 1', cmi: { 'cmi.core.lesson_status': 'incomplete' }, end: false },
      { activityId: 'sco 1', cmi: { 'cmi.core.lesson_status': 'passed' }, end: true },
    ]);
    expect(host.commits).toEqual([]);
    expect(host.finishes).toEqual([]);
    // A host that answers the SCO's state has it passed on for the contents' mark.
    const second = await post('/_player/L1/activities/sco2/commit', { 'cmi.core.lesson_status': 'failed' });
    expect(await second.json()).toEqual({ ok: true, result: true, errorCode: 0, activityId: 'sco2', status: 'failed' });
    expect((await post('/_player/L1/activities/sco2/commit', { bogus: 'x' })).status).toBe(400);
  });

  it('closes the launch on exit without finishing it with data', async () => {
    host.addLaunch({ activities: ACTIVITIES, redirectUrl: 'http://127.0.0.1:1/back' });
    await post('/_player/L1/activities/sco2/commit?finish=true', { 'cmi.core.lesson_status': 'passed' });
    const exit = await get('/_player/L1/exit');
    expect(exit.status).toBe(302);
    expect(exit.headers.get('location')).toBe('http://127.0.0.1:1/back');
    expect(host.closed).toEqual(['L1']);
    expect(host.finishes).toEqual([]);
    // A late beacon after the exit is taken without error.
    expect((await post('/_player/L1/activities/sco2/commit?finish=true&close=true', {})).status).toBe(200);
    expect(host.closed).toEqual(['L1']);
  });

  it('closes the launch with the page-close beacon', async () => {
    host.addLaunch({ activities: ACTIVITIES, redirectUrl: 'blank' });
    const res = await fetch(`${srv.url}/_player/L1/activities/sco2/commit?close=true&finish=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: '{"cmi.suspend_data":"s"}',
    });
    expect(res.status).toBe(200);
    expect(host.activityCommits).toEqual([{ activityId: 'sco2', cmi: { 'cmi.suspend_data': 's' }, end: true }]);
    expect(host.closed).toEqual(['L1']);
    expect((await get('/_player/L1/exit')).status).toBe(200);
  });
});
