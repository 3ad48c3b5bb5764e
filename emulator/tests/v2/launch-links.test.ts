import type { RunningEmulator } from '../../src';
import { call, createReg, scorm12Single, start } from '../helpers';
import { createRegV2, importV2, v2 } from './helpers';

let emu: RunningEmulator;
let now = Date.now();
beforeAll(async () => {
  // The emulator's clock is pinned so expiry is tested by moving it, not by waiting.
  emu = await start({ now: () => now });
  await importV2(emu, 'lc', await scorm12Single('Launch Course'));
});
afterAll(() => emu.close());

const mint = (regId: string, body: Record<string, unknown>) => v2(emu, 'POST', `/registrations/${regId}/launchLink`, { body });

describe('V2 launch links', () => {
  it('mints <origin>/api/cloud/registration/launch/<uuid>; opening it 302s into the player, exit goes to redirectOnExitUrl', async () => {
    await createRegV2(emu, 'lc', 'll-1');
    const r = await mint('ll-1', { redirectOnExitUrl: 'http://lms.example/back' });
    expect(r.status).toBe(200);
    expect(r.json.launchLink).toMatch(new RegExp(`^${emu.url}/api/cloud/registration/launch/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
    const open = await fetch(r.json.launchLink, { redirect: 'manual' });
    expect(open.status).toBe(302);
    const player = open.headers.get('location')!;
    expect(player).toMatch(new RegExp(`^${emu.url}/_player/[^/]+/$`));
    const page = await (await fetch(player)).text();
    expect(page).toContain('id="scorm-player-content"');
    expect(page).toContain('Launch Course');
    const exit = await fetch(`${player}exit`, { redirect: 'manual' });
    expect(exit.status).toBe(302);
    expect(exit.headers.get('location')).toBe('http://lms.example/back');
    // The same launch record V1 keeps: V1's launch history sees it.
    expect((await call(emu, 'rustici.registration.getLaunchHistory', { regid: 'll-1' })).text).toMatch(/<launch id=/);
  });

  it('expiry defaults to 120 s: the link works before and stops working after, reusable until then', async () => {
    await createRegV2(emu, 'lc', 'll-exp');
    const link = (await mint('ll-exp', { redirectOnExitUrl: 'blank' })).json.launchLink;
    now += 119_000;
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(302);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(302);
    now += 1_000;
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(410);

    const short = (await mint('ll-exp', { redirectOnExitUrl: 'blank', expiry: 10 })).json.launchLink;
    now += 10_000;
    expect((await fetch(short, { redirect: 'manual' })).status).toBe(410);
    expect((await fetch(`${emu.url}/api/cloud/registration/launch/00000000-0000-0000-0000-000000000000`, { redirect: 'manual' })).status).toBe(404);
  });

  it('drops expired links as new ones are minted, scanning at most once a second of its clock', async () => {
    await createRegV2(emu, 'lc', 'll-prune');
    const links = () => Object.keys(emu.core.store.state.launchLinks).length;
    now += 301_000; // every earlier link has expired
    await mint('ll-prune', { redirectOnExitUrl: 'blank', expiry: 10 });
    expect(links()).toBe(1);
    now += 10_000;
    const kept = (await mint('ll-prune', { redirectOnExitUrl: 'blank', expiry: 10 })).json.launchLink;
    expect(links()).toBe(1);
    now += 9_500;
    await mint('ll-prune', { redirectOnExitUrl: 'blank' });
    expect(links()).toBe(2);
    // The first link expires; within a second of the last scan it is not looked for, yet cannot be opened.
    now += 600;
    await mint('ll-prune', { redirectOnExitUrl: 'blank' });
    expect(links()).toBe(3);
    expect((await fetch(kept, { redirect: 'manual' })).status).toBe(410);
    now += 1_000;
    await mint('ll-prune', { redirectOnExitUrl: 'blank' });
    expect(links()).toBe(3);
    expect((await fetch(kept, { redirect: 'manual' })).status).toBe(404);
  });

  it('400 without redirectOnExitUrl or with expiry outside 10–300; 404 for an unknown registration', async () => {
    await createRegV2(emu, 'lc', 'll-bad');
    expect((await mint('ll-bad', {})).status).toBe(400);
    for (const expiry of [9, 301, 'soon', 12.5]) {
      const r = await mint('ll-bad', { redirectOnExitUrl: 'message', expiry });
      expect(r.status).toBe(400);
      expect(r.json.error).toMatch(/expiry/);
    }
    expect((await mint('ll-bad', { redirectOnExitUrl: 'message', expiry: 300 })).status).toBe(200);
    const missing = await mint('abc', { redirectOnExitUrl: 'message' });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toBe('Could not find registration [abc]');
  });

  it('works for a registration created through V1', async () => {
    await createReg(emu, 'lc', 'll-v1');
    const r = await mint('ll-v1', { redirectOnExitUrl: 'closer' });
    expect((await fetch(r.json.launchLink, { redirect: 'manual' })).status).toBe(302);
  });

  it('a deleted registration takes its links with it', async () => {
    await createRegV2(emu, 'lc', 'll-del');
    const link = (await mint('ll-del', { redirectOnExitUrl: 'blank' })).json.launchLink;
    expect((await v2(emu, 'DELETE', '/registrations/ll-del')).status).toBe(204);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(404);
  });
});
