'use strict';
/**
 * What the benchmarks share: the Strapi under test forked alone in its process (strapi-child.js) with
 * the plugin from source, an admin login, a ready course, and small HTTP and statistics helpers.
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { Readable } = require('node:stream');
const { request } = require('undici');
const { planZip } = require('./zip-stream');
const { message } = require('./message');

const root = path.resolve(__dirname, '..', '..');
const { multipartFileBody } = require(path.join(root, 'server', 'src', 'cloud', 'index.ts'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function json(url, options) {
  const res = await request(url, options);
  const body = await res.body.json().catch(() => undefined);
  if (res.statusCode >= 300) throw new Error(`${options?.method ?? 'GET'} ${url} answered ${res.statusCode}: ${JSON.stringify(body)}`);
  return body;
}

/** A database of its own for one Strapi: a file for SQLite, a new database for PostgreSQL. */
async function database(client, work) {
  if (client === 'sqlite') return { env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(work, 'bench.db') }, drop: async () => undefined };
  const { Client } = require('pg');
  const name = `strapi_bench_${process.pid}`;
  const admin = async (sql) => {
    const c = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  return {
    env: { DATABASE_CLIENT: 'postgres', DATABASE_NAME: name, DATABASE_USERNAME: 'postgres', DATABASE_PASSWORD: '' },
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Forks strapi-child.js with the benchmarks' environment; `env` adds to it (database, NODE_ENV, TMPDIR). */
function forkStrapi({ env, pluginConfig, execArgv = [] }) {
  return fork(path.join(__dirname, 'strapi-child.js'), [], {
    execArgv: [...execArgv, '-r', path.join(__dirname, 'ts-hook.js')],
    env: {
      ...process.env,
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
      BROWSER: 'none',
      LOG_LEVEL: 'error',
      ADMIN_RATE_LIMIT: 'false',
      SCORM_CLOUD_PLUGIN_RESOLVE: path.join(root, 'tests', 'helpers', 'plugin-from-source'),
      ...env,
      SCORM_CLOUD_PLUGIN_CONFIG: JSON.stringify(pluginConfig),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Waits for the child's `ready`, logs its admin in and uploads a small course until it is ready. */
async function readyStrapi(child, filename) {
  const ready = await message(child, (m) => m && m.ready);
  const base = `http://127.0.0.1:${ready.port}`;
  const login = await json(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ready.email, password: ready.password }),
  });
  const admin = { authorization: `Bearer ${login.data.token}` };
  const multipart = multipartFileBody(Readable.from(planZip(64 * 1024).stream()), { fieldName: 'file', filename });
  const uploaded = await json(`${base}/scorm-cloud/courses`, {
    method: 'POST',
    headers: { ...admin, 'content-type': multipart.contentType },
    body: multipart.body,
  });
  const courseId = uploaded.data.courseId;
  for (let i = 0; ; i++) {
    const course = await json(`${base}/scorm-cloud/courses/${courseId}`, { headers: admin });
    if (course.data.status === 'ready') break;
    if (course.data.status === 'failed' || i > 300) throw new Error(`the bench course did not become ready: ${JSON.stringify(course.data)}`);
    await sleep(100);
  }
  return { ready, base, admin, courseId };
}

/** Asks the child to stop, then kills it if it has not within five seconds. */
async function stopStrapi(child) {
  if (child.exitCode !== null) return;
  child.send('stop');
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** The databases asked for in BENCH_DATABASES (default sqlite,postgres) that answer; says which are skipped. */
async function databasesToRun(benchmark) {
  const { answers } = require(path.join(root, 'tests', 'helpers', 'answers.js'));
  const clients = [];
  for (const c of (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim())) {
    if (c === 'sqlite' || (c === 'postgres' && (await answers(5432)))) clients.push(c);
    else console.log(`${benchmark} benchmark: ${c} does not answer; skipped`);
  }
  return clients;
}

module.exports = { root, sleep, percentile, json, database, databasesToRun, forkStrapi, readyStrapi, stopStrapi };
