'use strict';
/**
 * Upload streaming benchmark: one generated package of at least 1 GiB, streamed in the same
 * run (a) straight to the emulator, (b) through a raw relay that forwards the request body unparsed,
 * (c) through a bare Node pass-through that runs the plugin's own pipeline without Strapi (both in
 * scripts/bench/bare-child.js), and (d) through Strapi's upload route. Prints the throughputs, the
 * ratios, the CPU each pass-through used, Strapi's peak RSS above idle and the bytes written to disk.
 *
 * The load generator and the emulator share this process, as a browser and SCORM Cloud would share
 * neither machine with Strapi. `npm run bench` starts it with --initial-old-space-size: with V8's
 * default, a heap this small is kept in incremental marking by the 1 GiB of socket buffers it reads,
 * and those GC threads took CPU from the process under test (and slowed the direct path).
 *
 * On SQLite, then on PostgreSQL when it answers on 127.0.0.1:5432 (the course row is the only write).
 *
 * Env: BENCH_BYTES (default 1 GiB), BENCH_RUNS (default 3: the four paths in turn, best of each),
 * BENCH_DATABASES (default sqlite,postgres).
 */
require('./ts-hook');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');
const { Readable } = require('node:stream');
const { request } = require('undici');
const { planZip } = require('./zip-stream');
const { message } = require('./message');
const { database, databasesToRun, forkStrapi } = require('./strapi-target');

const root = path.resolve(__dirname, '..', '..');
const { startEmulator } = require(path.join(root, 'emulator', 'src', 'index.ts'));
const { CloudClient, multipartFileBody } = require(path.join(root, 'server', 'src', 'cloud', 'index.ts'));

