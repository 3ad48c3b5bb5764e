/**
 * The upload dialog with several packages, in Debian's Chromium: packages dropped on its drop zone go up
 * one after the other, each with its own progress and outcome, and a file that is not a zip is refused in
 * words before anything is sent. A new course whose upload the editor cancels leaves no course behind.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildZip, scorm12Manifest, scorm12Single } from '../helpers/packages';
import type { AdminStack, AdminUser } from './admin/admin-session';
import { adminSuite, describeAdmin, FAST_POLLER } from './admin/admin-suite';

const describeBrowser = describeAdmin('admin-upload');

/** Bytes per second the relay lets through while the package to cancel goes up: slow enough to catch it. */
const UPLOAD_RATE = 1024 * 1024;

/** Large (random, so zip cannot shrink it) for the upload to last long enough to be cancelled. */
const largePackage = (title: string) =>
  buildZip(
    {
      'imsmanifest.xml': scorm12Manifest({ title, scos: [{ id: '1', title: 'Lesson', href: 'index.html' }], extraFiles: ['media/filler.bin'] }),
      'index.html': '<!doctype html><html><body>lesson</body></html>',
      'media/filler.bin': randomBytes(12 * 1024 * 1024),
    },
    { compress: false },
  );

/**
 * Drops files on the dialog's drop zone as a person would: a `drop` event carrying a DataTransfer built
 * in the page (Playwright cannot drag files from the desktop).
 */
async function dropFiles(page: Page, files: { name: string; type: string; content: Buffer }[]) {
  const payload = files.map((f) => ({ name: f.name, type: f.type, base64: f.content.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    // Run in the page: its DOM, not this process's types.
    const page = globalThis as any;
    const transfer = new page.DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(page.atob(f.base64) as string, (c) => c.charCodeAt(0));
      transfer.items.add(new page.File([bytes], f.name, { type: f.type }));
    }
    return transfer;
  }, payload);
  const zone = page.getByRole('dialog').getByTestId('upload-drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

describeBrowser('uploading several packages in Chromium', () => {
  let admin: AdminStack;
  let superAdmin: AdminUser;
  let tmp: string;
  let watchConsole: (page: Page) => Page;
  adminSuite('admin-upload', { stack: { pluginConfig: { poller: FAST_POLLER } }, tmp: true }, (suite) => ({ admin, superAdmin, tmp, watchConsole } = suite));
  const courses = () => admin.stack.app.strapi.db.query('plugin::scorm-cloud.course');

  const openUploadDialog = async (page: Page) => {
    await page.getByRole('link', { name: 'SCORM Cloud' }).first().click();
    await page.getByRole('heading', { name: 'SCORM courses' }).waitFor();
    await page.getByRole('button', { name: 'Upload package' }).first().click();
    return page.getByRole('dialog');
  };

  it('uploads two dropped packages one after the other, each with its outcome, and refuses the .txt in words', async () => {
    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    const dialog = await openUploadDialog(page);
    const first = await scorm12Single('Dropped Course One');
    await dropFiles(page, [
      { name: 'first-course.zip', type: 'application/zip', content: first },
      { name: 'notes.txt', type: 'text/plain', content: Buffer.from('these are notes, not a package') },
      { name: 'second-course.zip', type: 'application/zip', content: await scorm12Single('Dropped Course Two') },
    ]);

    const items = dialog.getByTestId('upload-item');
    await expect(items.count()).resolves.toBe(3);
    const item = (name: string) => dialog.locator(`[data-testid="upload-item"][data-file-name="${name}"]`);
    // Each file with its size in the admin's units.
    await expect(item('first-course.zip').getByTestId('upload-file-size').textContent()).resolves.toBe(`first-course.zip — ${first.length} bytes`);
    // Refused before any upload, in words.
    await expect(item('notes.txt').getByRole('alert').textContent()).resolves.toBe(
      'notes.txt is not a .zip file and will not be uploaded. A SCORM package is a .zip archive with imsmanifest.xml at its root.',
    );
    // The title field is for one package; several take their manifests' titles.
    expect(await dialog.getByLabel('Title (optional)').count()).toBe(0);
    await dialog.getByText('With several packages, each course takes the title in its own manifest').waitFor();
    await admin.screenshot(page, 'admin-upload-several-chosen');

    await dialog.getByRole('button', { name: 'Upload 2 packages' }).click();
    for (const name of ['first-course.zip', 'second-course.zip']) {
      await item(name).locator('[data-testid="upload-import-note"][data-outcome="ready"]').waitFor({ timeout: 45_000 });
      await expect(item(name).getByTestId('upload-import-note').textContent()).resolves.toContain('SCORM Cloud imported the package: the course is ready.');
      await expect(
        item(name)
          .getByRole('progressbar', { name: `Upload progress of ${name}` })
          .getAttribute('aria-valuenow'),
      ).resolves.toBe('100');
    }
    expect(await item('notes.txt').getAttribute('data-phase')).toBe('refused');
    const summary = dialog.getByTestId('upload-summary');
    await summary.getByText('2 courses are ready.').waitFor();
    await summary.getByText('1 file was not uploaded: it is not a .zip package.').waitFor();
    await admin.screenshot(page, 'admin-upload-several-done');

    const rows = (await courses().findMany({ where: { packageName: { $in: ['first-course.zip', 'second-course.zip', 'notes.txt'] } } })) as {
      title: string;
      status: string;
    }[];
    expect(rows.map((r) => [r.title, r.status]).sort()).toEqual([
      ['Dropped Course One', 'ready'],
      ['Dropped Course Two', 'ready'],
    ]);

    // The list shows both courses, ready.
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    for (const title of ['Dropped Course One', 'Dropped Course Two']) {
      await page.getByTestId('course-row').filter({ hasText: title }).locator('[data-status="ready"]').waitFor();
    }
  });

  it('leaves no course row when the editor cancels the upload of a new course', async () => {
    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    const dialog = await openUploadDialog(page);
    const file = path.join(tmp, 'cancel-me.zip');
    fs.writeFileSync(file, await largePackage('Cancelled Course'));
    await dialog.getByLabel('SCORM package (.zip)').setInputFiles(file);
    admin.link.setUploadRate(UPLOAD_RATE);
    try {
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.waitForFunction(
        () => Number((globalThis as any).document.querySelector('[data-testid="upload-progress"]')?.getAttribute('aria-valuenow')) >= 1,
        undefined,
        { polling: 50, timeout: 30_000 },
      );
      // The row exists while the package is on its way...
      await expect(courses().count({ where: { packageName: 'cancel-me.zip', status: 'uploading' } })).resolves.toBe(1);
      await dialog.getByRole('button', { name: 'Cancel upload' }).click();
      await dialog.getByRole('alert').getByText('Upload cancelled. No course was created').waitFor();
    } finally {
      admin.link.setUploadRate(0);
    }
    await admin.screenshot(page, 'admin-upload-cancelled-removed');

    // ...and goes once the server sees the browser leave: no failed course to clean up, nothing in the Cloud.
    const deadline = Date.now() + 15_000;
    let left = 1;
    while (Date.now() < deadline && (left = await courses().count({ where: { packageName: 'cancel-me.zip' } })) > 0) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(left).toBe(0);
    expect((await admin.stack.cloud.getCourseList()).map((c) => c.title)).not.toContain('Cancelled Course');
    // The same file can go again at once.
    expect(await dialog.getByRole('button', { name: 'Upload', exact: true }).isEnabled()).toBe(true);
  });
});
