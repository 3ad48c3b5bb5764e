/**
 * Two Strapi processes on one database, both with the import poller's cron job running, as in a
 * scaled-out deployment: every import reaches ready, and no import is ever polled by both
 * in one round (the emulator's call log says who polled which token, and when).
 */
import type { ChildProcess } from 'node:child_process';
import { startEmulator, type RunningEmulator } from '../../emulator/src';
import { answeringDatabases, type DatabaseClient } from '../helpers/databases';
import { control } from '../../emulator/tests/helpers';
import { scorm12Single } from '../helpers/packages';
import { API_VERSION } from '../helpers/api-version';
import { TEST_APP } from '../helpers/stack';
import { startSecondInstance, stopSecondInstance } from '../helpers/second-instance';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';

const UID = 'plugin::scorm-cloud.course';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const COURSES = 8;

// Several processes on one SQLite file is no deployment anyone scales out; the lease is for servers.
// The emulator tells the two instances apart by V1's `origin` parameter (V2 calls carry no caller id);
// the lease under test is the same whichever version polls, so the V1 project runs it.
const databases = API_VERSION === 'v1' ? answeringDatabases().filter((d) => d !== 'sqlite') : [];
if (API_VERSION !== 'v1') console.log("[tests] poller-two-processes runs in the V1 project: the emulator tells instances apart by V1's origin parameter.");
else if (databases.length === 0)
  console.warn('[tests] poller-two-processes: no PostgreSQL or MariaDB in this run (not answering, or left out by TEST_DATABASES); skipped.');
const suite = databases.length ? describe.each(databases) : describe.skip.each<DatabaseClient>(['postgres']);

suite('two Strapi processes on one %s database', (database) => {
  let emulator: RunningEmulator;
  let a: TestStrapi;
  let b: ChildProcess;

  // Both poll every second; a batch of 2 makes both instances claim work in each round.
  const plugin = (origin: string) => ({
    ...TEST_APP,
    apiVersion: 'v1',
    serviceUrl: emulator.serviceUrl,
    origin,
    poller: { rule: '*/1 * * * * *', initialDelaySeconds: 1, maxDelaySeconds: 1, batchSize: 2, leaseSeconds: 30 },
  });

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, apps: [TEST_APP], importDelayMs: 3000 });
    a = await bootStrapi({ database, pluginConfig: plugin('instance.a') });
    // bootStrapi has put the database's connection settings in this process's environment: B gets them too.
    b = (await startSecondInstance({ SCORM_CLOUD_PLUGIN_CONFIG: JSON.stringify(plugin('instance.b')) })).child;
  });

  afterAll(async () => {
    await stopSecondInstance(b);
    await a?.destroy();
    await emulator?.close();
  });

  it('follows every import to ready, and no import is polled by both instances in one round', async () => {
    const token = await a.superAdminToken();
    await control(emulator, 'calls', undefined, 'DELETE');
    const ids: string[] = [];
    for (let i = 0; i < COURSES; i++) {
      const res = await a
        .request()
        .post('/scorm-cloud/courses')
        .set('Authorization', `Bearer ${token}`)
        .attach('file', await scorm12Single(`Scaled ${i}`), `scaled-${i}.zip`);
      expect(res.status).toBe(202);
      ids.push(res.body.data.courseId);
    }

    const query = () => a.strapi.db.query(UID);
    const end = Date.now() + 60_000;
    let rows: any[] = [];
    while (Date.now() < end) {
      rows = await query().findMany({ where: { courseId: { $in: ids } } });
      if (rows.every((r) => r.status !== 'importing')) break;
      await sleep(250);
    }
    expect(rows.map((r) => [r.courseId, r.status, r.title]).sort()).toEqual(ids.map((id, i) => [id, 'ready', `Scaled ${i}`]).sort());

    const { log } = await control<{ log: Array<{ at: string; origin?: string; token?: string }> }>(emulator, 'calls?method=getAsyncImportResult&log=true');
    const tokens = new Set(rows.map((r) => r.importToken));
    const polls = log.filter((c) => tokens.has(c.token));
    // Both instances took part, or the test would prove nothing about two of them.
    expect(new Set(polls.map((c) => c.origin))).toEqual(new Set(['instance.a', 'instance.b']));
    for (const t of tokens) {
      const times = polls
        .filter((c) => c.token === t)
        .map((c) => Date.parse(c.at))
        .sort((x, y) => x - y);
      expect(times.length).toBeGreaterThanOrEqual(1);
      // A poll moves the next one a second on; two in one round would be milliseconds apart.
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(500);
    }
  });
});
