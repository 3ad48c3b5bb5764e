/**
 * The course admin in Debian's Chromium: a real Strapi serving the built admin panel, the plugin's
 * server, and the emulator as SCORM Cloud. An editor uploads a package with the dialog, watches the
 * upload progress, and sees the course become ready with the emulator's parser warnings.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { buildZip, scorm12Manifest, scorm12Multi, scorm12Single } from '../helpers/packages';
import { seedCourse, seedRegistration } from '../integration/results-fixtures';
import type { AdminStack, AdminUser } from './admin/admin-session';
import { adminSuite, describeAdmin, FAST_POLLER } from './admin/admin-suite';
import { clearDate, clickDate, datePicker, typeDate } from './admin/date-picker';
import { waitFor } from './support';

const describeBrowser = describeAdmin('admin-courses');

const COURSE_TITLE = 'Safety Induction';
/**
 * Random, so zip cannot shrink it, and well above what the loopback socket buffers swallow at once
 * (several MB): the rest goes at UPLOAD_RATE, which the browser reports as it goes.
 */
const FILLER_BYTES = 24 * 1024 * 1024;
/** Bytes per second the relay lets through from the browser while the package goes up. */
const UPLOAD_RATE = 6 * 1024 * 1024;

/** A package the emulator imports with a parser warning: the manifest names a file the zip lacks. */
const packageWithWarning = () =>
  buildZip(
    {
      'imsmanifest.xml': scorm12Manifest({
        title: COURSE_TITLE,
        scos: [{ id: '1', title: 'Lesson', href: 'index.html' }],
        extraFiles: ['missing.js', 'media/filler.bin'],
      }),
      'index.html': '<!doctype html><html><body>lesson</body></html>',
      'media/filler.bin': randomBytes(FILLER_BYTES),
    },
    { compress: false },
  );

/** Records every value the upload progress bar takes, from inside the page. */
const RECORD_PROGRESS = `
  window.__uploadProgress = [];
  new MutationObserver(function () {
    var bar = document.querySelector('[data-testid="upload-progress"]');
    if (!bar) return;
    var value = bar.getAttribute('aria-valuenow');
    var loaded = bar.getAttribute('data-loaded');
    var last = window.__uploadProgress[window.__uploadProgress.length - 1];
    if (!last || last.value !== value || last.loaded !== loaded) window.__uploadProgress.push({ value: value, loaded: loaded });
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow', 'data-loaded'] });
`;

/**
 * Waits until the upload bar shows a value in [min, max). A function, not a string: the admin's CSP
 * forbids eval, which Playwright needs to poll a string predicate.
 */
const progressBetween = (page: Page, min: number, max: number) =>
  page.waitForFunction(
    ([lo, hi]) => {
      const bar = (globalThis as any).document.querySelector('[data-testid="upload-progress"]');
      const value = Number(bar?.getAttribute('aria-valuenow'));
      return value >= lo && value < hi;
    },
    [min, max] as const,
    { polling: 50, timeout: 30_000 },
  );

