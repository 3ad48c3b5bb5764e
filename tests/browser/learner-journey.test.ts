/**
 * The learner's whole journey in a real browser: the test app's learner page (tests/app/public/learner)
 * signs in through users-permissions, launches a course, the emulator's player runs a real SCO to
 * completion, the browser comes back through the plugin's exit route to the learner page, and the
 * registration reads complete with the SCO's score.
 */
import net from 'node:net';
import { Readable } from 'node:stream';
import { bootStack, type Stack } from '../helpers/stack';
import { grantRole } from '../helpers/strapi';
import { buildZip } from '../helpers/packages';
import { chromiumMissing, launchChromium, SCO_RESULT, scorm12ScoHtml, scorm12ScoManifest, waitFor, type Browser } from './support';

const missing = chromiumMissing();
if (missing) console.warn(missing);
const describeBrowser = missing ? describe.skip : describe;

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

describeBrowser('a learner launches a course from the site and comes back with a result', () => {
  let stack: Stack;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await bootStack({
      pluginConfig: { publicUrl: base, launch: { allowedReturnOrigins: [base] }, registration: { createOn: 'launch' } },
    });
    // The emulator posts results to publicUrl and the browser comes back to it: Strapi must really listen there.
    await new Promise<void>((resolve) => stack.app.strapi.server.httpServer.listen(port, '127.0.0.1', resolve));
    await grantRole(stack.app, 'authenticated', [
      'plugin::scorm-cloud.learner-courses.find',
      'plugin::scorm-cloud.launches.course',
      'plugin::scorm-cloud.learner-registrations.me',
    ]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.destroy();
  });

  async function publishCourse(courseId: string, title: string) {
    const pkg = await buildZip({ 'imsmanifest.xml': scorm12ScoManifest(title), 'sco/index.html': scorm12ScoHtml() });
    const { token } = await stack.cloud.importCourseAsync(courseId, Readable.from([pkg]), { filename: 'course.zip' });
    await waitFor('the import', async () => ((await stack.cloud.getAsyncImportResult(token)).status === 'finished' ? true : undefined));
    await stack.app.strapi.db.query('plugin::scorm-cloud.course').create({ data: { courseId, title, status: 'ready', launchable: true, version: 0 } });
  }

  it('runs the SCO, returns through the exit route, and shows complete with the SCO score', async () => {
    await publishCourse('journey-course', 'Journey Course');
    const page = await browser.context.newPage();
    await page.goto(`${base}/learner/index.html`);
    await page.getByLabel('E-mail or user name').fill('ada@example.com');
    await page.getByLabel('Password').fill('Learn3rSecret!');
    await page.getByRole('button', { name: 'Create this account' }).click();
    await page.getByRole('button', { name: 'Launch Journey Course' }).click();

    // The SCO finishes by itself; the player then sends the browser to the exit route, which redirects back.
    await page.waitForURL(/\/learner\/index\.html\?returnedFrom=journey-course/, { timeout: 30_000 });
    const row = page.locator('#result-rows tr').first();
    await waitFor('the result on the learner page', async () => ((await row.locator('td').nth(1).textContent()) === 'complete' ? true : undefined), 20_000);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['Journey Course', 'complete', 'passed', String(SCO_RESULT.score)]);
    await page.screenshot({ path: 'test-results/learner-journey.png' });

    const stored = await stack.app.strapi.db.query('plugin::scorm-cloud.registration').findMany({ where: { course: { courseId: 'journey-course' } } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ complete: 'complete', success: 'passed', launchCount: 1 });
    expect(Number(stored[0].score)).toBe(SCO_RESULT.score);
  });
});
