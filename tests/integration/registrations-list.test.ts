/**
 * The admin registrations list on every database: each filter, the search (case-insensitive, a
 * substring, `%` and `_` taken literally), each sort and the pagination, against rows written by hand
 * (given their search text by the start-up backfill) and one created through the service.
 */
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { seedCourse, seedRegistration } from './results-fixtures';

describe.each(availableDatabases())('the admin registrations list (%s)', (database) => {
  let stack: Stack;
  let token: string;
  let courseA: string;
  const list = async (query: Record<string, string | number>) => {
    const res = await stack.app.http.get('/scorm-cloud/registrations').query(query).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return { ids: (res.body.data as Array<{ registrationId: string }>).map((r) => r.registrationId), total: res.body.meta.pagination.total as number };
  };

  beforeAll(async () => {
    stack = await bootStack({ database });
    token = await stack.app.superAdminToken();
    const a = await seedCourse(stack, `list-a-${database}`);
    const b = await seedCourse(stack, `list-b-${database}`);
    courseA = a.courseId;
    const rows: Array<[string, typeof a, string, string, 'complete' | 'incomplete', 'passed' | 'failed' | 'unknown', number | null]> = [
      ['la-1', a, 'Grace', 'Hopper', 'complete', 'passed', 90],
      ['la-2', a, 'Ada', 'Lovelace', 'incomplete', 'unknown', null],
      ['la-3', a, 'Alan', 'Turing', 'complete', 'failed', 40],
      ['la-4', a, 'Edsger', '100%_Dijkstra', 'incomplete', 'unknown', 10],
      ['lb-1', b, 'Barbara', 'Liskov', 'complete', 'passed', 75],
    ];
    for (const [registrationId, course, first, last, complete, success, score] of rows) {
      await seedRegistration(stack, {
        registrationId,
        course,
        cloud: false,
        row: { learnerId: `learner-${registrationId}`, learnerFirstName: first, learnerLastName: last, complete, success, score },
      });
    }
    // Rows written straight to the database have no search text until the start-up backfill writes it.
    expect(await list({ q: 'hopp' })).toEqual({ ids: [], total: 0 });
    expect(await stack.app.strapi.plugin('scorm-cloud').service('registrations').prepareSearch()).toBe(5);
    expect(await stack.app.strapi.plugin('scorm-cloud').service('registrations').prepareSearch()).toBe(0);
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('filters by course, learner, completion and success', async () => {
    expect(await list({ courseId: `list-a-${database}`, sort: 'learnerLastName:asc' })).toEqual({ ids: ['la-4', 'la-1', 'la-2', 'la-3'], total: 4 });
    expect(await list({ courseId: `list-b-${database}` })).toEqual({ ids: ['lb-1'], total: 1 });
    expect(await list({ courseId: 'no-such-course' })).toEqual({ ids: [], total: 0 });
    expect(await list({ learnerId: 'learner-la-3' })).toEqual({ ids: ['la-3'], total: 1 });
    expect(await list({ complete: 'complete', sort: 'learnerLastName:asc' })).toEqual({ ids: ['la-1', 'lb-1', 'la-3'], total: 3 });
    expect(await list({ courseId: `list-a-${database}`, success: 'passed' })).toEqual({ ids: ['la-1'], total: 1 });
  });

  it('searches IDs and names case-insensitively, with % and _ as themselves', async () => {
    expect(await list({ q: 'HOPP' })).toEqual({ ids: ['la-1'], total: 1 });
    expect(await list({ q: 'lb-' })).toEqual({ ids: ['lb-1'], total: 1 });
    expect(await list({ q: 'ada', sort: 'learnerLastName:asc' })).toEqual({ ids: ['la-2'], total: 1 });
    expect(await list({ q: '0%_d' })).toEqual({ ids: ['la-4'], total: 1 });
    // As wildcards these would match every name with a letter between "a" and "e".
    expect(await list({ q: 'a_e' })).toEqual({ ids: [], total: 0 });
    expect(await list({ q: '%' })).toEqual({ ids: ['la-4'], total: 1 });
  });

  it('sorts by last name and score both ways, and pages with the total of all matches', async () => {
    expect((await list({ sort: 'learnerLastName:desc' })).ids).toEqual(['la-3', 'la-2', 'lb-1', 'la-1', 'la-4']);
    const byScore = (await list({ sort: 'score:desc' })).ids.filter((id) => id !== 'la-2'); // where NULL sorts differs by database
    expect(byScore).toEqual(['la-1', 'lb-1', 'la-3', 'la-4']);
    expect(await list({ sort: 'learnerLastName:asc', page: 2, pageSize: 2 })).toEqual({ ids: ['lb-1', 'la-2'], total: 5 });
    expect(await list({ sort: 'learnerLastName:asc', page: 4, pageSize: 2 })).toEqual({ ids: [], total: 5 });
  });

  it('finds a registration created through the service by its e-mail, and by a name in any case of its alphabet', async () => {
    const created = await stack.app.strapi
      .plugin('scorm-cloud')
      .service('registrations')
      .create({ courseId: courseA, learner: { learnerId: 'ext-77', firstName: 'Émile', lastName: 'ZOLA', email: 'EZ@Example.org' } });
    const id = created.registration.registrationId as string;
    expect(await list({ q: 'ez@example.org' })).toEqual({ ids: [id], total: 1 });
    expect(await list({ q: 'ÉMILE' })).toEqual({ ids: [id], total: 1 });
    expect(await list({ q: 'zola', courseId: courseA })).toEqual({ ids: [id], total: 1 });
    // The course alone is counted apart from the other filters: the new row is in it.
    expect((await list({ courseId: courseA })).total).toBe(5);
  });

  (database === 'postgres' ? it : it.skip)('has a trigram index on the search text on PostgreSQL, which the search uses', async () => {
    const knex = stack.app.strapi.db.connection;
    const indexes = await knex.raw("SELECT indexdef FROM pg_indexes WHERE indexname = 'scorm_cloud_registrations_search_trgm'");
    expect(indexes.rows.map((r: { indexdef: string }) => r.indexdef)).toEqual([expect.stringContaining('USING gin (search_text gin_trgm_ops)')]);
    await knex.raw('SET enable_seqscan = off');
    try {
      const plan = await knex.raw("EXPLAIN SELECT id FROM scorm_cloud_registrations WHERE search_text LIKE '%lovelace%'");
      expect(plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')).toContain('scorm_cloud_registrations_search_trgm');
    } finally {
      await knex.raw('SET enable_seqscan = on');
    }
  });
});
