#!/usr/bin/env node
/**
 * `npm run docs:screenshots`: copies the README's screenshots from test-results/, where the browser tests
 * save one of every admin page they visit, to docs/screenshots/. Run it after the browser tests
 * (`npx jest --selectProjects browser`); tests/unit/docs/screenshots.test.ts checks that each image the
 * README shows is one of those the tests save.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const from = path.join(root, 'test-results');
const to = path.join(root, 'docs', 'screenshots');

/** The images the README shows, by the name the browser tests save them under. */
const SHOWN = [
  'admin-course-list',
  'admin-course-page',
  'admin-upload-progress',
  'admin-assign-users',
  'admin-registrations-filtered-by-date',
  'admin-registration-overridden',
  'admin-learner',
  'admin-user-registrations-panel',
  'admin-settings',
];

fs.mkdirSync(to, { recursive: true });
const missing = SHOWN.filter((name) => !fs.existsSync(path.join(from, `${name}.png`)));
if (missing.length) {
  console.error(`Not in test-results/ (run the browser tests first): ${missing.join(', ')}`);
  process.exit(1);
}
for (const name of SHOWN) fs.copyFileSync(path.join(from, `${name}.png`), path.join(to, `${name}.png`));
console.log(`${SHOWN.length} screenshots copied to docs/screenshots/`);
