'use strict';
/**
 * Launch benchmark: launches of existing registrations through the content API, on API V2 (one Cloud
 * call per launch: the launch link is minted at the click) beside V1 (none: the URL is signed in
 * Strapi), in the same run, against the same emulator, each Strapi alone in its process on SQLite.
 * Prints requests per second and latency percentiles, and the Cloud calls each launch cost. The launch
 * route allows 60 launches a minute per client and path, so the launches are spread over registrations,
 * at most 50 each.
 *
 * Env: BENCH_LAUNCHES (default 1000), BENCH_LAUNCH_CONCURRENCY (default 10).
 */
require('./ts-hook');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { request } = require('undici');
const { root, percentile, json, forkStrapi, readyStrapi, stopStrapi } = require('./strapi-target');

const { startEmulator } = require(path.join(root, 'emulator', 'src', 'index.ts'));

const APP = { appId: 'bench-app', secretKey: 'bench-secret-key' };

const PER_REGISTRATION = 50;

/** One Strapi on `apiVersion`, with a ready course and `count` registrations; returns what the launches need. */
async function prepare(apiVersion, emulator, work, count) {
  const child = forkStrapi({
    env: { NODE_ENV: 'production', DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(work, `${apiVersion}.db`) },
    pluginConfig: { ...APP, apiVersion, serviceUrl: emulator.url, poller: { rule: '*/1 * * * * *', initialDelaySeconds: 1 } },
  });
  const { ready, base, courseId } = await readyStrapi(child, 'launch-bench.zip');
  const site = { authorization: `Bearer ${ready.apiToken}`, 'content-type': 'application/json' };
  const registrationIds = [];
  for (let i = 0; i < count; i++) {
    const created = await json(`${base}/api/scorm-cloud/registrations`, {
      method: 'POST',
      headers: site,
      body: JSON.stringify({ courseId, learner: { id: `bench-${apiVersion}-${i}`, firstName: 'Bench', lastName: `Learner ${i}` } }),
    });
    registrationIds.push(created.data.registrationId);
  }
  return { child, base, site, registrationIds };
}

async function launches({ base, site }, registrationIds, total, concurrency) {
  const urls = registrationIds.map((id) => `${base}/api/scorm-cloud/registrations/${encodeURIComponent(id)}/launch`);
  const headers = { authorization: site.authorization, accept: 'application/json' };
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const url = urls[next++ % urls.length];
        const t0 = process.hrtime.bigint();
        const res = await request(url, { headers });
        await res.body.dump();
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.statusCode !== 200) failures++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), failures };
}

async function main() {
  const total = Number(process.env.BENCH_LAUNCHES || 1000);
  const concurrency = Number(process.env.BENCH_LAUNCH_CONCURRENCY || 10);
  console.log(
    `launch benchmark: ${total} launches over ${Math.ceil(total / PER_REGISTRATION)} registrations at concurrency ${concurrency}, SQLite, production mode`,
  );
  const emulator = await startEmulator({ port: 0, apps: [APP], importDelayMs: 100 });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm-cloud-bench-launch-'));
  const children = [];
  try {
    const rows = [];
    for (const apiVersion of ['v2', 'v1']) {
      const count = Math.ceil(total / PER_REGISTRATION);
      const target = await prepare(apiVersion, emulator, work, count + 1);
      children.push(target.child);
      const [warmup, ...measured] = target.registrationIds;
      await launches(target, [warmup], PER_REGISTRATION, concurrency);
      const before = await json(`${emulator.url}/_emulator/calls`);
      const result = await launches(target, measured, total, concurrency);
      const after = await json(`${emulator.url}/_emulator/calls`);
      const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
      rows.push({ apiVersion, ...result, cloudCallsPerLaunch: (sum(after.counts) - sum(before.counts)) / total });
      await stopStrapi(target.child);
    }
    const ms = (v) => `${v.toFixed(1)} ms`;
    for (const r of rows) {
      console.log(
        `  API ${r.apiVersion}   ${r.perSecond.toFixed(0)} launches/s   p50 ${ms(r.p50)}   p95 ${ms(r.p95)}   p99 ${ms(r.p99)}   ` +
          `Cloud calls per launch ${r.cloudCallsPerLaunch.toFixed(2)}${r.failures ? `   FAILED ${r.failures}` : ''}`,
      );
    }
    console.log(`  machine   ${os.cpus().length} cores shared by the load generator, the emulator and Strapi`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await emulator.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { main };
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