const APP = { appId: 'bench-app', secretKey: 'bench-secret-key' };
const MiB = 1024 * 1024;
const fmt = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;
const rate = (bytes, ms) => `${(bytes / MiB / (ms / 1000)).toFixed(0)} MiB/s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssOf(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** CPU seconds a process has used so far, in user space and in the kernel (for it: sockets, mostly). */
function cpuOf(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) / 100, sys: Number(fields[12]) / 100 };
}
const cpuSince = (pid, before) => {
  const now = cpuOf(pid);
  return { user: now.user - before.user, sys: now.sys - before.sys };
};

function diskWritesOf(pid) {
  try {
    const m = /write_bytes:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Bytes in files under `dir` (one level of subfolders is enough for temp files). */
function bytesIn(dir) {
  let total = 0;
  const walk = (d, depth) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      try {
        if (e.isFile()) total += fs.statSync(p).size;
        else if (e.isDirectory() && depth < 3) walk(p, depth + 1);
      } catch {
        /* vanished */
      }
    }
  };
  walk(dir, 0);
  return total;
}

async function main() {
  const bytes = Number(process.env.BENCH_BYTES || 1024 * MiB);
  const runs = Number(process.env.BENCH_RUNS || 3);
  const plan = planZip(bytes);
  const clients = await databasesToRun('upload');
  console.log(
    `upload benchmark: a generated SCORM zip of ${fmt(plan.size)} (${plan.entries} stored entries), ${runs} run(s) per path, on ${clients.join(' and ')}`,
  );
  const verdicts = [];
  for (const client of clients) verdicts.push(await uploadOn(client, plan, runs));
  console.log(verdicts.every(Boolean) ? 'upload benchmark: within targets' : 'upload benchmark: OUTSIDE TARGETS');
}

/** The four paths in turn, `runs` times, with the Strapi under test on `client`; true when within the targets. */
async function uploadOn(client, plan, runs) {
  console.log(`\n  on ${client === 'sqlite' ? 'SQLite' : 'PostgreSQL'}:`);
  const emulator = await startEmulator({ port: 0, apps: [APP], importDelayMs: 500, discardPackages: true, maxBodyBytes: 16 * 1024 * MiB });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm-cloud-bench-'));
  // Strapi's own temp dir: koa-body/formidable would write an upload here (os.tmpdir() honours TMPDIR).
  const strapiTmp = path.join(work, 'tmp');
  fs.mkdirSync(strapiTmp);
  const db = await database(client, work);
  const child = forkStrapi({
    execArgv: ['--expose-gc', ...(process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [])],
    env: { NODE_ENV: 'test', TMPDIR: strapiTmp, ...db.env },
    pluginConfig: {
      ...APP,
      serviceUrl: emulator.serviceUrl,
      upload: { maxBytes: 16 * 1024 * MiB },
      poller: { rule: '*/5 * * * * *' },
    },
  });
  const bare = fork(path.join(__dirname, 'bare-child.js'), [], {
    // Same heap floor as this process (see the header): a small heap would spend the run in GC.
    execArgv: ['--initial-old-space-size=128', '-r', path.join(__dirname, 'ts-hook.js')],
    env: { ...process.env, BENCH_CLOUD: JSON.stringify({ ...APP, serviceUrl: emulator.serviceUrl }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const cleanup = async () => {
    for (const proc of [child, bare]) {
      if (proc.exitCode !== null) continue;
      proc.send('stop');
      await Promise.race([new Promise((r) => proc.once('exit', r)), sleep(5000)]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
    await emulator.close();
    await db.drop().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  };

  try {
    const ready = await message(child, (m) => m && m.ready);
    const base = `http://127.0.0.1:${ready.port}`;
    const login = await request(`${base}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ready.email, password: ready.password }),
    });
    const token = (await login.body.json()).data.token;

    const { port: barePort } = await message(bare, (m) => m && m.port);
    const post = async (url, headers, zip, filename) => {
      const multipart = multipartFileBody(Readable.from(zip.stream()), { fieldName: 'file', filename });
      const res = await request(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': multipart.contentType },
        body: multipart.body,
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      const body = await res.body.json();
      if (res.statusCode !== 202) throw new Error(`${url} answered ${res.statusCode}: ${JSON.stringify(body)}`);
      return body.data ?? body;
    };
    const throughStrapi = (zip, filename) => post(`${base}/scorm-cloud/courses`, { authorization: `Bearer ${token}` }, zip, filename);
    const throughBare = (zip, filename) => post(`http://127.0.0.1:${barePort}/`, {}, zip, filename);
    const throughRelay = (zip, filename) => post(`http://127.0.0.1:${barePort}/relay`, {}, zip, filename);
    const cloud = new CloudClient({ ...APP, serviceUrl: emulator.serviceUrl });
    const direct = (zip, courseId) => cloud.importCourseAsync(courseId, Readable.from(zip.stream()), { filename: 'bench.zip' });

    // Warm-up: load every module the route needs, so "idle" is a Strapi that has served an upload.
    const small = planZip(4 * MiB);
    await throughStrapi(small, 'warmup.zip');
    await throughBare(small, 'warmup.zip');
    await throughRelay(small, 'warmup.zip');
    await direct(small, 'bench-warmup');
    await sleep(500);
    child.send('gc');
    await message(child, (m) => m === 'gc-done');
    await sleep(1000);
    const idle = rssOf(child.pid);

    const tmp = strapiTmp;
    const times = { direct: [], relay: [], bare: [], strapi: [] };
    const cpu = { relay: [], bare: [], strapi: [] };
    let peak = idle;
    let diskStrapi = 0;
    let tmpGrowth = 0;
    for (let run = 0; run < runs; run++) {
      const t0 = Date.now();
      await direct(plan, `bench-direct-${run}`);
      times.direct.push(Date.now() - t0);

      const relayCpu0 = cpuOf(bare.pid);
      const t3 = Date.now();
      const viaRelay = await throughRelay(plan, `bench-relay-${run}.zip`);
      times.relay.push(Date.now() - t3);
      cpu.relay.push(cpuSince(bare.pid, relayCpu0));
      if (!viaRelay.relayed) throw new Error('the relay did not confirm the upload');

      const bareCpu0 = cpuOf(bare.pid);
      const t1 = Date.now();
      const viaBare = await throughBare(plan, `bench-bare-${run}.zip`);
      times.bare.push(Date.now() - t1);
      cpu.bare.push(cpuSince(bare.pid, bareCpu0));
      if (viaBare.packageBytes !== plan.size) throw new Error(`the bare pass-through forwarded ${viaBare.packageBytes} of ${plan.size} bytes`);

      const writes0 = diskWritesOf(child.pid);
      const tmp0 = bytesIn(tmp);
      let maxTmp = tmp0;
      const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid))), 20);
      const tmpSampler = setInterval(() => (maxTmp = Math.max(maxTmp, bytesIn(tmp))), 200);
      const strapiCpu0 = cpuOf(child.pid);
      const t2 = Date.now();
      const course = await throughStrapi(plan, `bench-${run}.zip`);
      times.strapi.push(Date.now() - t2);
      cpu.strapi.push(cpuSince(child.pid, strapiCpu0));
      clearInterval(sampler);
      clearInterval(tmpSampler);
      peak = Math.max(peak, rssOf(child.pid));
      if (course.packageBytes !== plan.size) throw new Error(`Strapi forwarded ${course.packageBytes} of ${plan.size} bytes`);
      const writes1 = diskWritesOf(child.pid);
      if (writes0 !== null && writes1 !== null) diskStrapi = Math.max(diskStrapi, writes1 - writes0);
      tmpGrowth = Math.max(tmpGrowth, maxTmp - tmp0);
      console.log(
        `  run ${run + 1}: direct ${rate(plan.size, times.direct[run])}, raw relay ${rate(plan.size, times.relay[run])}, ` +
          `bare pass-through ${rate(plan.size, times.bare[run])}, through Strapi ${rate(plan.size, times.strapi[run])}`,
      );
    }

    const best = (xs) => Math.min(...xs);
    const [directMs, relayMs, bareMs, strapiMs] = [best(times.direct), best(times.relay), best(times.bare), best(times.strapi)];
    const ratio = directMs / strapiMs;
    const above = peak - idle;
    const of = runs > 1 ? `, best of ${runs}` : '';
    const pct = (x) => `${(x * 100).toFixed(0)} %`;
    // The least CPU of the runs, per GiB, split into user space and kernel.
    const cpuPerGiB = (xs) => {
      const gib = plan.size / 1024 ** 3;
      const least = xs.reduce((a, b) => (b.user + b.sys < a.user + a.sys ? b : a));
      return `${((least.user + least.sys) / gib).toFixed(2)} CPU-s/GiB: user ${(least.user / gib).toFixed(2)}, kernel ${(least.sys / gib).toFixed(2)}`;
    };
    console.log('');
    console.log(`  package                       ${fmt(plan.size)} (${plan.size} bytes)`);
    console.log(`  direct to the emulator        ${rate(plan.size, directMs)}  (${(directMs / 1000).toFixed(2)} s${of})`);
    console.log(`  raw relay, no parsing         ${rate(plan.size, relayMs)}  (${(relayMs / 1000).toFixed(2)} s${of}; ${cpuPerGiB(cpu.relay)})`);
    console.log(`  bare Node pass-through        ${rate(plan.size, bareMs)}  (${(bareMs / 1000).toFixed(2)} s${of}; ${cpuPerGiB(cpu.bare)})`);
    console.log(`  through Strapi                ${rate(plan.size, strapiMs)}  (${(strapiMs / 1000).toFixed(2)} s${of}; ${cpuPerGiB(cpu.strapi)})`);
    console.log(`  ratio Strapi / direct         ${pct(ratio)}`);
    console.log(`  ratio raw relay / direct      ${pct(directMs / relayMs)}   (the body forwarded unparsed: the ceiling of any pass-through here)`);
    console.log(`  ratio bare / direct           ${pct(directMs / bareMs)}   (the same pipeline in a plain Node server, no Strapi)`);
    console.log(`  ratio Strapi / bare           ${pct(bareMs / strapiMs)}   (target >= 80 %; 100 % = Strapi adds nothing to the pipeline)`);
    console.log(`  Strapi RSS idle / peak        ${fmt(idle)} / ${fmt(peak)}`);
    console.log(`  Strapi peak RSS above idle    ${fmt(above)}   (target <= 64 MiB)`);
    console.log(
      `  disk writes by Strapi         ${diskStrapi === null ? 'n/a' : `${diskStrapi} bytes`} (/proc/<pid>/io write_bytes during the upload; includes SQLite)`,
    );
    console.log(`  Strapi temp dir growth        ${tmpGrowth} bytes (peak, in its own TMPDIR; target 0)`);
    console.log(`  machine                       ${os.cpus().length} cores shared by the load generator with the emulator, the pass-through and Strapi`);
    console.log('');
    return above <= 64 * MiB && bareMs / strapiMs >= 0.8 && tmpGrowth === 0;
  } finally {
    await cleanup();
  }
}

module.exports = { main };
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
