'use strict';
/**
 * Content-API and admin-list benchmark, each figure beside a baseline measured in the same run:
 * - postback ingestion: 10 000 V2 postbacks (form-posted JSON, as SCORM Cloud sends them) over 1 000
 *   registrations at concurrency 50, every one stored and each registration left holding its newest report;
 * - launch of existing registrations by their learners (users-permissions JWTs) at concurrency 50, beside
 *   `GET /api/users/me` with the same JWTs, on API V1 (the launch URL is signed here: no Cloud call) and
 *   on API V2 (one Cloud call per launch, to the emulator on the same cores), each counted; six rounds
 *   of 1000 requests to each route, alternating, after a warm-up;
 * - the admin registrations list, every filter and sort the route accepts, at concurrency 1;
 * first with about a thousand registrations in the table, then with 100 000. SQLite always, PostgreSQL
 * when it answers on 127.0.0.1:5432. Prints a table and writes it as JSON (BENCH_OUT, default
 * bench-results/content-api.json).
 *
 * Env: BENCH_POSTBACKS (default 10000), BENCH_CONCURRENCY (default 50), BENCH_ROWS (default 100000),
 * BENCH_DATABASES (default sqlite,postgres).
 */
require('./ts-hook');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { request } = require('undici');
const { message } = require('./message');
const { root, percentile, json, database, databasesToRun, forkStrapi, readyStrapi, stopStrapi } = require('./strapi-target');

const { startEmulator } = require(path.join(root, 'emulator', 'src', 'index.ts'));
const { buildRegistrationJson } = require(path.join(root, 'server', 'src', 'cloud', 'v2', 'registration-report.ts'));
const { postbackPassword } = require(path.join(root, 'server', 'src', 'postbacks', 'credentials.ts'));

const APP = { appId: 'bench-app', secretKey: 'bench-secret-key' };
const POSTBACK_SECRET = 'bench-postback-secret-0123456789abcdef';
const LAUNCHES_PER_LEARNER = 50; // with the warm-up, within the launch limit of 60 a minute per learner and registration
const WARMUP_PER_LEARNER = 8;
const LEARNERS_PER_ROUND = 20;
const LAUNCH_ROUNDS = 6;
const LAUNCH_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 50);

function ask(child, msg) {
  const answer = message(child, (m) => m && m.re === msg.cmd);
  child.send(msg);
  return answer.then((m) => {
    if (m.error) throw new Error(`${msg.cmd} failed in Strapi: ${m.error}`);
    return m;
  });
}

/** Runs `total` requests made by `make(i)` at `concurrency`; every answer must have status `expect`. */
async function load(total, concurrency, make, expect) {
  const latencies = [];
  const wrong = {};
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const { url, options } = make(next++);
        const t0 = process.hrtime.bigint();
        const res = await request(url, options);
        await res.body.dump();
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.statusCode !== expect) wrong[res.statusCode] = (wrong[res.statusCode] ?? 0) + 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    seconds,
    latencies,
    perSecond: total / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    wrong,
  };
}

/** Several runs of one route as one: requests over the seconds they took, percentiles over all their latencies. */
function combine(runs) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const wrong = {};
  for (const r of runs) for (const [status, n] of Object.entries(r.wrong)) wrong[status] = (wrong[status] ?? 0) + n;
  return {
    requests,
    seconds,
    latencies,
    perSecond: requests / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    wrong,
  };
}

/** One CPU sample of the whole machine, to say how busy it was during a measurement. */
function cpuTimes() {
  return os
    .cpus()
    .reduce((t, c) => ({ idle: t.idle + c.times.idle, total: t.total + Object.values(c.times).reduce((a, b) => a + b, 0) }), { idle: 0, total: 0 });
}
const busy = (before, after) => 1 - (after.idle - before.idle) / (after.total - before.total);

async function boot(client, emulator, work) {
  const db = await database(client, work);
  const child = forkStrapi({
    env: { ...db.env, NODE_ENV: 'production' },
    pluginConfig: {
      ...APP,
      apiVersion: 'v2',
      serviceUrl: emulator.url,
      postback: { secret: POSTBACK_SECRET },
      // Only the measured requests: no reconciler asking the Cloud in between.
      poller: { rule: '*/1 * * * * *', initialDelaySeconds: 1, reconcile: { enabled: false } },
    },
  });
  const { base, admin, courseId } = await readyStrapi(child, 'content-api-bench.zip');
  return { child, db, base, admin, courseId };
}

/** Learners with one registration each, made by their first launch. */
async function launchers(target, count) {
  const { users } = await ask(target.child, {
    cmd: 'learners',
    count,
    actions: ['plugin::scorm-cloud.launches.course', 'plugin::scorm-cloud.launches.registration', 'plugin::users-permissions.user.me'],
  });
  for (const user of users) {
    const first = await json(`${target.base}/api/scorm-cloud/courses/${target.courseId}/launch`, {
      headers: { authorization: `Bearer ${user.jwt}`, accept: 'application/json' },
    });
    user.registrationId = first.data.registrationId;
  }
  return users;
}

