/**
 * Every content-API route of the plugin, called as an outsider would on each database: with another
 * learner's IDs, without credentials or with a forged token, and with hostile IDs (255+ characters, path
 * traversal, a NUL byte, unicode, SQL). Each gets a precise 4xx with a message, and nothing stored changes.
 */
import { availableDatabases } from '../helpers/databases';
import { bootStack, type Stack } from '../helpers/stack';
import { createApiToken, createLearner, grantRole, LEARNER_ACTIONS } from '../helpers/strapi';
import { INBOX_UID, REG_UID, seedCourse } from './results-fixtures';

const COURSE_UID = 'plugin::scorm-cloud.course';

type Method = 'get' | 'post';

/** Each content-API route with an ID in its path, as `[method, path template]`; `:id` is replaced. */
const REGISTRATION_ROUTES: Array<[Method, string]> = [
  ['get', '/api/scorm-cloud/registrations/:id'],
  ['get', '/api/scorm-cloud/registrations/:id/launch'],
  ['post', '/api/scorm-cloud/registrations/:id/launch-ticket'],
];
const COURSE_ROUTES: Array<[Method, string]> = [
  ['get', '/api/scorm-cloud/courses/:id'],
  ['get', '/api/scorm-cloud/courses/:id/launch'],
  ['post', '/api/scorm-cloud/courses/:id/launch-ticket'],
];
const PUBLIC_ID_ROUTES: Array<[Method, string]> = [['get', '/api/scorm-cloud/launch-tickets/:id']];
/**
 * Public routes a browser lands on, which answer a page: the exit route always shows the close page (or
 * the configured return address) and so never tells whether a registration exists; the end of a direct
 * upload explains in a page that it cannot be completed.
 */
const PUBLIC_PAGES: Array<[string, number, RegExp]> = [
  ['/api/scorm-cloud/registrations/:id/exit', 200, /close this window/],
  ['/api/scorm-cloud/direct-uploads/:id/complete', 404, /could not be completed/],
];

/** Hostile IDs, already encoded for a path. */
const HOSTILE_IDS: Array<[string, string]> = [
  ['256 characters', 'a'.repeat(256)],
  ['4 000 characters', 'b'.repeat(4000)],
  ['path traversal', '..%2F..%2F..%2Fetc%2Fpasswd'],
  ['dot segments', '..%2e%2f'],
  ['unicode', encodeURIComponent('régistration-✓-漢字-😀')],
  ['right-to-left override', encodeURIComponent('\u202Egnp.exe')],
  ['SQL', encodeURIComponent("x' OR '1'='1")],
  ['JSON', encodeURIComponent('{"$ne":null}')],
];

