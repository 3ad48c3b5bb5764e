/**
 * Course previews, V1 `rustici.course.preview` and V2 `POST /courses/{courseId}/preview`: the course in the
 * player as a learner sees it, every SCO of it, with no registration made and nothing the content reports kept.
 */
import type { RunningEmulator } from '../src';
import { call, errCode, expectOk, importAndWait, playerFetch, scorm12Multi, scorm12Single, signedQuery, start } from './helpers';
import { importV2, v2 } from './v2/helpers';

let emu: RunningEmulator;
let now = Date.now();
beforeAll(async () => {
  // The clock is pinned so link expiry is tested by moving it, not by waiting.
  emu = await start({ now: () => now });
  await importV2(emu, 'multi', await scorm12Multi('Preview Multi'));
  await importV2(emu, 'versioned', await scorm12Single('First Title'));
  await importV2(emu, 'versioned', await scorm12Single('Second Title'), '&mayCreateNewVersion=true');
});
afterAll(() => emu.close());

const launchIdOf = (location: string) => /\/_player\/([^/]+)\/$/.exec(new URL(location).pathname)![1];
const configOf = (html: string) => JSON.parse(/<script type="application\/json" id="scorm-player-config">(.*?)<\/script>/s.exec(html)![1]);
const registrationCount = async () => (await v2(emu, 'GET', '/registrations')).json.registrations.length as number;

async function openV2(path: string, body: Record<string, unknown>): Promise<string> {
  const minted = await v2(emu, 'POST', path, { body });
  expect(minted.status).toBe(200);
  expect(minted.json.launchLink).toMatch(new RegExp(`^${emu.url}/api/cloud/registration/launch/[0-9a-f-]{36}$`));
  const open = await fetch(minted.json.launchLink, { redirect: 'manual' });
  expect(open.status).toBe(302);
  return launchIdOf(open.headers.get('location')!);
}

describe('V2 course preview', () => {
  it('plays every SCO of the latest version, makes no registration, keeps nothing and exits to redirectOnExitUrl', async () => {
    const before = await registrationCount();
    const launchId = await openV2('/courses/multi/preview', { redirectOnExitUrl: 'http://lms.example/course-page' });
    const config = configOf(await (await playerFetch(emu, launchId, '')).text());
    expect(config.activities.filter((a: { url?: string }) => a.url).map((a: { title: string }) => a.title)).toEqual(['Part A', 'Part B']);
    const second = config.activities.find((a: { title: string }) => a.title === 'Part B');
    expect((await playerFetch(emu, launchId, `activities/${encodeURIComponent(second.id)}/data`)).status).toBe(200);
    const commit = await playerFetch(emu, launchId, `activities/${encodeURIComponent(second.id)}/commit?finish=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '90' }),
    });
    expect(commit.status).toBe(200);
    // The same SCO opened again starts from nothing: a preview keeps no runtime data.
    const again = await (await playerFetch(emu, launchId, `activities/${encodeURIComponent(second.id)}/data`)).json();
    expect(again).toEqual({ activityId: second.id, resumeData: {} });
    expect(await registrationCount()).toBe(before);
    const exit = await playerFetch(emu, launchId, 'exit');
    expect(exit.status).toBe(302);
    expect(exit.headers.get('location')).toBe('http://lms.example/course-page');
  });

  it('plays the version asked for', async () => {
    const first = await openV2('/courses/versioned/versions/0/preview', {});
    expect(await (await playerFetch(emu, first, '')).text()).toContain('First Title');
    const latest = await openV2('/courses/versioned/preview', {});
    expect(await (await playerFetch(emu, latest, '')).text()).toContain('Second Title');
  });

  it('404 for an unknown course or version, 400 for an expiry outside 10–300, and the link expires', async () => {
    const unknown = await v2(emu, 'POST', '/courses/nope/preview', { body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toBe('Could not find course [nope]');
    expect((await v2(emu, 'POST', '/courses/versioned/versions/7/preview', { body: {} })).status).toBe(404);
    expect((await v2(emu, 'POST', '/courses/versioned/preview', { body: { expiry: 301 } })).status).toBe(400);
    const link = (await v2(emu, 'POST', '/courses/multi/preview', { body: { expiry: 10 } })).json.launchLink;
    now += 10_000;
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(410);
  });

  it('a deleted course takes its preview links with it', async () => {
    await importV2(emu, 'gone', await scorm12Single('Gone'));
    const link = (await v2(emu, 'POST', '/courses/gone/preview', { body: {} })).json.launchLink;
    expect((await v2(emu, 'DELETE', '/courses/gone')).status).toBe(204);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(404);
  });
});

describe('V1 rustici.course.preview', () => {
  it('302s a signed URL into the player with no registration; exit goes to redirecturl', async () => {
    await importAndWait(emu, 'v1-preview', await scorm12Single('V1 Preview'));
    const before = expectOk(await call(emu, 'rustici.registration.getRegistrationList', { courseid: 'v1-preview' }));
    const res = await fetch(`${emu.serviceUrl}?${signedQuery('rustici.course.preview', { courseid: 'v1-preview', redirecturl: 'http://lms.example/back' })}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    const launchId = launchIdOf(res.headers.get('location')!);
    expect(await (await playerFetch(emu, launchId, '')).text()).toContain('V1 Preview');
    await emu.playerHost.finish(launchId, { 'cmi.core.lesson_status': 'passed' });
    const after = expectOk(await call(emu, 'rustici.registration.getRegistrationList', { courseid: 'v1-preview' }));
    expect(before.registrationlist).toBe('');
    expect(after.registrationlist).toBe('');
  });

  it('answers error 1 for an unknown course and 3 for a versionid that is not a number', async () => {
    expect(errCode(await call(emu, 'rustici.course.preview', { courseid: 'nope' }))).toBe('1');
    expect(errCode(await call(emu, 'rustici.course.preview', { courseid: 'v1-preview', versionid: 'x' }))).toBe('3');
  });
});
