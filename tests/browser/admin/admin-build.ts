/**
 * The test app's admin panel, built once and reused: `strapi build` takes 25 s on an idle machine and
 * over two minutes while other suites run, so the build is keyed by a hash of what goes into it (the
 * plugin's built admin bundle, the app's package.json and Strapi's version) and redone only when that
 * changes. `npm run build` rewriting dist/ with the same output therefore costs nothing.
 *
 * Strapi serves the admin from `<distDir>/build` (tests/app/build for our JS app, see
 * @strapi/admin's serve-admin-panel route), which is where `strapi build` writes it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const appDir = path.join(root, 'tests', 'app');
export const ADMIN_BUILD_DIR = path.join(appDir, 'build');
const STAMP = path.join(ADMIN_BUILD_DIR, '.scorm-cloud-build-key');
// In the app's .tmp (ignored by git), so a build killed mid-way leaves nothing to commit.
const LOCK = path.join(appDir, '.tmp', 'admin-build.lock');
const pluginAdmin = path.join(root, 'dist', 'admin');
const adminSources = path.join(root, 'admin', 'src');

const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));

const newest = (dir: string) => Math.max(...files(dir).map((f) => fs.statSync(f).mtimeMs));

function buildKey(): string {
  const hash = createHash('sha256');
  for (const file of files(pluginAdmin).sort()) {
    hash.update(path.relative(pluginAdmin, file));
    hash.update(fs.readFileSync(file));
  }
  hash.update(fs.readFileSync(path.join(appDir, 'package.json')));
  hash.update(require('@strapi/strapi/package.json').version as string);
  return hash.digest('hex');
}

/** Why the plugin's admin bundle cannot be used, or undefined when it is there and newer than its sources. */
export function pluginAdminProblem(): string | undefined {
  if (!fs.existsSync(path.join(pluginAdmin, 'index.mjs'))) return 'dist/admin is missing: run `npm run build` first (npm test does it in pretest)';
  if (newest(adminSources) > fs.statSync(path.join(pluginAdmin, 'index.mjs')).mtimeMs) {
    return 'dist/admin is older than admin/src: run `npm run build` so the browser tests see the current admin';
  }
  return undefined;
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10 * 60_000;
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A build killed mid-way leaves its lock; no build takes ten minutes.
      if (Date.now() - fs.statSync(LOCK).mtimeMs > 10 * 60_000) fs.rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`another admin build holds ${LOCK}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface AdminBuild {
  dir: string;
  rebuilt: boolean;
  ms: number;
}

/** The built admin panel with the current plugin in it, built now only when its inputs changed. */
export async function ensureAdminBuild(log: (line: string) => void = console.log): Promise<AdminBuild> {
  const problem = pluginAdminProblem();
  if (problem) throw new Error(problem);
  const started = Date.now();
  return withLock(async () => {
    const key = buildKey();
    if (fs.existsSync(path.join(ADMIN_BUILD_DIR, 'index.html')) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === key) {
      return { dir: ADMIN_BUILD_DIR, rebuilt: false, ms: Date.now() - started };
    }
    log('[admin-build] the plugin admin changed: running `strapi build` for tests/app (about 30 s idle, longer under load)');
    await run(process.execPath, [path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'build', '--silent'], {
      cwd: appDir,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        STRAPI_TELEMETRY_DISABLED: 'true',
        STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
        // The admin bundle imports the plugin's built admin (dist/admin), whatever a test set for the server.
        SCORM_CLOUD_PLUGIN_RESOLVE: root,
        // Same origin as the server: the bundle then calls its own origin, whatever port a test listens on.
        PUBLIC_URL: '',
      },
    });
    fs.writeFileSync(STAMP, key);
    const ms = Date.now() - started;
    log(`[admin-build] built in ${Math.round(ms / 1000)} s`);
    return { dir: ADMIN_BUILD_DIR, rebuilt: true, ms };
  });
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
    child.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`strapi build exited with ${code}:\n${output}`))));
  });
}
