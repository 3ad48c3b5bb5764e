#!/usr/bin/env node
/**
 * `npm run dev`: builds the plugin, starts the local SCORM Cloud emulator (unless SCORM_CLOUD_APP_ID
 * points at a real Cloud) and runs `strapi develop` on the test app with the plugin wired to it.
 *
 * The test app then seeds an admin, a demo learner and a demo course (tests/app/src/index.js) and prints
 * how to sign in after Strapi's startup banner. A build whose output is newer than its sources is reused;
 * `--rebuild` (npm run dev -- --rebuild) or DEV_REBUILD=1 builds anyway.
 *
 * Environment: PORT (Strapi, 1337), EMULATOR_PORT (8089), DATABASE_FILENAME (tests/app/.tmp/data.db),
 * ADMIN_EMAIL / ADMIN_PASSWORD (first admin; generated once and kept in tests/app/.tmp when absent),
 * DEMO_LEARNER_PASSWORD (the demo learner's; generated and kept the same way when absent),
 * DEMO_COURSE (true or false: import the demo course; true with the emulator, false with a real Cloud),
 * SCORM_CLOUD_API_VERSION (v2, the default, or v1: which API the plugin speaks, to the emulator or a real Cloud),
 * SCORM_CLOUD_APP_ID / SCORM_CLOUD_SECRET_KEY / SCORM_CLOUD_SERVICE_URL (a real Cloud instead of the emulator).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { buildFreshness, declaredOutputs } = require('./build-freshness');

const root = path.resolve(__dirname, '..');
const appDir = path.join(root, 'tests', 'app');
const tmpDir = path.join(appDir, '.tmp');

// Credentials of the local emulator only; it accepts nothing else and listens on loopback.
const DEV_APP_ID = 'dev-app';
const DEV_SECRET_KEY = 'dev-secret-key-for-the-local-emulator';

const rebuild = process.argv.includes('--rebuild') || ['1', 'true'].includes(process.env.DEV_REBUILD ?? '');

/** Each build: its package, what it is built from, and how. Its output is what the package's manifest points into `outDir`. */
const builds = [
  {
    name: 'plugin',
    packageDir: '.',
    outDir: 'dist',
    sources: [
      'admin/src',
      'admin/custom.d.ts',
      'admin/tsconfig.json',
      'admin/tsconfig.build.json',
      'server/src',
      'server/tsconfig.json',
      'server/tsconfig.build.json',
      'package.json',
    ],
    command: [path.join(root, 'node_modules', '@strapi', 'sdk-plugin', 'bin', 'strapi-plugin.js'), 'build'],
  },
  {
    // The emulator is its own workspace package (emulator/), built with tsc.
    name: 'emulator',
    packageDir: 'emulator',
    outDir: 'dist',
    sources: ['emulator/src', 'emulator/tsconfig.json', 'emulator/tsconfig.build.json', 'emulator/package.json'],
    command: [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'emulator', 'tsconfig.build.json')],
  },
];

function runBuild(build) {
  const outDir = path.posix.join(build.packageDir, build.outDir);
  const outputs = declaredOutputs(path.join(root, build.packageDir), build.outDir);
  const state = buildFreshness({ root, sources: build.sources.map((source) => path.join(root, source)), outputs });
  if (state.fresh && !rebuild) {
    console.log(`Reusing the ${build.name} build in ${outDir}/: no source changed since (npm run dev -- --rebuild builds anyway).`);
    return;
  }
  console.log(`Building the ${build.name} into ${outDir}/: ${rebuild ? 'a rebuild was asked for' : state.reason}.`);
  const result = spawnSync(process.execPath, build.command, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`The ${build.name} build failed (exit code ${result.status ?? result.signal}); see its output above.`);
    process.exit(result.status ?? 1);
  }
}

async function main() {
  for (const build of builds) runBuild(build);

  const port = Number(process.env.PORT || 1337);
  const env = {
    ...process.env,
    PORT: String(port),
    DEV_SEED: 'true',
    DATABASE_FILENAME: process.env.DATABASE_FILENAME || path.join(tmpDir, 'data.db'),
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: process.env.BROWSER || 'none',
    PUBLIC_URL: process.env.PUBLIC_URL || `http://localhost:${port}`,
    // An account in a real Cloud gets no course it did not ask for.
    DEMO_COURSE: process.env.DEMO_COURSE || (process.env.SCORM_CLOUD_APP_ID ? 'false' : 'true'),
  };
  // The demo learner page (/learner/index.html) comes back to this Strapi after a launch.
  const apiVersion = process.env.SCORM_CLOUD_API_VERSION || 'v2';
  if (!['v1', 'v2'].includes(apiVersion)) {
    console.error(`SCORM_CLOUD_API_VERSION must be v2 or v1, not "${apiVersion}".`);
    process.exit(1);
  }
  env.SCORM_CLOUD_PLUGIN_CONFIG = JSON.stringify({
    apiVersion,
    publicUrl: env.PUBLIC_URL,
    launch: { allowedReturnOrigins: [new URL(env.PUBLIC_URL).origin] },
    ...JSON.parse(process.env.SCORM_CLOUD_PLUGIN_CONFIG || '{}'),
  });

  let emulator;
  if (process.env.SCORM_CLOUD_APP_ID) {
    console.log(`SCORM Cloud API ${apiVersion}: ${process.env.SCORM_CLOUD_SERVICE_URL || 'https://cloud.scorm.com'} as ${process.env.SCORM_CLOUD_APP_ID}`);
  } else {
    const { startEmulator } = require('scorm-cloud-emulator');
    const dataDir = path.join(tmpDir, 'emulator');
    fs.mkdirSync(dataDir, { recursive: true });
    emulator = await startEmulator({
      port: Number(process.env.EMULATOR_PORT || 8089),
      host: '127.0.0.1',
      apps: [{ appId: DEV_APP_ID, secretKey: DEV_SECRET_KEY }],
      dataDir,
      log: (line) => console.log(`[emulator] ${line}`),
    });
    console.log(`SCORM Cloud emulator: ${emulator.url} (API ${apiVersion}; app ${DEV_APP_ID}, state in ${path.relative(root, dataDir)})`);
    Object.assign(env, { SCORM_CLOUD_APP_ID: DEV_APP_ID, SCORM_CLOUD_SECRET_KEY: DEV_SECRET_KEY, SCORM_CLOUD_SERVICE_URL: emulator.serviceUrl });
  }

  const strapiBin = path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
  const child = spawn(process.execPath, [strapiBin, 'develop'], { cwd: appDir, env, stdio: 'inherit' });
  const stop = async (code) => {
    if (emulator) await emulator.close().catch(() => undefined);
    process.exit(code ?? 0);
  };
  child.on('exit', (code) => stop(code));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