/** 10 reports per registration in a shuffled order, total time 1..10 s above `offset`: the newest has the most time. */
function postbackPlan(registrationIds, total, offset) {
  const perRegistration = Math.ceil(total / registrationIds.length);
  const plan = [];
  for (const id of registrationIds) for (let k = 1; k <= perRegistration; k++) plan.push({ id, seconds: offset + k });
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [plan[i], plan[j]] = [plan[j], plan[i]];
  }
  return plan.slice(0, total);
}

function postbackRequest(base, { id, seconds }) {
  const report = {
    format: 'course',
    registrationId: id,
    instanceId: 0,
    complete: seconds % 2 ? 'incomplete' : 'complete',
    success: 'unknown',
    score: null,
    totalTimeSeconds: seconds,
  };
  const body = new URLSearchParams({
    data: JSON.stringify(buildRegistrationJson(report)),
    userName: 'scorm-cloud',
    password: postbackPassword(POSTBACK_SECRET, id),
  }).toString();
  return { url: `${base}/api/scorm-cloud/postback`, options: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body } };
}

/** Registrations whose stored total time is not the most any of their reports carried. */
async function notHoldingNewest(target, plan) {
  const newest = new Map();
  for (const { id, seconds } of plan) newest.set(id, Math.max(newest.get(id) ?? 0, seconds));
  let wrong = 0;
  for (const [id, seconds] of newest) {
    const r = await json(`${target.base}/scorm-cloud/registrations/${encodeURIComponent(id)}`, { headers: target.admin });
    if (r.data.cloud.totalTime !== seconds) wrong++;
  }
  return wrong;
}

/**
 * Launches by these learners beside `GET /api/users/me` with the same JWTs, on the API version the plugin
 * speaks now. A round is 50 requests per learner of one group to each route, /users/me first; the rounds
 * alternate so that both routes see the same heap, JIT and disk cache, and the figures are their sums
 * (one round of about three seconds varies by ±15 % from the next). A short warm-up comes first, on the
 * first group, within the launch limit of 60 a minute per learner and registration.
 */
async function launchesBesideUsersMe(target, emulator, users) {
  const groups = Array.from({ length: LAUNCH_ROUNDS }, (_, r) => users.slice(r * LEARNERS_PER_ROUND, (r + 1) * LEARNERS_PER_ROUND));
  const usersMeOf = (group) => (i) => ({
    url: `${target.base}/api/users/me`,
    options: { headers: { authorization: `Bearer ${group[i % group.length].jwt}` } },
  });
  const launchOf = (group) => (i) => {
    const u = group[i % group.length];
    return {
      url: `${target.base}/api/scorm-cloud/registrations/${encodeURIComponent(u.registrationId)}/launch`,
      options: { headers: { authorization: `Bearer ${u.jwt}`, accept: 'application/json' } },
    };
  };
  const perRound = LEARNERS_PER_ROUND * LAUNCHES_PER_LEARNER;
  await load(LEARNERS_PER_ROUND * WARMUP_PER_LEARNER, LAUNCH_CONCURRENCY, usersMeOf(groups[0]), 200);
  await load(LEARNERS_PER_ROUND * WARMUP_PER_LEARNER, LAUNCH_CONCURRENCY, launchOf(groups[0]), 200);
  const calls = async () => Object.values((await json(`${emulator.url}/_emulator/calls`)).counts).reduce((a, b) => a + b, 0);
  const usersMeRounds = [];
  const launchRounds = [];
  let cloudCalls = 0;
  for (const group of groups) {
    usersMeRounds.push(await load(perRound, LAUNCH_CONCURRENCY, usersMeOf(group), 200));
    const before = await calls();
    launchRounds.push(await load(perRound, LAUNCH_CONCURRENCY, launchOf(group), 200));
    cloudCalls += (await calls()) - before;
  }
  const usersMe = combine(usersMeRounds);
  const launch = combine(launchRounds);
  launch.cloudCallsPerLaunch = cloudCalls / launch.requests;
  launch.ratioToUsersMe = launch.perSecond / usersMe.perSecond;
  launch.roundRatios = launchRounds.map((r, i) => r.perSecond / usersMeRounds[i].perSecond);
  return { usersMe, launch };
}

