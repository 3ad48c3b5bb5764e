/**
 * The registrations admin in Debian's Chromium: a real Strapi serving the built admin panel, the
 * plugin's server, and the emulator as SCORM Cloud. An editor finds a learner's registration, overrides
 * its completion with a reason, and sees the "overridden" mark, SCORM Cloud's value beside it and the
 * history row; a reader sees the same page without the actions.
 */
import type { Page } from 'playwright-core';
import { seedCourse, seedRegistration } from '../integration/results-fixtures';
import type { AdminStack, AdminUser } from './admin/admin-session';
import { adminSuite, describeAdmin } from './admin/admin-suite';

const describeBrowser = describeAdmin('admin-registrations');

const COURSE_ID = 'reg-admin-course';
const REG_ID = 'reg-admin-1';
const OTHER_ID = 'reg-admin-2';

describeBrowser('registration admin pages in Chromium', () => {
  let admin: AdminStack;
  let superAdmin: AdminUser;
  let watchConsole: (page: Page) => Page;
  adminSuite('admin-registrations', {}, (suite) => ({ admin, superAdmin, watchConsole } = suite));

  beforeAll(async () => {
    const course = await seedCourse(admin.stack, COURSE_ID);
    // Results as SCORM Cloud last reported them: incomplete, 40%, 12 minutes, launched twice.
    const results = {
      cloudComplete: 'incomplete',
      complete: 'incomplete',
      cloudSuccess: 'unknown',
      success: 'unknown',
      cloudScore: 40,
      score: 40,
      cloudTotalTime: 720,
      launchCount: 2,
      lastLaunchedAt: new Date('2026-03-04T10:00:00Z'),
      reportedAt: new Date('2026-03-04T10:12:00Z'),
      reportSource: 'postback',
    };
    await seedRegistration(admin.stack, { registrationId: REG_ID, course, row: { ...results, learnerFirstName: 'Ada', learnerLastName: 'Lovelace' } });
    await seedRegistration(admin.stack, {
      registrationId: OTHER_ID,
      course,
      row: { learnerFirstName: 'Grace', learnerLastName: 'Hopper', cloudComplete: 'complete', complete: 'complete', cloudSuccess: 'passed', success: 'passed' },
    });
  });

  const row = (page: Page, registrationId: string) => page.locator(`[data-testid="registration-row"][data-registration-id="${registrationId}"]`);

  it('lists registrations with their effective results, filters them, and overrides completion with a reason', async () => {
    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    await page.getByRole('link', { name: 'SCORM Cloud' }).first().click();
    await page.getByRole('heading', { name: 'SCORM courses' }).waitFor();
    await page.getByRole('link', { name: 'Registrations', exact: true }).click();
    await page.getByRole('heading', { name: 'Registrations', level: 1 }).waitFor();

    const ada = row(page, REG_ID);
    await ada.waitFor();
    expect(await page.getByTestId('registration-row').count()).toBe(2);
    const text = await ada.textContent();
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain(`learner-${REG_ID}`);
    expect(text).toContain(`Course ${COURSE_ID}`);
    expect(text).toContain('Incomplete');
    expect(text).toContain('40%');
    expect(text).toContain('12:00');
    expect(await ada.getByTestId('overridden-complete').count()).toBe(0);

    // The completion filter goes to the server: only Grace is complete.
    await page.getByRole('combobox', { name: 'Completion' }).click();
    await page.getByRole('option', { name: 'Complete', exact: true }).click();
    await page.waitForURL(/complete=complete/);
    await row(page, OTHER_ID).waitFor();
    await ada.waitFor({ state: 'detached' });
    await admin.screenshot(page, 'admin-registrations-filtered');

    // The learner's name opens the learner: every registration they have; the row opens the registration.
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/registrations`);
    await ada.getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.waitForURL(new RegExp(`/learners/learner-${REG_ID}$`));
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
    await page.getByText(`Learner ID learner-${REG_ID}: 1 registration`).waitFor();
    await page.getByTestId('learner-details').getByText('None: this learner was named by ID').waitFor();
    await admin.screenshot(page, 'admin-learner');
    await row(page, REG_ID).click();
    await page.waitForURL(new RegExp(`/registrations/${REG_ID}$`));
    await expect(page.getByTestId('big-four-complete-value').textContent()).resolves.toBe('Incomplete');
    // A score as Intl writes a percentage in the admin's locale (en-US: no space before %).
    await expect(page.getByTestId('big-four-score-value').textContent()).resolves.toBe('40%');
    // Statuses in words, never the stored token.
    await expect(page.getByTestId('registration-detail-Status in SCORM Cloud').textContent()).resolves.toBe('Active');
    await expect(page.getByTestId('registration-detail-Last report').textContent()).resolves.toContain('(postback)');

    await page.getByRole('button', { name: 'Override', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Completion' }).click();
    await page.getByRole('option', { name: 'Complete', exact: true }).click();
    await dialog.getByLabel('Reason').fill('Completed the classroom session instead');
    await dialog.getByRole('button', { name: 'Save override' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect(page.getByTestId('big-four-complete-value').textContent()).resolves.toBe('Complete');
    await page.getByTestId('big-four-complete').getByTestId('overridden-complete').waitFor();
    await expect(page.getByTestId('big-four-complete-cloud').textContent()).resolves.toBe('SCORM Cloud: Incomplete');
    // Success and score were not overridden: no mark, no Cloud value beside them.
    expect(await page.getByTestId('overridden-success').count()).toBe(0);
    expect(await page.getByTestId('big-four-score-cloud').count()).toBe(0);
    const history = page.getByTestId('history-row');
    expect(await history.count()).toBe(1);
    const entry = await history.first().textContent();
    expect(entry).toContain(superAdmin.email);
    expect(entry).toContain('Set');
    expect(entry).toContain('Completion: Complete');
    expect(entry).toContain('Completed the classroom session instead');
    await admin.screenshot(page, 'admin-registration-overridden');

    const stored = await admin.stack.app.strapi.db.query('plugin::scorm-cloud.registration').findOne({ where: { registrationId: REG_ID } });
    expect(stored.overrideComplete).toBe('complete');
    expect(stored.cloudComplete).toBe('incomplete');

    // The course page lists its registrations with the same mark.
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/courses/${COURSE_ID}`);
    const section = page.getByTestId('course-registrations');
    await section.waitFor();
    await row(page, REG_ID).getByTestId('overridden-complete').waitFor();
    expect(await section.getByTestId('registration-row').count()).toBe(2);

    // Assigning from the course page creates the registration (in the emulator too) and lists it.
    await section.getByRole('button', { name: 'Assign learners' }).click();
    const assign = page.getByRole('dialog');
    await assign.getByRole('tab', { name: 'By learner ID' }).click();
    // A refused ID is answered inside the dialog, which stays open with what was typed.
    await assign.getByRole('textbox', { name: /^Learner ID/ }).fill('alan turing');
    await assign.getByRole('button', { name: 'Assign', exact: true }).click();
    await assign.getByRole('alert').getByText('The server refused (400)').waitFor();
    expect(await assign.getByRole('alert').textContent()).toContain('learner.learnerId must be 1–255 characters');
    expect(await assign.getByRole('textbox', { name: /^Learner ID/ }).inputValue()).toBe('alan turing');
    expect(await admin.stack.app.strapi.db.query('plugin::scorm-cloud.registration').count({ where: { learnerId: 'alan turing' } })).toBe(0);
    await assign.getByRole('textbox', { name: /^Learner ID/ }).fill('learner-turing');
    await assign.getByLabel('First name').fill('Alan');
    await assign.getByLabel('Last name').fill('Turing');
    await assign.getByRole('button', { name: 'Assign', exact: true }).click();
    await assign.waitFor({ state: 'detached' });
    await section.getByText('Alan Turing').waitFor();
    // The toast names the learner the editor typed, not only the ID.
    await page.getByText('Course assigned to Alan Turing').first().waitFor();
    expect(await section.getByTestId('registration-row').count()).toBe(3);
    // No result yet: "Not attempted" under completion and a dash under success, not "Unknown" twice.
    const turing = section.getByTestId('registration-row').filter({ hasText: 'Alan Turing' });
    await expect(turing.getByTestId('effective-complete').textContent()).resolves.toBe('Not attempted');
    await expect(turing.getByTestId('effective-success').textContent()).resolves.toBe('—');
    expect(await turing.textContent()).not.toContain('Unknown');
    // The course's own count follows.
    await page.getByTestId('course-detail-Registrations').filter({ hasText: /^3$/ }).waitFor();
    const assigned = await admin.stack.app.strapi.db.query('plugin::scorm-cloud.registration').findOne({ where: { learnerId: 'learner-turing' } });
    expect(assigned?.registrationId).toBeTruthy();
    await admin.screenshot(page, 'admin-course-registrations');
  });

  it('clears the override with a reason, resets the registration, then deletes it after a confirmation', async () => {
    const token = await admin.stack.app.superAdminToken();
    const set = await admin.stack.app
      .request()
      .put(`/scorm-cloud/registrations/${REG_ID}/override`)
      .set('Authorization', `Bearer ${token}`)
      .send({ score: 90, reason: 'Oral exam' });
    expect(set.status).toBe(200);

    const { page } = await admin.loginAs(superAdmin);
    watchConsole(page);
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/registrations/${REG_ID}`);
    await expect(page.getByTestId('big-four-score-value').textContent()).resolves.toBe('90%');
    await expect(page.getByTestId('big-four-score-cloud').textContent()).resolves.toBe('SCORM Cloud: 40%');
    await page.getByTestId('registration-postbacks').getByText('No postback received yet.').waitFor();

    await page.getByRole('button', { name: 'Clear override', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Exam result entered by mistake');
    await dialog.getByRole('button', { name: 'Clear override' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(page.getByTestId('big-four-score-value').textContent()).resolves.toBe('40%');
    await expect(page.getByTestId('big-four-complete-value').textContent()).resolves.toBe('Incomplete');
    expect(await page.locator('[data-testid^="overridden-"]').count()).toBe(0);
    const newest = page.getByTestId('history-row').first();
    expect(await newest.getAttribute('data-action')).toBe('clear');
    await expect(newest.textContent()).resolves.toContain('Exam result entered by mistake');
    await admin.screenshot(page, 'admin-registration-cleared');

    const resets: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().endsWith(`/registrations/${REG_ID}/reset`) && resets.push(r.url()));
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByRole('alertdialog').getByText("SCORM Cloud will forget Ada Lovelace's progress").waitFor();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Reset attempt' }).click();
    // The toast names whose registration it was.
    await page.getByText("Ada Lovelace's registration reset").first().waitFor();
    expect(resets).toHaveLength(1);
    // The override history stays after a reset.
    expect(await page.getByTestId('history-row').count()).toBe(3);

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('alertdialog').getByText('will be deleted from SCORM Cloud').waitFor();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete registration' }).click();
    await page.waitForURL(new RegExp(`/courses/${COURSE_ID}$`));
    await page.getByTestId('course-registrations').waitFor();
    expect(await admin.stack.app.strapi.db.query('plugin::scorm-cloud.registration').count({ where: { registrationId: REG_ID } })).toBe(0);
  });

  it('shows a reader the registration without Override, Reset or Delete', async () => {
    const reader = await admin.createAdmin(['plugin::scorm-cloud.registrations.read']);
    const { page } = await admin.loginAs(reader);
    watchConsole(page);
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/registrations`);
    await row(page, OTHER_ID).waitFor();
    await row(page, OTHER_ID).click();
    await page.waitForURL(new RegExp(`/registrations/${OTHER_ID}$`));
    await expect(page.getByTestId('big-four-success-value').textContent()).resolves.toBe('Passed');
    await page.getByRole('heading', { name: 'Override history' }).waitFor();
    for (const action of ['Refresh', 'Override', 'Clear override', 'Reset', 'Delete']) {
      expect(await page.getByRole('button', { name: action, exact: true }).count()).toBe(0);
    }
    // Without courses.read the course is named, not linked to a page the reader cannot open.
    await page.getByTestId('registration-course').waitFor();
    expect(await page.locator(`a[href$="/courses/${COURSE_ID}"]`).count()).toBe(0);
    await admin.screenshot(page, 'admin-registration-reader');
  });

  it('links the course for a reader who may also read courses', async () => {
    const reader = await admin.createAdmin(['plugin::scorm-cloud.registrations.read', 'plugin::scorm-cloud.courses.read']);
    const { page } = await admin.loginAs(reader);
    watchConsole(page);
    await page.goto(`${admin.url}/admin/plugins/scorm-cloud/registrations/${OTHER_ID}`);
    await page.locator(`a[href$="/courses/${COURSE_ID}"]`).first().click();
    await page.waitForURL(new RegExp(`/courses/${COURSE_ID}$`));
    expect(await page.getByTestId('registration-course').count()).toBe(0);
  });
});
