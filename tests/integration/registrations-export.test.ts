/**
 * The registrations list as an editor works it: sorted the way Strapi's tables ask (`score:DESC`),
 * filtered by last-launch dates, and exported as CSV with the filters applied, the effective values and
 * SCORM Cloud's side by side, and no spreadsheet formula smuggled in through a learner's name.
 */
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { seedCourse, seedRegistration } from './results-fixtures';

/** A CSV body as rows of fields (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      endField();
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else {
      field += c;
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

describe.each(availableDatabases())('the registrations list, sorted, filtered by date and exported, on %s', (database) => {
  let stack: Stack;
  let admin: string;
  const COURSE = `export-${database}`;
  const get = (path: string, token = admin) => stack.app.request().get(`/scorm-cloud${path}`).set('Authorization', `Bearer ${token}`);
  const ids = (res: { body: { data: Array<{ registrationId: string }> } }) => res.body.data.map((r) => r.registrationId);

  beforeAll(async () => {
    stack = await bootStack({ database, pluginConfig: { poller: { enabled: false } } });
    admin = await stack.app.superAdminToken();
    const course = await seedCourse(stack, COURSE);
    const other = await seedCourse(stack, `${COURSE}-other`);
    const seed = (registrationId: string, row: Record<string, unknown>, on = course) =>
      seedRegistration(stack, { registrationId, course: on, cloud: false, row });
    await seed('exp-a', { score: 40, cloudScore: 40, lastLaunchedAt: new Date('2026-03-01T09:00:00Z'), learnerFirstName: 'Ada' });
    await seed('exp-b', {
      score: 95,
      cloudScore: 70,
      overrideScore: 95,
      overrideReason: 'Oral exam, "excellent"',
      overriddenBy: 'editor@example.com',
      complete: 'complete',
      cloudComplete: 'complete',
      lastLaunchedAt: new Date('2026-03-02T23:30:00Z'),
      learnerFirstName: '=HYPERLINK("http://evil.example")',
      learnerLastName: 'Smith, Jr.',
    });
    await seed('exp-c', { score: 70, cloudScore: 70, lastLaunchedAt: new Date('2026-03-05T12:00:00Z') });
    await seed('exp-other', { score: 10 }, other);
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('sorts as Strapi tables ask, in capitals or not', async () => {
    expect(ids(await get(`/registrations?courseId=${COURSE}&sort=score:DESC`))).toEqual(['exp-b', 'exp-c', 'exp-a']);
    expect(ids(await get(`/registrations?courseId=${COURSE}&sort=score:asc`))).toEqual(['exp-a', 'exp-c', 'exp-b']);
    const bad = await get(`/registrations?sort=password:DESC`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('sort: must be one of createdAt, updatedAt');
  });

  it('filters by the day of the last launch, both ends included', async () => {
    expect(ids(await get(`/registrations?courseId=${COURSE}&launchedFrom=2026-03-02&sort=score:asc`))).toEqual(['exp-c', 'exp-b']);
    expect(ids(await get(`/registrations?courseId=${COURSE}&launchedTo=2026-03-02&sort=score:asc`))).toEqual(['exp-a', 'exp-b']);
    const one = await get(`/registrations?courseId=${COURSE}&launchedFrom=2026-03-02&launchedTo=2026-03-02`);
    expect(ids(one)).toEqual(['exp-b']);
    expect(one.body.meta.pagination.total).toBe(1);
    // An instant is taken as it is: 23:00 UTC on the 2nd leaves out the launch at 23:30.
    expect(ids(await get(`/registrations?courseId=${COURSE}&launchedTo=2026-03-02T23:00:00Z&sort=score:asc`))).toEqual(['exp-a']);
    const bad = await get('/registrations?launchedFrom=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('launchedFrom: must be a date such as 2026-03-04');
  });

  it('exports the filtered list as CSV, effective and Cloud values side by side', async () => {
    const res = await get(`/registrations/export?courseId=${COURSE}&sort=score:DESC`)
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="scorm-registrations-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const [header, ...rows] = parseCsv(res.body as string);
    expect(header.slice(0, 4)).toEqual(['registration_id', 'course_id', 'course_title', 'learner_id']);
    const at = (name: string) => header.indexOf(name);
    expect(rows.map((r) => r[0])).toEqual(['exp-b', 'exp-c', 'exp-a']);
    const b = rows[0];
    expect(b[at('score')]).toBe('95');
    expect(b[at('cloud_score')]).toBe('70');
    expect(b[at('completion')]).toBe('complete');
    expect(b[at('overridden')]).toBe('score');
    expect(b[at('override_reason')]).toBe('Oral exam, "excellent"');
    // A formula is text in the file, and a comma in a name stays in its field.
    expect(b[at('first_name')]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(b[at('last_name')]).toBe('Smith, Jr.');
    expect(b[at('last_launched_at')]).toBe('2026-03-02T23:30:00.000Z');
    expect(b[at('course_title')]).toBe(`Course ${COURSE}`);
    expect(rows[2][at('overridden')]).toBe('');
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });

  it('exports more rows than one page, and nothing for an unknown course', async () => {
    const pages = await get(`/registrations/export?sort=createdAt:asc`);
    const all = parseCsv(pages.text).slice(1);
    expect(all.map((r) => r[0])).toEqual(expect.arrayContaining(['exp-a', 'exp-b', 'exp-c', 'exp-other']));
    const none = await get('/registrations/export?courseId=no-such-course');
    expect(none.status).toBe(200);
    expect(parseCsv(none.text)).toHaveLength(1);
  });

  it('exports for those who may read registrations only', async () => {
    const courses = await stack.app.adminTokenWith(['plugin::scorm-cloud.courses.read']);
    expect((await get('/registrations/export', courses)).status).toBe(403);
    const reader = await stack.app.adminTokenWith(['plugin::scorm-cloud.registrations.read']);
    expect((await get(`/registrations/export?courseId=${COURSE}`, reader)).status).toBe(200);
  });
});

describe('the export, page by page', () => {
  it('reads every row once across pages of the repository', async () => {
    const stack = await bootStack({ database: 'sqlite', pluginConfig: { poller: { enabled: false } } });
    try {
      const course = await seedCourse(stack, 'export-pages');
      for (let i = 0; i < 7; i++) await seedRegistration(stack, { registrationId: `pg-${i}`, course, cloud: false });
      const service = stack.app.strapi.plugin('scorm-cloud').service('registrations');
      const seen: string[][] = [];
      for await (const rows of service.listAll({ courseId: 'export-pages', sort: 'createdAt:asc' }, 3))
        seen.push(rows.map((r: { registrationId: string }) => r.registrationId));
      expect(seen).toEqual([['pg-0', 'pg-1', 'pg-2'], ['pg-3', 'pg-4', 'pg-5'], ['pg-6']]);
    } finally {
      await stack.destroy();
    }
  });
});