async function measure(target, emulator, { label, pbIds, offset, users, v1Users, postbacks, concurrency }) {
  const out = { tableSize: label };
  ({ usersMe: out.usersMe, launch: out.launch } = await launchesBesideUsersMe(target, emulator, users));
  // Other learners: the launch limit (60 a minute per learner and registration) has room for one series each.
  await ask(target.child, { cmd: 'apiVersion', version: 'v1' });
  try {
    ({ usersMe: out.usersMeV1, launch: out.launchV1 } = await launchesBesideUsersMe(target, emulator, v1Users));
  } finally {
    await ask(target.child, { cmd: 'apiVersion', version: 'v2' });
  }

  const plan = postbackPlan(pbIds, postbacks, offset);
  const cpu0 = cpuTimes();
  out.postbacks = await load(plan.length, concurrency, (i) => postbackRequest(target.base, plan[i]), 200);
  out.postbacks.machineBusy = busy(cpu0, cpuTimes());
  out.postbacks.registrationsNotHoldingNewest = await notHoldingNewest(target, plan);

  const page = (q) => ({ url: `${target.base}/scorm-cloud/registrations?${q}`, options: { headers: target.admin } });
  const list = {};
  for (const [name, q] of [
    ['course', `courseId=${target.courseId}`],
    ['status', 'complete=complete'],
    ['search', 'q=Learner%200042'],
    ['last name', 'sort=learnerLastName:asc'],
    ['score', 'sort=score:desc'],
    ['deep page', 'page=400&pageSize=25'],
  ]) {
    const r = await load(20, 1, () => page(q), 200);
    list[name] = { p95: r.p95, wrong: r.wrong };
  }
  out.adminList = list;
  return out;
}

async function main() {
  const postbacks = Number(process.env.BENCH_POSTBACKS || 10_000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY || 50);
  const rows = Number(process.env.BENCH_ROWS || 100_000);
  const clients = await databasesToRun('content-api');
  console.log(
    `content-api benchmark: ${postbacks} postbacks over 1000 registrations, launches and GET /api/users/me at concurrency ${concurrency}; then at ${rows} registrations; production mode, ${os.cpus().length} cores`,
  );
  const emulator = await startEmulator({ port: 0, apps: [APP], importDelayMs: 100 });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm-cloud-bench-content-'));
  const results = [];
  try {
    for (const client of clients) {
      const target = await boot(client, emulator, work);
      try {
        await ask(target.child, { cmd: 'seed', courseId: target.courseId, count: 1000, prefix: 'pb' });
        const pbIds = Array.from({ length: 1000 }, (_, i) => `pb-reg-${i}`);
        // Learners of their own for each table size and API version: the launch limit leaves each one series.
        const at = async (label, offset) =>
          measure(target, emulator, {
            label,
            pbIds,
            offset,
            users: await launchers(target, LEARNERS_PER_ROUND * LAUNCH_ROUNDS),
            v1Users: await launchers(target, LEARNERS_PER_ROUND * LAUNCH_ROUNDS),
            postbacks,
            concurrency,
          });
        const small = await at(1000, 0);
        await ask(target.child, { cmd: 'seed', courseId: target.courseId, count: rows - 1000, prefix: 'big' });
        const large = await at(rows, 100);
        results.push({ database: client, runs: [small, large] });
      } finally {
        await stopStrapi(target.child);
        await target.db.drop().catch(() => undefined);
      }
    }
  } finally {
    await emulator.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  print(results);
  const outFile = path.resolve(process.env.BENCH_OUT || path.join(root, 'bench-results', 'content-api.json'));
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  // Each request's latency stays out of the file; its percentiles are in it.
  const figures = (key, value) => (key === 'latencies' ? undefined : value);
  fs.writeFileSync(outFile, `${JSON.stringify({ cores: os.cpus().length, concurrency, postbacks, results }, figures, 2)}\n`);
  console.log(`  written to ${path.relative(process.cwd(), outFile)}`);
}

function print(results) {
  const f = (v, d = 0) => (typeof v === 'number' ? v.toFixed(d) : '-');
  const wrong = (w) => (Object.keys(w).length ? `  (answers ${JSON.stringify(w)})` : '');
  for (const { database, runs } of results) {
    for (const r of runs) {
      const head = `  ${database.padEnd(8)} ${String(r.tableSize).padStart(6)} rows`;
      console.log(
        `${head}  postbacks ${f(r.postbacks.perSecond)}/s (goal ≥ 300)  p99 ${f(r.postbacks.p99)} ms  machine ${f(r.postbacks.machineBusy * 100)} % busy  not holding newest ${r.postbacks.registrationsNotHoldingNewest}${wrong(r.postbacks.wrong)}`,
      );
      for (const [api, launch, usersMe] of [
        ['V1', r.launchV1, r.usersMeV1],
        ['V2', r.launch, r.usersMe],
      ]) {
        console.log(
          `${head}  launch ${api} ${f(launch.perSecond)}/s  p99 ${f(launch.p99)} ms  beside /api/users/me ${f(usersMe.perSecond)}/s: ${f(launch.ratioToUsersMe, 2)} (goal ≥ 0.8; rounds ${launch.roundRatios.map((x) => f(x, 2)).join(', ')})  Cloud calls per launch ${f(launch.cloudCallsPerLaunch, 2)}${wrong(launch.wrong)}${wrong(usersMe.wrong)}`,
        );
      }
      console.log(
        `${head}  admin list p95 (goal ≤ 150 ms): ${Object.entries(r.adminList)
          .map(([k, v]) => `${k} ${f(v.p95)} ms${wrong(v.wrong)}`)
          .join(', ')}`,
      );
    }
  }
}

module.exports = { main };
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
