import { availableDatabases } from '../helpers/databases';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';

const TABLE = 'scorm_cloud_registrations';

/** Index names → unique?, read from the database's own catalogue (not from Strapi's metadata). */
async function indexesOf(app: TestStrapi, table = 'scorm_cloud_registrations'): Promise<Map<string, boolean>> {
  const knex = app.strapi.db.connection;
  const client = app.strapi.db.dialect.client;
  const found = new Map<string, boolean>();
  if (client === 'sqlite') {
    const rows = (await knex.raw(`PRAGMA index_list('${table}')`)) as Array<{ name: string; unique: number }>;
    for (const row of rows) found.set(row.name, row.unique === 1);
  } else if (client === 'postgres') {
    const { rows } = (await knex.raw('SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ?', [table])) as {
      rows: Array<{ indexname: string; indexdef: string }>;
    };
    for (const row of rows) found.set(row.indexname, /CREATE UNIQUE INDEX/i.test(row.indexdef));
  } else {
    const [rows] = (await knex.raw(`SHOW INDEX FROM ${table}`)) as [Array<{ Key_name: string; Non_unique: number }>];
    for (const row of rows) found.set(row.Key_name, Number(row.Non_unique) === 0);
  }
  return found;
}

describe.each(availableDatabases())('registration indexes on %s', (database) => {
  let app: TestStrapi;
  beforeAll(async () => {
    app = await bootStrapi({ database });
  });
  afterAll(async () => {
    await app?.destroy();
  });

  it('creates a unique index on the attempt key in the database itself', async () => {
    const indexes = await indexesOf(app);
    expect(indexes.get('scorm_cloud_registrations_attempt_key_uq')).toBe(true);
    for (const name of [
      'learner_idx',
      'complete_idx',
      'success_idx',
      'created_idx',
      'launched_idx',
      'user_idx',
      'registration_id_idx',
      'last_name_idx',
      'score_idx',
    ]) {
      expect([name, indexes.has(`scorm_cloud_registrations_${name}`)]).toEqual([name, true]);
    }
    expect((await indexesOf(app, 'scorm_cloud_postbacks')).has('scorm_cloud_postbacks_registration_idx')).toBe(true);
  });

  // The other planners may pick a scan for a tiny table; SQLite's plan shows the index it would use.
  (database === 'sqlite' ? it : it.skip)('finds a registration and its postbacks by registration ID through those indexes, not a scan', async () => {
    const knex = app.strapi.db.connection;
    const plan = async (sql: string) => ((await knex.raw(`EXPLAIN QUERY PLAN ${sql}`)) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(await plan(`SELECT * FROM ${TABLE} WHERE registration_id = 'r1'`)).toMatch(/USING INDEX scorm_cloud_registrations_registration_id_idx/);
    expect(await plan(`SELECT * FROM scorm_cloud_postbacks WHERE registration_id = 'r1' ORDER BY received_at DESC`)).toMatch(
      /USING INDEX scorm_cloud_postbacks_registration_idx/,
    );
  });

  it("refuses a second row with the same attempt key even past Strapi's own checks", async () => {
    const knex = app.strapi.db.connection;
    const row = (n: number) => ({ document_id: `doc${n}`, registration_id: `reg-dup-${n}`, learner_id: 'u-x', attempt: 1, attempt_key: 'c1:u-x:1' });
    await knex(TABLE).insert(row(1));
    const refusal = await knex(TABLE)
      .insert(row(2))
      .then(
        () => 'inserted',
        (error: Error) => error.message,
      );
    expect(refusal).toMatch(/unique|duplicate/i);
    const [{ n }] = (await knex(TABLE).where({ attempt_key: 'c1:u-x:1' }).count({ n: '*' })) as Array<{ n: number | string }>;
    expect(Number(n)).toBe(1);
  });
});
