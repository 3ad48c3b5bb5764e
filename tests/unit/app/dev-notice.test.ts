/**
 * What `npm run dev` prints last: the generated passwords it keeps, the block with where to sign in, and
 * that the block comes after Strapi's startup banner.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { devPassword } = require('../../app/src/dev-passwords.js');
const { afterStartupBanner, devNotice } = require('../../app/src/startup-notice.js');

describe('dev passwords', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dev-passwords-'));
    file = join(dir, '.tmp', 'dev-passwords.json');
    delete process.env.TEST_DEV_PASSWORD;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a password once and gives the same one on every later start', () => {
    let n = 0;
    const generate = () => `generated-${++n}`;
    expect(devPassword('learner', 'TEST_DEV_PASSWORD', generate, file)).toEqual({ password: 'generated-1', origin: 'generated', file });
    expect(devPassword('learner', 'TEST_DEV_PASSWORD', generate, file).password).toBe('generated-1');
    expect(devPassword('admin', 'TEST_DEV_PASSWORD', generate, file).password).toBe('generated-2');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ learner: 'generated-1', admin: 'generated-2' });
    // Readable by its owner only: it holds passwords.
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('takes the environment variable when set, and keeps nothing', () => {
    process.env.TEST_DEV_PASSWORD = 'from-env';
    try {
      expect(devPassword('learner', 'TEST_DEV_PASSWORD', () => 'unused', file)).toEqual({ password: 'from-env', origin: 'env', envName: 'TEST_DEV_PASSWORD' });
      expect(() => statSync(file)).toThrow();
    } finally {
      delete process.env.TEST_DEV_PASSWORD;
    }
  });

  it('refuses a damaged file in words instead of replacing the passwords it holds', () => {
    devPassword('learner', 'TEST_DEV_PASSWORD', () => 'kept', file);
    writeFileSync(file, '{ not json');
    expect(() => devPassword('learner', 'TEST_DEV_PASSWORD', () => 'new', file)).toThrow(/is not the JSON object of generated passwords.*delete it/);
  });
});

describe('the dev notice', () => {
  const kept = join(__dirname, '..', '..', 'app', '.tmp', 'dev-passwords.json');
  const admin = { email: 'admin@example.com', password: 'Aa1admin', origin: 'generated', file: kept, works: true };
  const learner = { username: 'demo-learner', password: 'learner-pw', origin: 'generated', file: kept, works: true };
  const course = { courseId: 'c-demo', title: 'SCORM Cloud plugin demo course', status: 'ready', packageName: 'scorm-cloud-demo-course.zip' };
  const urls = { adminUrl: 'http://localhost:1399/admin', learnerUrl: 'http://localhost:1399/learner/index.html' };

  it('gives both sign-ins, the URLs and the demo course', () => {
    const text: string = devNotice({ ...urls, admin, learner, demo: { course, note: 'imported' } });
    expect(text).toContain('http://localhost:1399/admin');
    expect(text).toContain('sign in as admin@example.com, password Aa1admin');
    expect(text).toContain('http://localhost:1399/learner/index.html');
    expect(text).toContain('sign in as demo-learner, password learner-pw');
    expect(text).toContain('"SCORM Cloud plugin demo course" (c-demo), ready, imported');
    expect(text).toContain(`kept in ${join('tests', 'app', '.tmp', 'dev-passwords.json')}`);
  });

  it('does not print a password set in the environment', () => {
    const text: string = devNotice({ ...urls, admin: { ...admin, origin: 'env', envName: 'ADMIN_PASSWORD' }, learner, demo: null });
    expect(text).toContain('sign in as admin@example.com, password the ADMIN_PASSWORD you set');
    expect(text).not.toContain('Aa1admin');
    expect(text).toContain('Demo course   not imported (DEMO_COURSE=true imports it)');
  });

  it('gives the reset command, for the database in use, when the printed admin password no longer works', () => {
    const text: string = devNotice({ ...urls, admin: { ...admin, works: false }, learner, demo: null, databaseFile: '/tmp/other/data.db' });
    expect(text).toContain(
      "in tests/app run DATABASE_FILENAME=/tmp/other/data.db npx strapi admin:reset-user-password --email admin@example.com --password 'Aa1admin'",
    );
  });

  it('says why the demo course is not ready', () => {
    const failed = devNotice({ ...urls, admin, learner, demo: { course: { ...course, status: 'failed', error: 'SCORM Cloud refused it' }, note: 'imported' } });
    expect(failed).toContain('(c-demo) failed: SCORM Cloud refused it');
    const importing = devNotice({ ...urls, admin, learner, demo: { course: { ...course, status: 'importing' }, note: 'imported' } });
    expect(importing).toContain('still importing');
  });
});

describe('afterStartupBanner', () => {
  it("prints after Strapi's banner, once", async () => {
    const printed: string[] = [];
    const startupLogger = {
      logStartupMessage() {
        printed.push('banner');
      },
    };
    const strapi = { startupLogger, log: { error: (line: string) => printed.push(line) } };
    afterStartupBanner(strapi, () => printed.push('notice'));
    expect(printed).toEqual([]);
    startupLogger.logStartupMessage();
    printed.push('Strapi started successfully');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(printed).toEqual(['banner', 'Strapi started successfully', 'notice']);
    startupLogger.logStartupMessage();
    await new Promise((resolve) => setImmediate(resolve));
    expect(printed.filter((line) => line === 'notice')).toHaveLength(1);
  });
});