describe.each(availableDatabases())('content-API routes under hostile calls (%s)', (database) => {
  let stack: Stack;
  let apiToken: string;
  let owner: { jwt: string; user: { documentId: string } };
  let other: { jwt: string; user: { documentId: string } };
  let courseId: string;
  let registrationId: string;

  /** Everything a hostile call could change: each plugin table's rows, as stored. */
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        [REG_UID, COURSE_UID, INBOX_UID, 'plugin::scorm-cloud.refresh-job'].map((uid) =>
          stack.app.strapi.db.query(uid as any).findMany({ orderBy: { id: 'asc' } }),
        ),
      ),
    );
  const call = (method: Method, path: string, auth?: string) => {
    const req = stack.app.http[method](path);
    if (auth) req.set('Authorization', auth);
    return req;
  };
  /** A refusal in words: the status, Strapi's error envelope and a sentence, never a stack trace. */
  const refusal = (res: { status: number; body: any; text: string }) => ({
    status: res.status,
    hasMessage: typeof res.body?.error?.message === 'string' && res.body.error.message.length > 0,
    stack: /\bat .+:\d+:\d+/.test(res.text),
  });

  beforeAll(async () => {
    stack = await bootStack({ database });
    await grantRole(stack.app, 'authenticated', LEARNER_ACTIONS);
    await grantRole(stack.app, 'public', ['plugin::scorm-cloud.learner-courses.find', 'plugin::scorm-cloud.learner-courses.findOne']);
    apiToken = await createApiToken(stack.app);
    owner = await createLearner(stack.app);
    other = await createLearner(stack.app);
    courseId = (await seedCourse(stack, `course-hostile-${database}`)).courseId;
    const mine = await call('get', `/api/scorm-cloud/courses/${courseId}/launch`, `Bearer ${owner.jwt}`).set('Accept', 'application/json');
    expect(mine.status).toBe(200);
    registrationId = mine.body.data.registrationId;
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it("refuses another learner every route of someone else's registration with 403", async () => {
    const before = await snapshot();
    for (const [method, template] of REGISTRATION_ROUTES) {
      const res = await call(method, template.replace(':id', registrationId), `Bearer ${other.jwt}`);
      expect({ route: `${method} ${template}`, ...refusal(res) }).toEqual({ route: `${method} ${template}`, status: 403, hasMessage: true, stack: false });
    }
    // Their own list and a registration "for" the owner give them only what is theirs.
    const list = await call('get', '/api/scorm-cloud/me/registrations', `Bearer ${other.jwt}`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { registrationId: string }) => r.registrationId)).not.toContain(registrationId);
    expect(await snapshot()).toBe(before);
    const posed = await call('post', '/api/scorm-cloud/registrations', `Bearer ${other.jwt}`).send({
      courseId,
      learner: { id: `u-${owner.user.documentId}`, userDocumentId: owner.user.documentId, firstName: 'Not', lastName: 'Me' },
    });
    expect(posed.status).toBe(201);
    expect(posed.body.data.registrationId).not.toBe(registrationId);
    expect(posed.body.data.learnerId).toBe(`u-${other.user.documentId}`);
  });

  it('refuses every route that needs a caller with 403 without credentials and 401 with a forged token', async () => {
    const before = await snapshot();
    const routes: Array<[Method, string]> = [
      ...REGISTRATION_ROUTES.map(([m, t]): [Method, string] => [m, t.replace(':id', registrationId)]),
      ...COURSE_ROUTES.slice(1).map(([m, t]): [Method, string] => [m, t.replace(':id', courseId)]),
      ['get', '/api/scorm-cloud/me/registrations'],
      ['post', '/api/scorm-cloud/registrations'],
    ];
    const forged = `Bearer ${owner.jwt.slice(0, -4)}AAAA`;
    for (const [method, path] of routes) {
      expect({ route: `${method} ${path}`, ...refusal(await call(method, path)) }).toEqual({
        route: `${method} ${path}`,
        status: 403,
        hasMessage: true,
        stack: false,
      });
      expect({ route: `${method} ${path}`, ...refusal(await call(method, path, forged)) }).toEqual({
        route: `${method} ${path}`,
        status: 401,
        hasMessage: true,
        stack: false,
      });
    }
    expect(await snapshot()).toBe(before);
  });

  it.each(HOSTILE_IDS)('answers a %s ID on every route with a 4xx in words, and changes nothing', async (_what, id) => {
    const before = await snapshot();
    const seen: string[] = [];
    const wrong: string[] = [];
    const routes: Array<[Method, string, string | undefined]> = [
      ...REGISTRATION_ROUTES.map(([m, t]): [Method, string, string | undefined] => [m, t, `Bearer ${owner.jwt}`]),
      ...REGISTRATION_ROUTES.map(([m, t]): [Method, string, string | undefined] => [m, t, `Bearer ${apiToken}`]),
      ...COURSE_ROUTES.map(([m, t]): [Method, string, string | undefined] => [m, t, `Bearer ${owner.jwt}`]),
      ...PUBLIC_ID_ROUTES.map(([m, t]): [Method, string, string | undefined] => [m, t, undefined]),
    ];
    for (const [method, template, auth] of routes) {
      const path = template.replace(':id', id);
      const res = await call(method, path, auth);
      const got = refusal(res);
      seen.push(`${method} ${template} → ${res.status}`);
      // 400 (refused as input), 403 (a ticket that is no ticket), 404 (no such thing); never 5xx, never a 2xx or 3xx.
      if (![400, 403, 404].includes(got.status) || !got.hasMessage || got.stack)
        wrong.push(`${method} ${template} (${auth ? 'signed in' : 'public'}): ${res.status} ${res.text.slice(0, 160)}`);
    }
    for (const [template, status, words] of PUBLIC_PAGES) {
      const res = await call('get', template.replace(':id', id));
      seen.push(`get ${template} → ${res.status}`);
      if (res.status !== status || !words.test(res.text)) wrong.push(`get ${template} (page): ${res.status} ${res.text.slice(0, 160)}`);
    }
    // The same hostile values as a registration's course or learner, where the body carries them.
    for (const body of [{ courseId: decodeURIComponent(id) }, { courseId, learner: { id: decodeURIComponent(id) } }]) {
      const res = await call('post', '/api/scorm-cloud/registrations', `Bearer ${apiToken}`).send(body);
      seen.push(`post /registrations → ${res.status}`);
      const got = refusal(res);
      if (![400, 404].includes(got.status) || !got.hasMessage || got.stack)
        wrong.push(`post /registrations ${JSON.stringify(body).slice(0, 60)}: ${res.status} ${res.text.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect(seen.length).toBe(routes.length + PUBLIC_PAGES.length + 2);
  });

  it('answers a NUL byte in any ID with 400 CONTROL_CHARACTER on every route', async () => {
    const before = await snapshot();
    for (const [method, template] of [
      ...REGISTRATION_ROUTES,
      ...COURSE_ROUTES,
      ...PUBLIC_ID_ROUTES,
      ...PUBLIC_PAGES.map(([t]): [Method, string] => ['get', t]),
    ]) {
      const res = await call(method, template.replace(':id', 'x%00y'), `Bearer ${owner.jwt}`);
      expect({ route: template, status: res.status, code: res.body?.error?.details?.code }).toEqual({
        route: template,
        status: 400,
        code: 'CONTROL_CHARACTER',
      });
    }
    expect(await snapshot()).toBe(before);
  });
});