describeBrowser('course admin pages in Chromium', () => {
  let admin: AdminStack;
  let superAdmin: AdminUser;
  let tmp: string;
  let watchConsole: (page: Page) => Page;
  adminSuite('admin-courses', { stack: { pluginConfig: { poller: FAST_POLLER } }, tmp: true }, (suite) => ({ admin, superAdmin, tmp, watchConsole } = suite));

  const openCourses = async (page: Page) => {
    await page.getByRole('link', { name: 'SCORM Cloud' }).first().click();
    await page.getByRole('heading', { name: 'SCORM courses' }).waitFor();
  };

  it('uploads a package with the dialog, shows the progress, and follows the course to ready with its warnings', async () => {
    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    await page.addInitScript(RECORD_PROGRESS);
    await page.evaluate(RECORD_PROGRESS);
    await openCourses(page);
    await page.getByText('No course yet').waitFor();

    // From disk: Chromium then reads the file itself instead of receiving 24 MB over the protocol.
    const file = path.join(tmp, 'safety-induction.zip');
    fs.writeFileSync(file, await packageWithWarning());
    await page.getByRole('button', { name: 'Upload package' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('SCORM package (.zip)').setInputFiles(file);
    await expect(dialog.getByTestId('upload-file-size').textContent()).resolves.toMatch(/safety-induction\.zip — 25 MB/);

    // Loopback is too fast to see a bar move: the relay in front of Strapi takes the body at UPLOAD_RATE.
    admin.link.setUploadRate(UPLOAD_RATE);
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();

    const bar = dialog.getByRole('progressbar', { name: 'Upload progress' });
    await bar.waitFor();
    await progressBetween(page, 20, 100);
    await admin.screenshot(page, 'admin-upload-progress');
    await dialog.getByTestId('upload-import-note').waitFor({ timeout: 60_000 });
    admin.link.setUploadRate(0);
    await admin.screenshot(page, 'admin-upload-dialog');

    // The closing text follows the import to its end.
    await dialog.locator('[data-testid="upload-import-note"][data-outcome="ready"]').waitFor({ timeout: 30_000 });
    await expect(dialog.getByTestId('upload-import-note').textContent()).resolves.toContain('SCORM Cloud imported the package: the course is ready.');
    // Percentages as the locale (en-US here) writes them: "100%", not "100 %".
    await expect(dialog.getByTestId('upload-progress-text').textContent()).resolves.toMatch(/^25 MB of 25 MB sent \(100%\)$/);

    const seen = (await page.evaluate('window.__uploadProgress')) as Array<{ value: string | null; loaded: string | null }>;
    const values = seen.map((s) => Number(s.value)).filter((v) => Number.isFinite(v));
    console.log(`[admin-courses] upload progress seen (%): ${values.join(' ')}`);
    // The bar went through values between empty and full while the bytes were on their way.
    expect(values.filter((v) => v > 0 && v < 100).length).toBeGreaterThan(1);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values[values.length - 1]).toBe(100);
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');

    await dialog.getByRole('link', { name: 'Open the course' }).click();
    await page.waitForURL(/\/admin\/plugins\/scorm-cloud\/courses\/[^/]+$/);
    // The page follows the import live: no reload from the test.
    await page.locator('[data-testid="course-status"][data-status="ready"]').first().waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: COURSE_TITLE, level: 1 }).waitFor();
    await page.getByRole('button', { name: /1 parser warning/ }).click();
    const warnings = page.getByRole('list', { name: 'Parser warnings' });
    await expect(warnings.textContent()).resolves.toContain("'missing.js'");
    // Let the accordion finish opening before the picture is taken.
    await page.waitForFunction(
      () => ((globalThis as any).document.querySelector('ul[aria-label="Parser warnings"]')?.getBoundingClientRect().height ?? 0) > 10,
    );
    await page.waitForTimeout(300);
    await expect(page.getByTestId('course-detail-Package size').textContent()).resolves.toMatch(/^25 MB$/);
    // The version as SCORM Cloud numbers it (the first is 0), said so beside it.
    await expect(page.getByTestId('course-detail-Version').textContent()).resolves.toBe('0');
    await page.getByText('SCORM Cloud numbers versions from 0').waitFor();
    await admin.screenshot(page, 'admin-course-page');

    await page.getByRole('link', { name: 'SCORM Cloud' }).first().click();
    const row = page.getByTestId('course-row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    await expect(row.first().textContent()).resolves.toContain(COURSE_TITLE);
    await row.locator('[data-status="ready"]').waitFor();
    await admin.screenshot(page, 'admin-course-list');
  });

  it('shows the poller health on the settings page, and sends a test postback that arrives', async () => {
    // The postback URL given to the Cloud is the one this Strapi serves.
    admin.stack.app.strapi.plugin('scorm-cloud').service('config').get().publicUrl = admin.url;
    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    await page.goto(`${admin.url}/admin/settings/scorm-cloud/configuration`);
    await page.getByRole('heading', { name: 'Import poller' }).waitFor();
    const health = page.getByTestId('poller-health');
    await health.waitFor();
    await expect(health.textContent()).resolves.toMatch(/Imports being followed:\s*\d+/);
    await page.getByRole('button', { name: 'Send a test postback' }).click();
    const result = page.getByTestId('postback-test-result');
    await result.waitFor();
    await expect(result.textContent()).resolves.toMatch(/The test postback arrived.*SCORM Cloud sent it to this site and the plugin accepted it/);
    await admin.screenshot(page, 'admin-settings');
  });

  it('edits a course and deletes it after a confirmation that names its registrations', async () => {
    const token = await admin.stack.app.superAdminToken();
    const created = await admin.stack.app
      .request()
      .post('/scorm-cloud/courses')
      .set('Authorization', `Bearer ${token}`)
      .field('title', 'Course To Delete')
      .attach('file', await scorm12Single('Course To Delete'), 'delete-me.zip');
    expect(created.status).toBe(202);
    const courseId = created.body.data.courseId as string;
    const course = await admin.stack.app.strapi.db.query('plugin::scorm-cloud.course').findOne({ where: { courseId } });
    await admin.stack.app.strapi.db.query('plugin::scorm-cloud.registration').create({
      data: { registrationId: `reg-${courseId}`, learnerId: 'learner-1', attempt: 1, attemptKey: `${courseId}:learner-1:1`, course: course.id },
    });

    const editor = await admin.createAdmin(['plugin::scorm-cloud.courses.read', 'plugin::scorm-cloud.courses.update', 'plugin::scorm-cloud.courses.delete']);
    const { page } = await admin.loginAs(editor);
    watchConsole(page);
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/courses/${courseId}`);
    await page.getByRole('heading', { name: 'Course To Delete', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Upload new version' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel('Title').fill('Renamed Course');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Renamed Course', level: 1 }).waitFor();

    // The first question already says the course has a registration (the server's 409 asks again
    // should one be made meanwhile).
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('alertdialog').getByText('has 1 registration').waitFor();
    expect(await page.getByRole('alertdialog').getByRole('button', { name: 'Delete course' }).count()).toBe(0);
    await admin.screenshot(page, 'admin-delete-confirm');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete with registrations' }).click();
    await page.getByRole('heading', { name: 'SCORM courses' }).waitFor();
    expect(await admin.stack.app.strapi.db.query('plugin::scorm-cloud.course').count({ where: { courseId } })).toBe(0);
  });

  it('shows no upload button to an admin who may read courses but not upload them', async () => {
    const token = await admin.stack.app.superAdminToken();
    const created = await admin.stack.app
      .request()
      .post('/scorm-cloud/courses')
      .set('Authorization', `Bearer ${token}`)
      .attach('file', await scorm12Single('Read-only Course'), 'read-only.zip');
    expect(created.status).toBe(202);
    const reader = await admin.createAdmin(['plugin::scorm-cloud.courses.read']);
    const { page } = await admin.loginAs(reader);
    watchConsole(page);
    await openCourses(page);
    await page.getByTestId('course-row').first().waitFor();
    expect(await page.getByRole('button', { name: 'Upload package' }).count()).toBe(0);
    await page.getByTestId('course-row').first().click();
    await page.locator('[data-testid="course-status"]').first().waitFor();
    for (const action of ['Upload new version', 'Edit', 'Delete']) {
      expect(await page.getByRole('button', { name: action, exact: true }).count()).toBe(0);
    }
    await admin.screenshot(page, 'admin-course-page-reader');
  });

  it('shows why SCORM Cloud could not import a package, and never marks that course launchable', async () => {
    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    await openCourses(page);
    const file = path.join(tmp, 'no-manifest.zip');
    fs.writeFileSync(file, await buildZip({ 'index.html': '<!doctype html><html><body>no manifest</body></html>' }));
    await page.getByRole('button', { name: 'Upload package' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('SCORM package (.zip)').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    // The upload itself went through; the Cloud's import fails afterwards, and the dialog says so with its reason.
    const note = dialog.locator('[data-testid="upload-import-note"][data-outcome="failed"]');
    await note.waitFor({ timeout: 30_000 });
    const text = await note.textContent();
    expect(text).toContain('SCORM Cloud could not import the package: The zip file contains no course');
    expect(text).not.toContain('importing it now');
    await note.locator('[data-status="failed"]').waitFor();
    await admin.screenshot(page, 'admin-upload-failed');

    await dialog.getByRole('link', { name: 'Open the course' }).click();
    await page.getByTestId('course-error').waitFor();
    await expect(page.getByTestId('course-detail-Launchable').textContent()).resolves.toBe('Not launchable: the import failed');
    // When it ended is when it failed, not an import date.
    expect(await page.getByTestId('course-detail-Imported').count()).toBe(0);
    await page.getByTestId('course-detail-Failed on').waitFor();

    await page.getByRole('link', { name: 'SCORM Cloud' }).first().click();
    const row = page
      .locator('[data-testid="course-row"]')
      .filter({ has: page.locator('[data-status="failed"]') })
      .filter({ hasText: 'no-manifest' });
    await row.waitFor();
    const mark = row.getByTestId('course-launchable');
    expect(await mark.getAttribute('data-launchable')).toBe('false');
    expect(await mark.getAttribute('aria-label')).toBe('Not launchable: the import failed');
  });

  it("explains the server's refusal of a file that is not a zip, and cancels an upload on the way", async () => {
    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    await openCourses(page);
    await page.getByRole('button', { name: 'Upload package' }).first().click();
    const dialog = page.getByRole('dialog');

    const fake = path.join(tmp, 'notes.zip');
    fs.writeFileSync(fake, 'these are notes, not a zip archive');
    await dialog.getByLabel('SCORM package (.zip)').setInputFiles(fake);
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await dialog.getByRole('alert').getByText('This file is not a zip archive').waitFor();

    const big = path.join(tmp, 'cancel-me.zip');
    fs.writeFileSync(big, await packageWithWarning());
    await dialog.getByLabel('SCORM package (.zip)').setInputFiles(big);
    admin.link.setUploadRate(UPLOAD_RATE / 4);
    try {
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      await progressBetween(page, 1, 100);
      await dialog.getByRole('button', { name: 'Cancel upload' }).click();
      await dialog.getByRole('alert').getByText('Upload cancelled').waitFor();
    } finally {
      admin.link.setUploadRate(0);
    }
    await admin.screenshot(page, 'admin-upload-cancelled');
    // The same file can go again at once.
    expect(await dialog.getByRole('button', { name: 'Upload', exact: true }).isEnabled()).toBe(true);

    // The server saw the browser go: a new course's cancelled upload leaves no row behind.
    const courses = admin.stack.app.strapi.db.query('plugin::scorm-cloud.course');
    await waitFor(
      'the cancelled course row to go',
      async () => ((await courses.count({ where: { packageName: 'cancel-me.zip' } })) === 0 ? true : undefined),
      15_000,
    );
  });

  it("shows the live version's SCO count and links a version's registration to its page", async () => {
    const { token } = await admin.stack.cloud.importCourseAsync('sco-count', Readable.from([await scorm12Multi('Two parts')]), { filename: 'sco-count.zip' });
    await waitFor('the import of sco-count', async () => ((await admin.stack.cloud.getAsyncImportResult(token)).status === 'finished' ? true : undefined));
    const row = await admin.stack.app.strapi.db
      .query('plugin::scorm-cloud.course')
      .create({ data: { courseId: 'sco-count', title: 'Two parts', status: 'ready', launchable: true, version: 0 } });
    await seedRegistration(admin.stack, {
      registrationId: 'reg-sco-count',
      course: { id: row.id, courseId: 'sco-count' },
      row: { learnerFirstName: 'Grace', learnerLastName: 'Hopper' },
    });

    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/courses/sco-count`);
    await page.getByTestId('course-activities').getByText('2 SCOs').waitFor();
    const version = page.getByTestId('course-version');
    await version.getByTestId('version-registration-count').getByText('1 registration').waitFor();
    await version.getByTestId('version-registration-link').getByText('Grace Hopper').click();
    await page.waitForURL(/\/plugins\/scorm-cloud\/registrations\/reg-sco-count$/);
  });

  it('previews the live version and an earlier one in the player, and comes back to the course page, with no registration made', async () => {
    // The player sends the editor back to the admin where the browser reaches it.
    admin.stack.app.strapi.plugin('scorm-cloud').service('config').get().publicUrl = admin.url;
    await seedCourse(admin.stack, 'preview-me');
    const { token } = await admin.stack.cloud.importCourseAsync('preview-me', Readable.from([await scorm12Multi('Preview in two parts')]), {
      filename: 'preview-me.zip',
    });
    await waitFor('the second import of preview-me', async () =>
      (await admin.stack.cloud.getAsyncImportResult(token)).status === 'finished' ? true : undefined,
    );
    await admin.stack.app.strapi.db.query('plugin::scorm-cloud.course').update({ where: { courseId: 'preview-me' }, data: { version: 1 } });
    const cloudRegistrations = async () => (await admin.stack.cloud.getRegistrationList({ courseId: 'preview-me' })).length;

    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/courses/preview-me`);
    const preview = page.getByRole('button', { name: 'Preview', exact: true });
    await preview.waitFor();
    // Five header buttons still fit on one line at 1280 px.
    const tops = new Set<number>();
    for (const name of ['Preview', 'Refresh status', 'Edit', 'Upload new version', 'Delete']) {
      tops.add(Math.round((await page.getByRole('button', { name, exact: true }).boundingBox())!.y));
    }
    expect(tops.size).toBe(1);
    await admin.screenshot(page, 'admin-course-preview-button');

    await preview.click();
    await page.waitForURL(new RegExp(`^${admin.stack.emulator.url}/_player/`));
    await page.getByText('Part B').first().waitFor();
    expect(await page.title()).toContain('Preview in two parts');
    await page.click('#scorm-player-exit');
    await page.waitForURL(`${admin.url}/admin/plugins/scorm-cloud/courses/preview-me`);
    await page.getByRole('heading', { name: 'Course preview-me' }).waitFor();

    // The first version, from its row in the versions table.
    await page.getByTestId('version-preview').getByText('Preview version 0').click();
    await page.waitForURL(new RegExp(`^${admin.stack.emulator.url}/_player/`));
    expect(await page.title()).toContain('Course preview-me');
    expect(await cloudRegistrations()).toBe(0);
    expect(await admin.stack.app.strapi.db.query('plugin::scorm-cloud.registration').count({ where: { course: { courseId: 'preview-me' } } })).toBe(0);
  });

  it('sorts the course list by title, counts "n of m" when searched, and deletes a selection after one confirmation', async () => {
    const alpha = await seedCourse(admin.stack, 'sort-alpha');
    await seedCourse(admin.stack, 'sort-zeta');
    await seedRegistration(admin.stack, { registrationId: 'reg-sort-alpha', course: alpha, cloud: false });
    const total = await admin.stack.app.strapi.db.query('plugin::scorm-cloud.course').count();

    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud?_q=sort-`);
    await page.getByText(`2 of ${total} courses in SCORM Cloud`).waitFor();
    const titles = async () => (await page.getByTestId('course-row').allTextContents()).map((t) => t.match(/Course sort-(alpha|zeta)/)?.[1]);
    await page.locator('th', { hasText: 'Title' }).first().click();
    await page.waitForURL(/sort=title%3AASC|sort=title:ASC/);
    await waitFor('alpha first', async () => ((await titles()).join() === 'alpha,zeta' ? true : undefined));
    await page.locator('th', { hasText: 'Title' }).first().click();
    await waitFor('zeta first', async () => ((await titles()).join() === 'zeta,alpha' ? true : undefined));

    await page.getByRole('checkbox', { name: 'Select all entries' }).click();
    await page.getByRole('button', { name: 'Delete 2 courses' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('The 2 selected courses are deleted from SCORM Cloud and from Strapi, with 1 registration and its results.').waitFor();
    await confirm.getByRole('button', { name: 'Delete 2 courses' }).click();
    await page.getByText('2 courses deleted').first().waitFor();
    const left = await admin.stack.app.strapi.db.query('plugin::scorm-cloud.course').count({ where: { courseId: { $in: ['sort-alpha', 'sort-zeta'] } } });
    expect(left).toBe(0);
    expect(await admin.stack.cloud.courseExists('sort-alpha')).toBe(false);
  });

  it('filters the course list by the day of its last update, the days picked in the date pickers', async () => {
    // Updated on fixed days; 23:30 UTC on the 1st is already the 2nd in Paris, where this admin is.
    const updated: Record<string, string> = {
      'dated-early': '2026-03-01T12:00:00Z',
      'dated-midnight': '2026-03-01T23:30:00Z',
      'dated-middle': '2026-03-03T10:00:00Z',
      'dated-late': '2026-03-06T10:00:00Z',
    };
    const courses = admin.stack.app.strapi.db.query('plugin::scorm-cloud.course');
    for (const [courseId, at] of Object.entries(updated)) {
      await courses.create({
        data: { courseId, title: `Course ${courseId}`, status: 'ready', launchable: true, createdAt: new Date(at), updatedAt: new Date(at) },
      });
    }
    const total = await courses.count();

    const { page } = await admin.loginAs(superAdmin, { timezoneId: 'Europe/Paris' });
    watchConsole(page);
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud?_q=dated-`);
    await page.getByText(`4 of ${total} courses in SCORM Cloud`).waitFor();
    const shown = async () => (await Promise.all((await page.getByTestId('course-row').all()).map((r) => r.getAttribute('data-course-id')))).sort().join();

    // The first day typed into its field: from the 2nd, Paris time.
    await typeDate(page, 'Updated from', '03/02/2026');
    await page.waitForURL(/updatedFrom=2026-03-02/);
    await page.getByText(`3 of ${total} courses in SCORM Cloud`).waitFor();
    expect(await shown()).toBe('dated-late,dated-middle,dated-midnight');

    // The last clicked in the calendar: until the 5th, that day included.
    await clickDate(page, 'Updated until', { year: 2026, month: 3, day: 5 });
    await page.waitForURL(/updatedTo=2026-03-05/);
    await page.getByText(`2 of ${total} courses in SCORM Cloud`).waitFor();
    expect(await shown()).toBe('dated-middle,dated-midnight');
    // The fields show the days picked, in Paris as anywhere.
    await expect(datePicker(page, 'Updated from').inputValue()).resolves.toBe('03/02/2026');
    await expect(datePicker(page, 'Updated until').inputValue()).resolves.toBe('03/05/2026');
    const url = new URL(page.url());
    expect([url.searchParams.get('_q'), url.searchParams.get('updatedFrom'), url.searchParams.get('updatedTo')]).toEqual([
      'dated-',
      '2026-03-02',
      '2026-03-05',
    ]);
    await admin.screenshot(page, 'admin-course-list-filtered-by-date');

    // Clearing the first day brings back the course updated on the 1st.
    await clearDate(page, 'Updated from');
    await waitFor('updatedFrom out of the URL', () => (new URL(page.url()).searchParams.has('updatedFrom') ? undefined : true));
    await page.getByText(`3 of ${total} courses in SCORM Cloud`).waitFor();
    expect(await shown()).toBe('dated-early,dated-middle,dated-midnight');
    expect(new URL(page.url()).searchParams.get('updatedTo')).toBe('2026-03-05');
  });
});

/**
 * Direct mode: the browser posts the package to the Cloud itself. On both API versions the page posts with
 * script, so it shows real progress and hands the Cloud's answer to Strapi; on V1 a Cloud whose CORS
 * preflight is refused gets the plain form post instead, whose redirect brings the browser back to Strapi.
 */
const DIRECT_CASES = [
  { name: 'V2, a script post with a one-upload bearer token', apiVersion: 'v2', cors: true, path: '/api/v2/courses/importJobs/upload', answers: [200] },
  { name: 'V1, a script post to the signed importCourseAsync URL', apiVersion: 'v1', cors: true, path: '/api', answers: [200] },
  { name: 'V1 with the preflight refused, the form post and its redirect', apiVersion: 'v1', cors: false, path: '/api', answers: [302] },
] as const;

describeBrowser.each(DIRECT_CASES)('direct upload to the Cloud in Chromium: $name', ({ apiVersion, cors, path: cloudPath, answers }) => {
  let admin: AdminStack;
  let tmp: string;
  adminSuite(
    'admin-direct',
    { stack: { pluginConfig: { apiVersion, upload: { mode: 'direct' } }, emulator: { v1ImportCors: cors } }, tmp: true, checkConsole: false },
    (suite) => ({ admin, tmp } = suite),
  );

  it('sends the package to the Cloud, reports the import and follows the course to ready', async () => {
    // The Cloud's redirecturl must be where this browser reaches Strapi (the relay's port is known only now).
    admin.stack.app.strapi.plugin('scorm-cloud').service('config').get().publicUrl = admin.url;
    // An editor who may upload and read courses but not the settings still gets the direct mode.
    const editor = await admin.createAdmin(['plugin::scorm-cloud.courses.read', 'plugin::scorm-cloud.courses.upload']);
    const { page } = await admin.loginAs(editor);
    const cloudAnswers: { method: string; path: string; status: number; location: string | null }[] = [];
    const cloudOrigin = new URL(admin.stack.emulator.serviceUrl).origin;
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin !== cloudOrigin) return;
      const method = response.request().method();
      cloudAnswers.push({ method, path: url.pathname, status: response.status(), location: response.headers().location ?? null });
    });
    const failedRequests: string[] = [];
    page.on('requestfailed', (request) => {
      const url = new URL(request.url());
      if (url.origin === cloudOrigin) failedRequests.push(`${request.method()} ${url.pathname}`);
    });
    await page.getByRole('link', { name: 'SCORM Cloud' }).first().click();
    await page.getByRole('button', { name: 'Upload package' }).first().click();
    const dialog = page.getByRole('dialog');
    const file = path.join(tmp, 'direct.zip');
    const zip = await scorm12Single('Direct Course');
    fs.writeFileSync(file, zip);
    await dialog.getByLabel('SCORM package (.zip)').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    const note = dialog.getByTestId('upload-import-note');
    await note.waitFor({ timeout: 30_000 });
    // The dialog follows the course by polling; the default poller rule runs every 10 seconds.
    await note.locator('[data-status="ready"]').waitFor({ timeout: 45_000 });
    await admin.screenshot(page, `admin-direct-upload-${apiVersion}${cors ? '' : '-form'}`);

    const posts = cloudAnswers.filter((a) => a.method === 'POST' && a.path === cloudPath);
    expect(posts.map((a) => a.status)).toEqual(answers);
    if (answers[0] === 302) {
      // The refused preflight sent nothing; the form post then went once and came back through Strapi.
      expect(failedRequests).toEqual([`POST ${cloudPath}`]);
      expect(posts[0].location).toContain(`${admin.url}/api/scorm-cloud/direct-uploads/`);
      expect(await dialog.getByTestId('upload-progress').count()).toBe(0);
    } else {
      expect(failedRequests).toEqual([]);
      // A script post reports its progress: the bar ends full at the package's size.
      expect(await dialog.getByTestId('upload-progress-text').textContent()).toContain('100');
    }
    const rows = await admin.stack.app.strapi.db.query('plugin::scorm-cloud.course').findMany({ where: { packageName: 'direct.zip' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'ready', title: 'Direct Course', error: null });
    expect(rows[0].importToken).toBeTruthy();
    expect(await dialog.getByText('straight to SCORM Cloud, but').count()).toBe(0);

    await dialog.getByRole('link', { name: 'Open the course' }).click();
    await page.locator('[data-testid="course-status"][data-status="ready"]').first().waitFor({ timeout: 30_000 });
  });
});
