#!/usr/bin/env node
/**
 * `npm run dev`: builds the plugin, starts the local SCORM Cloud emulator (unless SCORM_CLOUD_APP_ID
 * points at a real Cloud) and runs `strapi develop` on the test app with the plugin wired to it.
 *
 * Environment: PORT (Strapi, 1337), EMULATOR_PORT (8089), DATABASE_FILENAME (tests/app/.tmp/data.db),
 * ADMIN_EMAIL / ADMIN_PASSWORD (first admin; generated and printed when absent),
 * SCORM_CLOUD_API_VERSION (v2, the default, or v1: which API the plugin speaks, to the emulator or a real Cloud),
 * SCORM_CLOUD_APP_ID / SCORM_CLOUD_SECRET_KEY / SCORM_CLOUD_SERVICE_URL (a real Cloud instead of the emulator).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const appDir = path.join(root, 'tests', 'app');
const tmpDir = path.join(appDir, '.tmp');

// Credentials of the local emulator only; it accepts nothing else and listens on loopback.
const DEV_APP_ID = 'dev-app';
const DEV_SECRET_KEY = 'dev-secret-key-for-the-local-emulator';

async function main() {
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules', '@strapi', 'sdk-plugin', 'bin', 'strapi-plugin.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // The emulator is its own workspace package (emulator/), built with tsc.
  const emulatorBuild = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'emulator', 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (emulatorBuild.status !== 0) process.exit(emulatorBuild.status ?? 1);

  const port = Number(process.env.PORT || 1337);
  const env = {
    ...process.env,
    PORT: String(port),
    DEV_SEED: 'true',
    DATABASE_FILENAME: process.env.DATABASE_FILENAME || path.join(tmpDir, 'data.db'),
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: process.env.BROWSER || 'none',
    PUBLIC_URL: process.env.PUBLIC_URL || `http://localhost:${port}`,
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
  console.log(`Learner demo page: ${env.PUBLIC_URL}/learner/index.html (create an account there)`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
