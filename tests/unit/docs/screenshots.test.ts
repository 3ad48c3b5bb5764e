/**
 * The README's screenshots are those the browser tests save (`admin.screenshot(page, name)`), copied by
 * `npm run docs:screenshots`: each one shown is in docs/screenshots/ and is named after a page a test visits.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const shown = [...fs.readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/\]\(docs\/screenshots\/([a-z0-9-]+)\.png\)/g)].map((m) => m[1]);
const saved = new Set(
  fs
    .readdirSync(path.join(root, 'tests', 'browser'))
    .filter((f) => f.endsWith('.test.ts'))
    .flatMap((f) => [...fs.readFileSync(path.join(root, 'tests', 'browser', f), 'utf8').matchAll(/screenshot\(page, '([a-z0-9-]+)'\)/g)].map((m) => m[1])),
);
const copied = fs.readFileSync(path.join(root, 'scripts', 'screenshots.js'), 'utf8');

describe("the README's screenshots", () => {
  it('shows some', () => {
    expect(shown.length).toBeGreaterThanOrEqual(5);
  });

  it.each(shown)('%s is saved by a browser test, copied by the script and present', (name) => {
    expect(saved.has(name)).toBe(true);
    expect(copied).toContain(`'${name}'`);
    expect(fs.statSync(path.join(root, 'docs', 'screenshots', `${name}.png`)).size).toBeGreaterThan(10_000);
  });
});
