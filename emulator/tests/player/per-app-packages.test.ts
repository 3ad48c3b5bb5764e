/**
 * Packages are stored per app: two apps that import the same course ID with different zips each get their
 * own files through the player's content route, in memory and in a data dir; a data dir written before
 * packages were kept per app (`packages/<uuid>.zip`) still serves its courses.
 */
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../../tests/helpers/eventually';
import type { RunningEmulator } from '../../src';
import { APP, buildZip, call, callRaw, expectOk, scorm12Manifest, signedQuery, start } from '../helpers';

const OTHER = { appId: 'OTHER-APP', secretKey: 'other-secret' };

const course = (title: string, body: string) =>
  buildZip({ 'imsmanifest.xml': scorm12Manifest({ title, scos: [{ id: '1', title: 'Lesson', href: 'index.html' }] }), 'index.html': body });

async function importAs(emu: RunningEmulator, app: typeof APP, courseId: string, zip: Buffer): Promise<void> {
  const form = new FormData();
  form.append('filedata', new Blob([zip], { type: 'application/zip' }), 'course.zip');
  const token = expectOk(await callRaw(emu, signedQuery('rustici.course.importCourseAsync', { courseid: courseId }, app), { method: 'POST', body: form })).token
    .id as string;
  const rsp = await eventually(
    `the import of ${courseId} into ${app.appId}`,
    async () => {
      const r = expectOk(await call(emu, 'rustici.course.getAsyncImportResult', { token }, app));
      return r.status === 'finished' || r.status === 'error' ? r : undefined;
    },
    { intervalMs: 20 },
  );
  expect(rsp.status).toBe('finished');
}

async function launchAs(emu: RunningEmulator, app: typeof APP, regid: string): Promise<string> {
  const res = await fetch(`${emu.serviceUrl}?${signedQuery('rustici.registration.launch', { regid, redirecturl: 'http://127.0.0.1:9/back' }, app)}`, {
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return /\/_player\/([^/]+)\/$/.exec(new URL(res.headers.get('location')!).pathname)![1];
}

async function entryPage(emu: RunningEmulator, launchId: string): Promise<{ status: number; text: string }> {
  // The entry SCO's URL as the player page hands it to the browser.
  const html = await (await fetch(`${emu.url}/_player/${launchId}/`)).text();
  const config = JSON.parse(/<script type="application\/json" id="scorm-player-config">(.*?)<\/script>/s.exec(html)![1]);
  const res = await fetch(new URL(config.activities[0].url, emu.url));
  return { status: res.status, text: await res.text() };
}

async function registerAs(emu: RunningEmulator, app: typeof APP, courseId: string, regid: string): Promise<void> {
  expectOk(await call(emu, 'rustici.registration.createRegistration', { courseid: courseId, regid, fname: 'Ada', lname: 'Lovelace', learnerid: 'ada' }, app));
}

async function twoAppsOneCourseId(emu: RunningEmulator): Promise<void> {
  // The second app imports later, so a store that kept only the latest package per course ID would serve
  // its files to the first app too.
  await importAs(emu, APP, 'shared-id', await course('First App Course', '<p>package of the first app</p>'));
  await importAs(emu, OTHER, 'shared-id', await course('Other App Course', '<p>package of the other app</p>'));
  await registerAs(emu, APP, 'shared-id', 'reg-first');
  await registerAs(emu, OTHER, 'shared-id', 'reg-other');

  const first = await launchAs(emu, APP, 'reg-first');
  const other = await launchAs(emu, OTHER, 'reg-other');
  expect(await entryPage(emu, first)).toEqual({ status: 200, text: '<p>package of the first app</p>' });
  expect(await entryPage(emu, other)).toEqual({ status: 200, text: '<p>package of the other app</p>' });
  // Whichever was opened last, each launch keeps to its own app's package, also with requests interleaved.
  const interleaved = await Promise.all(Array.from({ length: 12 }, (_, i) => entryPage(emu, i % 2 ? other : first)));
  expect(interleaved.map((r) => r.text)).toEqual(
    Array.from({ length: 12 }, (_, i) => (i % 2 ? '<p>package of the other app</p>' : '<p>package of the first app</p>')),
  );

  // Deleting one app's course leaves the other's files in place.
  expectOk(await call(emu, 'rustici.course.deleteCourse', { courseid: 'shared-id' }, APP));
  const again = await launchAs(emu, OTHER, 'reg-other');
  expect(await entryPage(emu, again)).toEqual({ status: 200, text: '<p>package of the other app</p>' });
}

describe('packages stored per app', () => {
  it('serves each app its own package for the same course ID (memory store)', async () => {
    const emu = await start({ apps: [APP, OTHER] });
    try {
      await twoAppsOneCourseId(emu);
    } finally {
      await emu.close();
    }
  });

  describe('with a data dir', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'scorm-emu-apps-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('serves each app its own package for the same course ID, in a folder per app', async () => {
      const emu = await start({ apps: [APP, OTHER], dataDir: dir });
      try {
        await twoAppsOneCourseId(emu);
      } finally {
        await emu.close();
      }
      // One folder per app under packages/; the first app's course was deleted, so its folder is empty.
      const folders = readdirSync(join(dir, 'packages'));
      expect(folders).toHaveLength(2);
      expect(folders.map((f) => readdirSync(join(dir, 'packages', f), { recursive: true }).filter((n) => String(n).endsWith('.zip')).length).sort()).toEqual([
        0, 1,
      ]);
    });

    it('still serves the packages of a data dir written before packages were stored per app', async () => {
      const first = await start({ apps: [APP, OTHER], dataDir: dir });
      await importAs(first, APP, 'old-course', await course('Old Course', '<p>from an old data dir</p>'));
      await registerAs(first, APP, 'old-course', 'reg-old');
      await first.close();

      // Rewrite the data dir into the old layout: packages/<uuid>.zip, the bare uuid as the package key.
      const statePath = join(dir, 'state.json');
      const state = JSON.parse(readFileSync(statePath, 'utf8'));
      const record = Object.values(state.courses as Record<string, any>)[0];
      const key: string = record.versions[0].packageKey;
      const uuid = key.split('/').pop()!;
      expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
      renameSync(join(dir, 'packages', ...key.split('/').slice(0, -1), `${uuid}.zip`), join(dir, 'packages', `${uuid}.zip`));
      record.versions[0].packageKey = uuid;
      writeFileSync(statePath, JSON.stringify(state));

      const second = await start({ apps: [APP, OTHER], dataDir: dir });
      try {
        expect(await entryPage(second, await launchAs(second, APP, 'reg-old'))).toEqual({ status: 200, text: '<p>from an old data dir</p>' });
        // The other app has no such course, old layout or not.
        expect(expectOk(await call(second, 'rustici.course.exists', { courseid: 'old-course' }, OTHER)).result).toBe('false');
      } finally {
        await second.close();
      }
    });
  });
});
