/**
 * The built package as consumers see it: `strapi-plugin-scorm-cloud/cloud` from CommonJS and ESM, and the
 * Strapi entry points. Needs `npm run build` first (npm test's pretest does it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();

// Example 1 of the reference's signing section.
const EXAMPLE = `{ method: 'rustici.debug.authPing', appid: 'MYAPPID', origin: 'acme.lms.1.0', ts: '20240115093000', applib: 'ts' }`;

describe('the built package', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(root, 'dist', 'cloud', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  });

  it('serves the cloud client to CommonJS consumers', () => {
    const out = run([
      '-e',
      `const { sign, CloudClient, CloudV2Client, CloudV1Api, parsePostback } = require('strapi-plugin-scorm-cloud/cloud'); console.log(sign('s3cr3tKEY', ${EXAMPLE}), typeof CloudClient, new CloudV2Client({ appId: 'a', secretKey: 's' }).apiVersion, new CloudV1Api({ appId: 'a', secretKey: 's' }).apiVersion, typeof parsePostback)`,
    ]);
    expect(out).toBe('9860f53c8d5d7bb9d7ced7fc3bf71645 function v2 v1 function');
  });

  it('serves the cloud client to ESM consumers', () => {
    const out = run([
      '--input-type=module',
      '-e',
      `import { sign, CloudApiError } from 'strapi-plugin-scorm-cloud/cloud'; console.log(sign('s3cr3tKEY', ${EXAMPLE}), typeof CloudApiError)`,
    ]);
    expect(out).toBe('9860f53c8d5d7bb9d7ced7fc3bf71645 function');
  });

  it('holds no emulator: that is the separate package scorm-cloud-emulator', () => {
    expect(run(['-e', `try { require('strapi-plugin-scorm-cloud/emulator'); console.log('exported') } catch (e) { console.log(e.code) }`])).toBe(
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
    );
    expect(run(['-e', `console.log(typeof require('scorm-cloud-emulator').startEmulator)`])).toBe('function');
  });

  it('packs no emulator code and depends on none of its libraries', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as {
      files: { path: string }[];
    }[];
    const files = packed.files.map((f) => f.path);
    expect(files).toContain('dist/server/index.js');
    expect(files.filter((f) => /emulator|player/i.test(f))).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; bin?: unknown };
    expect(Object.keys(pkg.dependencies)).not.toEqual(expect.arrayContaining(['scorm-again']));
    expect(Object.keys(pkg.dependencies)).not.toEqual(expect.arrayContaining(['yauzl']));
    expect(pkg.bin).toBeUndefined();
    const bundle = fs.readFileSync(path.join(root, 'dist', 'server', 'index.js'), 'utf8');
    expect(bundle).not.toMatch(/scorm-again|yauzl|startEmulator/);
  });

  it('serves the Strapi server entry with register, bootstrap, content types and routes', () => {
    const out = run([
      '-e',
      `const p = require('strapi-plugin-scorm-cloud/strapi-server'); const s = p.default ?? p; console.log(Object.keys(s.contentTypes).join(','), typeof s.register, typeof s.bootstrap, Object.keys(s.routes).join(','))`,
    ]);
    expect(out).toBe('course,registration,postback,refresh-job function function admin,content-api');
  });
});
