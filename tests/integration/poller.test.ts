/**
 * The import poller: leases (two followers on one database never poll the same course in a round),
 * backoff, the import time limit, and a restart of Strapi in the middle of an import.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { bootStrapi } from '../helpers/strapi';
import { availableDatabases } from '../helpers/databases';
import { scorm12Single } from '../helpers/packages';
import { startEmulator } from '../../emulator/src';
import { API_VERSION } from '../helpers/api-version';
import { createImportFollower, backoffSeconds } from '../../server/src/courses/import-follower';
import { claimRow } from '../../server/src/poller/lease';

const UID = 'plugin::scorm-cloud.course';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('backs off from the first delay to the ceiling', () => {
  expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => backoffSeconds(n, 2, 300))).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
  expect(backoffSeconds(10_000, 2, 300)).toBe(300);
});

describe.each(availableDatabases())('import poller on %s', (database) => {
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    // The cron job is off: the test drives rounds itself. Imports take a minute so they stay "running".
    stack = await bootStack({
      database,
      emulator: { importDelayMs: 60_000 },
      pluginConfig: { poller: { enabled: false, initialDelaySeconds: 2, maxDelaySeconds: 20, batchSize: 50 } },
    });
    token = await stack.app.superAdminToken();
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  const upload = async (title: string) => {
    const res = await stack.app
      .request()
      .post('/scorm-cloud/courses')
      .set('Authorization', `Bearer ${token}`)
      .attach('file', await scorm12Single(title), `${title}.zip`);
    expect(res.status).toBe(202);
    return res.body.data.courseId as string;
  };
  const query = () => stack.app.strapi.db.query(UID);
  const makeDue = (ids: string[]) => query().updateMany({ where: { courseId: { $in: ids } }, data: { nextPollAt: new Date(Date.now() - 1000) } });
  const calls = () => stack.calls('getAsyncImportResult');

  it('reports that imports are not followed when the poller is disabled', async () => {
    const res = await stack.app.request().get('/scorm-cloud/poller').set('Authorization', `Bearer ${token}`);
    expect(res.body.data).toMatchObject({ enabled: false, running: false, lastRunAt: null, warning: expect.stringContaining('poller.enabled') });
  });

  it('gives a row to exactly one of many concurrent claims', async () => {
    const courseId = await upload('Contested');
    const row = await query().findOne({ where: { courseId } });
    const owners = Array.from({ length: 8 }, (_, i) => `owner-${i}`);
    const won = await Promise.all(owners.map((owner) => claimRow(stack.app.strapi, UID, row.id, { owner, leaseSeconds: 30 })));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = owners[won.indexOf(true)];
    expect((await query().findOne({ where: { id: row.id } })).leaseOwner).toBe(winner);
    // Held: nobody else gets it until it expires.
    expect(await claimRow(stack.app.strapi, UID, row.id, { owner: 'late', leaseSeconds: 30 })).toBe(false);
    expect(await claimRow(stack.app.strapi, UID, row.id, { owner: 'late', leaseSeconds: 30, now: new Date(Date.now() + 31_000) })).toBe(true);
    await query().update({ where: { id: row.id }, data: { leaseOwner: null, leaseUntil: null } });
  });

  it('never lets two poller instances poll the same course in one round', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await upload(`Parallel ${i}`));
    const a = createImportFollower(stack.app.strapi, 'instance-a');
    const b = createImportFollower(stack.app.strapi, 'instance-b');
    for (let round = 0; round < 4; round++) {
      await makeDue(ids);
      await stack.control('calls', undefined, 'DELETE');
      const now = new Date();
      const [ra, rb] = await Promise.all([a.runRound(now), b.runRound(now)]);
      const mine = (r: { polled: string[] }) => r.polled.filter((id) => ids.includes(id));
      expect(mine(ra).filter((id) => mine(rb).includes(id))).toEqual([]);
      expect([...mine(ra), ...mine(rb)].sort()).toEqual([...ids].sort());
      // One getAsyncImportResult per course per round, across both instances.
      expect(await calls()).toBe(ra.polled.length + rb.polled.length);
      const rows = await query().findMany({ where: { courseId: { $in: ids } } });
      for (const row of rows) {
        expect(row).toMatchObject({ status: 'importing', leaseOwner: null, pollAttempts: round + 1 });
        // Polled a moment ago: not due again this round, whoever asks.
        expect(new Date(row.nextPollAt).getTime()).toBeGreaterThan(now.getTime());
      }
      expect((await Promise.all([a.runRound(now), b.runRound(now)])).flatMap((r) => mine(r))).toEqual([]);
    }
  });

  it('grows the delay between polls of one import up to the ceiling', async () => {
    const courseId = await upload('Backoff');
    const follower = createImportFollower(stack.app.strapi, 'backoff');
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await makeDue([courseId]);
      const before = Date.now();
      await follower.runRound();
      const row = await query().findOne({ where: { courseId } });
      delays.push(Math.round((new Date(row.nextPollAt).getTime() - before) / 1000));
    }
    expect(delays).toEqual([4, 8, 16, 20, 20]);
  });

  it('fails an import that runs longer than poller.importTimeoutMinutes', async () => {
    const courseId = await upload('Endless');
    await query().updateMany({ where: { courseId }, data: { importStartedAt: new Date(Date.now() - 121 * 60_000), nextPollAt: null } });
    await createImportFollower(stack.app.strapi, 'timeout').runRound();
    const row = await query().findOne({ where: { courseId } });
    expect(row).toMatchObject({ status: 'failed', error: expect.stringContaining('importTimeoutMinutes') });
  });

  it('fails, and never readies, an importing course that no import ever completed, e.g. one made in the Content Manager', async () => {
    const created = await stack.app.strapi
      .documents(UID as any)
      .create({ data: { courseId: 'never-imported', title: 'Never imported', status: 'importing', launchable: true } });
    await createImportFollower(stack.app.strapi, 'never-imported').runRound();
    const row = await query().findOne({ where: { documentId: created.documentId } });
    expect(row).toMatchObject({ status: 'failed', version: null, error: expect.stringContaining('no import token') });
  });

  it('keeps an import when the Cloud is unreachable and fails it when the Cloud does not know the token', async () => {
    const courseId = await upload('Flaky');
    await makeDue([courseId]);
    await stack.fault('getAsyncImportResult', { type: 'http5xx', count: 'all', status: 503 });
    const follower = createImportFollower(stack.app.strapi, 'flaky');
    try {
      await expect(follower.runRound()).rejects.toThrow(/503/);
    } finally {
      await stack.control('faults', undefined, 'DELETE');
    }
    expect(await query().findOne({ where: { courseId } })).toMatchObject({ status: 'importing', leaseOwner: null });
    await query().updateMany({ where: { courseId }, data: { importToken: 'no-such-token', nextPollAt: null } });
    await follower.runRound();
    expect(await query().findOne({ where: { courseId } })).toMatchObject({ status: 'failed', error: expect.stringContaining('no-such-token') });
  });
});

describe('restart during an import', () => {
  it('still reaches ready after Strapi restarts on the same database', async () => {
    const emulator = await startEmulator({ port: 0, apps: [TEST_APP], importDelayMs: 2500 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm-cloud-restart-'));
    const options = {
      env: { DATABASE_FILENAME: path.join(dir, 'data.db') },
      pluginConfig: {
        ...TEST_APP,
        apiVersion: API_VERSION,
        serviceUrl: emulator.serviceUrl,
        poller: { rule: '*/1 * * * * *', initialDelaySeconds: 1, maxDelaySeconds: 1 },
      },
    };
    try {
      let app = await bootStrapi(options);
      const token = await app.superAdminToken();
      const res = await app
        .request()
        .post('/scorm-cloud/courses')
        .set('Authorization', `Bearer ${token}`)
        .attach('file', await scorm12Single('Survivor'), 'survivor.zip');
      expect(res.status).toBe(202);
      const courseId = res.body.data.courseId as string;
      await app.destroy();

      app = await bootStrapi(options);
      try {
        const end = Date.now() + 20_000;
        let row: any;
        while (Date.now() < end) {
          row = await app.strapi.db.query(UID).findOne({ where: { courseId } });
          if (row.status !== 'importing') break;
          await sleep(200);
        }
        expect(row).toMatchObject({ status: 'ready', title: 'Survivor' });
      } finally {
        await app.destroy();
      }
    } finally {
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
