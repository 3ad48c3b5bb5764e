/**
 * Learners are the site's users, in Debian's Chromium: an editor assigns a course to two users picked by
 * search and then to a whole role; the learners see the assignment; a user renamed in the Content
 * Manager is renamed in SCORM Cloud (the emulator), and the user's page there links to their
 * registrations.
 */
import type { Page } from 'playwright-core';
import { seedCourse } from '../integration/results-fixtures';
import { TEST_APP } from '../helpers/stack';
import { grantRole, pluginActions } from '../helpers/strapi';
import type { AdminStack, AdminUser } from './admin/admin-session';
import { adminSuite, describeAdmin } from './admin/admin-suite';
import { clickDate, datePicker, typeDate } from './admin/date-picker';
import { waitFor } from './support';

const describeBrowser = describeAdmin('admin-learners');

const COURSE_ID = 'learners-admin-course';
const USER_UID = 'plugin::users-permissions.user' as any;
const ROLE_UID = 'plugin::users-permissions.role' as any;
const REG_UID = 'plugin::scorm-cloud.registration' as any;

describeBrowser('learners as users in Chromium', () => {
  let admin: AdminStack;
  let editor: AdminUser;
  let watchConsole: (page: Page) => Page;
  adminSuite('admin-learners', { stack: { pluginConfig: { poller: { enabled: false } } } }, (suite) => ({ admin, superAdmin: editor, watchConsole } = suite));
  const users: Record<string, { documentId: string; jwt: string }> = {};

  /** A confirmed users-permissions user of a role, and their JWT. */
  async function siteUser(username: string, roleId: number) {
    const strapi = admin.stack.app.strapi;
    const user = await strapi
      .plugin('users-permissions')
      .service('user')
      .add({
        username,
        email: `${username}@example.com`,
        password: 'Learn3rSecret!',
        provider: 'local',
        confirmed: true,
        role: roleId,
      });
    const jwt = strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
    users[username] = { documentId: user.documentId, jwt };
  }

  beforeAll(async () => {
    await seedCourse(admin.stack, COURSE_ID);
    // As the poller leaves a finished import: SCORM Cloud's first version is 0.
    await admin.stack.app.strapi.db.query('plugin::scorm-cloud.course').update({ where: { courseId: COURSE_ID }, data: { version: 0 } });
    const strapi = admin.stack.app.strapi;
    await grantRole(admin.stack.app, 'authenticated', pluginActions('learner-registrations.me'));
    const authenticated = await strapi.db.query(ROLE_UID).findOne({ where: { type: 'authenticated' } });
    const staff = await strapi.db.query(ROLE_UID).create({ data: { name: 'Staff', type: 'staff', description: 'Employees' } });
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action: 'plugin::scorm-cloud.learner-registrations.me', role: staff.id } });
    for (const name of ['annika', 'bertram', 'annette']) await siteUser(name, authenticated.id);
    for (const name of ['carla', 'dmitri']) await siteUser(name, staff.id);
  });

  const openAssign = async (page: Page) => {
    await page.getByTestId('course-registrations').getByRole('button', { name: 'Assign learners' }).click();
    return page.getByRole('dialog');
  };
  const learnerRows = (page: Page) => page.getByTestId('course-registrations').getByTestId('registration-row');
  const mine = async (username: string) => {
    const res = await admin.stack.app.http.get('/api/scorm-cloud/me/registrations').set('Authorization', `Bearer ${users[username].jwt}`);
    expect(res.status).toBe(200);
    return (res.body.data as Array<{ course: { courseId: string } }>).map((r) => r.course.courseId);
  };

  it('assigns a course to two users found by search, then to a whole role; the learners see it', async () => {
    const { page } = await admin.loginAs(editor);
    watchConsole(page);
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/courses/${COURSE_ID}`);
    await page.getByTestId('course-registrations').waitFor();
    // What SCORM Cloud knows of the course: its standard in words and its one version, the live one.
    await page.getByTestId('course-standard').getByText('Learning standard: SCORM 1.2').waitFor();
    const versions = page.getByTestId('course-version');
    expect(await versions.count()).toBe(1);
    expect(await versions.first().textContent()).toContain('Launched by learners');

    let dialog = await openAssign(page);
    const options = dialog.getByTestId('user-option');
    // The search goes to the server: "ann" is two users of five, by username.
    await dialog.getByLabel('Find users').fill('ann');
    await waitFor('the search for "ann"', async () => ((await options.count()) === 2 ? true : undefined));
    expect(await dialog.getByTestId('user-options').textContent()).toContain('annika@example.com');
    await options.filter({ hasText: 'annika' }).getByRole('checkbox').click();
    await dialog.getByLabel('Find users').fill('bert');
    await waitFor('the search for "bert"', async () => ((await options.count()) === 1 ? true : undefined));
    await options.filter({ hasText: 'bertram' }).getByRole('checkbox').click();
    // Picked users stay picked while the search changes.
    await expect(dialog.getByTestId('picked-users').textContent()).resolves.toBe('Picked: annika, bertram');
    await admin.screenshot(page, 'admin-assign-users');
    await dialog.getByRole('button', { name: 'Assign to 2 users' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Course assigned to annika, bertram').first().waitFor();
    await waitFor('two rows', async () => ((await learnerRows(page).count()) === 2 ? true : undefined));
    // Named after the user, never "name -".
    const texts = await learnerRows(page).allTextContents();
    expect(texts.some((t) => t.startsWith('annika'))).toBe(true);
    expect(texts.join('\n')).not.toMatch(/ -\b|annika -/);

    dialog = await openAssign(page);
    await dialog.getByRole('tab', { name: 'A whole role' }).click();
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Staff (2 users)' }).click();
    await dialog.getByRole('button', { name: 'Assign to 2 users' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Course assigned to the Staff role').first().waitFor();
    await waitFor('four rows', async () => ((await learnerRows(page).count()) === 4 ? true : undefined));
    await admin.screenshot(page, 'admin-course-assigned');

    // Each registration belongs to its user: it is in their own list, and only there.
    for (const name of ['annika', 'bertram', 'carla', 'dmitri']) expect(await mine(name)).toEqual([COURSE_ID]);
    expect(await mine('annette')).toEqual([]);
  });

  it("renames the learner in SCORM Cloud when the user is renamed in the Content Manager, whose page links to the user's registrations", async () => {
    const { page } = await admin.loginAs(editor);
    watchConsole(page);
    const annika = users.annika;
    await page.goto(`${admin.url}/admin/content-manager/collection-types/plugin::users-permissions.user/${annika.documentId}`);
    const panel = page.getByTestId('user-registrations-panel');
    await panel.getByText('1 registration').waitFor();

    const username = page.getByRole('textbox', { name: 'username' });
    await username.fill('annika.berg');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor();

    const row = await admin.stack.app.strapi.db.query(REG_UID).findOne({ where: { userDocumentId: annika.documentId } });
    await waitFor('the emulator to hold the new name', async () => {
      const { registration } = await admin.stack.control(`registrations/${row.registrationId}?appId=${TEST_APP.appId}`);
      return registration.firstName === 'annika.berg' ? true : undefined;
    });
    expect((await admin.stack.app.strapi.db.query(REG_UID).findOne({ where: { id: row.id } })).learnerFirstName).toBe('annika.berg');
    await admin.screenshot(page, 'admin-user-registrations-panel');

    await panel.getByRole('link', { name: "Open this learner's registrations" }).click();
    await page.waitForURL(new RegExp(`/learners/u-${annika.documentId}$`));
    await page.getByRole('heading', { name: 'annika.berg', level: 1 }).waitFor();
    await page.getByTestId('learner-details').getByText('annika@example.com').waitFor();
    expect(await page.getByTestId('registration-row').count()).toBe(1);
    expect(await admin.stack.app.strapi.db.query(USER_UID).count({ where: { username: 'annika.berg' } })).toBe(1);
  });

  it('resets an attempt, clearing its override with a history entry, then starts the next attempt', async () => {
    const { page } = await admin.loginAs(editor);
    watchConsole(page);
    // The width the header's buttons must fit in without wrapping.
    await page.setViewportSize({ width: 1280, height: 900 });
    const bertram = await admin.stack.app.strapi.db.query(REG_UID).findOne({ where: { userDocumentId: users.bertram.documentId } });
    const token = await admin.stack.app.superAdminToken();
    const set = await admin.stack.app
      .request()
      .put(`/scorm-cloud/registrations/${bertram.registrationId}/override`)
      .set('Authorization', `Bearer ${token}`)
      .send({ complete: 'complete', reason: 'Attended the workshop' });
    expect(set.status).toBe(200);

    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/registrations/${bertram.registrationId}`);
    await page.getByRole('button', { name: 'New attempt', exact: true }).waitFor();
    const tops = new Set<number>();
    for (const name of ['Refresh', 'Override', 'Clear override', 'New attempt', 'Reset', 'Delete']) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox();
      tops.add(Math.round(box!.y));
    }
    expect(tops.size).toBe(1);

    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Reset this attempt?').waitFor();
    expect(await confirm.textContent()).toContain("SCORM Cloud will forget bertram's progress in attempt 1");
    expect(await confirm.textContent()).toContain('The override is cleared, with an entry in its history.');
    await admin.screenshot(page, 'admin-registration-reset-confirm');
    await confirm.getByRole('button', { name: 'Reset attempt' }).click();
    await page.getByText("bertram's registration reset").first().waitFor();
    await expect(page.getByTestId('big-four-complete-value').textContent()).resolves.toBe('Not attempted');
    expect(await page.getByTestId('overridden-complete').count()).toBe(0);
    const newest = page.getByTestId('history-row').first();
    await expect(newest.textContent()).resolves.toContain('Cleared by a reset of this attempt');

    await page.getByRole('button', { name: 'New attempt', exact: true }).click();
    await confirm.getByText('Start attempt 2?').waitFor();
    expect(await confirm.textContent()).toContain(`A new registration, attempt 2, is created for bertram in Course ${COURSE_ID}. Attempt 1 stays as it is`);
    await confirm.getByRole('button', { name: 'Start attempt 2' }).click();
    await page.getByText('Attempt 2 started for bertram').first().waitFor();
    await page.waitForURL((u) => !u.pathname.endsWith(bertram.registrationId));
    await expect(page.getByTestId('registration-detail-Attempt').textContent()).resolves.toBe('2');
    await admin.screenshot(page, 'admin-registration-attempt-2');

    // Both attempts are the learner's; launches open the newest.
    expect((await mine('bertram')).length).toBe(2);
    await page.getByTestId('registration-learner').click();
    await page.getByText(`Learner ID u-${users.bertram.documentId}: 2 registrations`).waitFor();
  });

  it('sorts, filters by course and last launch, refreshes a selection and exports the list as CSV', async () => {
    const strapi = admin.stack.app.strapi;
    const rowOf = (username: string) =>
      strapi.db.query(REG_UID).findOne({ where: { userDocumentId: users[username].documentId }, orderBy: { attempt: 'asc' } });
    const results: Record<string, [number, string]> = {
      annika: [80, '2026-03-01T10:00:00Z'],
      carla: [30, '2026-03-03T10:00:00Z'],
      dmitri: [55, '2026-03-05T10:00:00Z'],
    };
    for (const [name, [score, launched]] of Object.entries(results)) {
      const row = await rowOf(name);
      await strapi.db.query(REG_UID).update({ where: { id: row.id }, data: { score, cloudScore: score, lastLaunchedAt: new Date(launched) } });
    }
    // A second course with one registration, for the course picker to leave out.
    await seedCourse(admin.stack, 'learners-other-course');
    const token = await admin.stack.app.superAdminToken();
    const assigned = await admin.stack.app
      .request()
      .post('/scorm-cloud/registrations/assignments')
      .set('Authorization', `Bearer ${token}`)
      .send({ courseId: 'learners-other-course', userDocumentIds: [users.annette.documentId] });
    expect(assigned.body.data.created).toBe(1);
    const inCourse = await strapi.db.query(REG_UID).count({ where: { course: { courseId: COURSE_ID } } });
    const total = await strapi.db.query(REG_UID).count();

    const { page } = await admin.loginAs(editor);
    watchConsole(page);
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/registrations`);
    const rows = page.getByTestId('registration-row');
    await rows.first().waitFor();
    // The scored rows in the order shown (rows without a score sort as the database puts NULLs).
    const scored = async () =>
      (await rows.getByTestId('learner-link').allTextContents()).map((t) => t.trim()).filter((t) => ['annika.berg', 'carla', 'dmitri'].includes(t));

    // Sorting by score, both ways, through the URL as in the Content Manager.
    await page.locator('th', { hasText: 'Score' }).first().click();
    await page.waitForURL(/sort=score%3AASC|sort=score:ASC/);
    await waitFor('the lowest score first', async () => ((await scored()).join() === 'carla,dmitri,annika.berg' ? true : undefined));
    await page.locator('th', { hasText: 'Score' }).first().click();
    await page.waitForURL(/sort=score%3ADESC|sort=score:DESC/);
    await waitFor('the highest score first', async () => ((await scored()).join() === 'annika.berg,dmitri,carla' ? true : undefined));

    // The course picker: by title, and the count says how many of all.
    const picker = page.getByRole('combobox', { name: 'Course' });
    await picker.click();
    await picker.pressSequentially('admin-course');
    await page.getByRole('option', { name: `Course ${COURSE_ID}` }).click();
    await page.waitForURL(new RegExp(`courseId=${COURSE_ID}`));
    await page.getByText(`${inCourse} of ${total} registrations`).waitFor();
    expect(await page.locator('[data-testid="course-link"]', { hasText: 'learners-other-course' }).count()).toBe(0);

    // Launched between the 2nd and the 5th of March (the admin's days): carla and dmitri. The first day
    // typed into its field, the last clicked in the calendar.
    await typeDate(page, 'Launched from', '03/02/2026');
    await page.waitForURL(/launchedFrom=2026-03-02/);
    // annika launched on the 1st: gone, the others kept in the score order.
    await waitFor('the rows launched since the 2nd', async () => ((await scored()).join() === 'dmitri,carla' ? true : undefined));
    await clickDate(page, 'Launched until', { year: 2026, month: 3, day: 5 });
    await page.waitForURL(/launchedTo=2026-03-05/);
    await expect(datePicker(page, 'Launched from').inputValue()).resolves.toBe('03/02/2026');
    await expect(datePicker(page, 'Launched until').inputValue()).resolves.toBe('03/05/2026');
    await waitFor('two launched rows', async () => ((await rows.count()) === 2 ? true : undefined));
    expect((await rows.allTextContents()).map((t) => t.match(/^(carla|dmitri)/)?.[1]).sort()).toEqual(['carla', 'dmitri']);
    const url = new URL(page.url());
    expect([url.searchParams.get('courseId'), url.searchParams.get('launchedFrom'), url.searchParams.get('launchedTo')]).toEqual([
      COURSE_ID,
      '2026-03-02',
      '2026-03-05',
    ]);
    await page.getByText(`2 of ${total} registrations`).waitFor();
    await admin.screenshot(page, 'admin-registrations-filtered-by-date');

    // Bulk refresh of the two: each is asked of SCORM Cloud once.
    const before = await admin.stack.calls('getRegistrationResult');
    await page.getByRole('checkbox', { name: 'Select all entries' }).click();
    await page.getByRole('button', { name: 'Refresh 2 registrations' }).click();
    await page.getByText('2 registrations refreshed from SCORM Cloud').first().waitFor();
    expect((await admin.stack.calls('getRegistrationResult')) - before).toBe(2);

    // The export is the filtered, sorted list.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      }, reject);
    });
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toContain('registration_id,course_id,course_title,learner_id,first_name');
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['dmitri', 'carla']);
    expect(download.suggestedFilename()).toMatch(/^scorm-registrations-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});
