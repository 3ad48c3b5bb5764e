'use strict';
/**
 * The Strapi under test, alone in its process so that its RSS is measured without the load generator
 * or the emulator. Loads tests/app with the plugin from source; tells the parent its port, an admin's
 * credentials and a full-access API token over IPC; collects garbage on request (started with --expose-gc).
 *
 * Further requests over IPC, each answered with `{ re: <cmd>, ... }`:
 * - `{ cmd: 'learners', count, actions }`: users-permissions users with a JWT each, the authenticated role
 *   granted `actions` (the content-API benchmarks compare a route with `GET /api/users/me` for them);
 * - `{ cmd: 'seed', courseId, count, prefix }`: `count` registrations of a course written straight to the
 *   database in batches (no Cloud call), made an hour ago, for the benchmarks at table sizes a site reaches;
 * - `{ cmd: 'apiVersion', version }`: the plugin speaks that API version from the next Cloud call (the
 *   emulator keeps one state for both, so the same registrations launch on either).
 */
const path = require('node:path');
const { listen, fail } = require(path.resolve(__dirname, '..', '..', 'tests', 'helpers', 'strapi-process.js'));

const REGISTRATION = 'plugin::scorm-cloud.registration';
const COURSE = 'plugin::scorm-cloud.course';

async function learners(strapi, { count, actions = [] }) {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  for (const action of actions) {
    const has = await strapi.db.query('plugin::users-permissions.permission').findOne({ where: { action, role: role.id } });
    if (!has) await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  // Straight to the database (which still gives each a documentId), without a password: they never log
  // in (each is given a JWT), and hashing one per user would spend a minute of a run that makes hundreds.
  const stamp = Date.now().toString(36);
  const users = [];
  for (let i = 0; i < count; i++) {
    const name = `bench${stamp}${i}`;
    const user = await strapi.db.query('plugin::users-permissions.user').create({
      data: {
        username: name,
        email: `${name}@example.com`,
        provider: 'local',
        confirmed: true,
        blocked: false,
        role: role.id,
      },
    });
    users.push({ documentId: user.documentId, jwt: strapi.plugin('users-permissions').service('jwt').issue({ id: user.id }) });
  }
  return { users };
}

async function seed(strapi, { courseId, count, prefix }) {
  const course = await strapi.db.query(COURSE).findOne({ where: { courseId } });
  const made = new Date(Date.now() - 3600_000);
  const BATCH = 500;
  for (let start = 0; start < count; start += BATCH) {
    const data = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const learnerId = `${prefix}-${i}`;
      data.push({
        registrationId: `${prefix}-reg-${i}`,
        attemptKey: `${courseId}:${learnerId}:1`,
        attempt: 1,
        learnerId,
        learnerFirstName: 'Seeded',
        learnerLastName: `Learner ${String(i).padStart(6, '0')}`,
        cloudStatus: 'active',
        postbackAuthType: 'form',
        createdAt: made,
        updatedAt: made,
      });
    }
    const { ids } = await strapi.db.query(REGISTRATION).createMany({ data });
    // createMany does not link relations: the course link is one statement per batch.
    if (ids?.length) {
      const meta = strapi.db.metadata.get(REGISTRATION);
      const join = meta.attributes.course.joinTable;
      await strapi.db.connection(join.name).insert(ids.map((id) => ({ [join.joinColumn.name]: id, [join.inverseJoinColumn.name]: course.id })));
    }
  }
  // Written straight to the database, as by an earlier version: the start-up backfill gives them their search text.
  await strapi.plugin('scorm-cloud').service('registrations').prepareSearch();
  // Fresh statistics, as autovacuum (PostgreSQL) would gather them shortly after a bulk load: without
  // them the planner plans for the empty table it last saw.
  await strapi.db.connection.raw('ANALYZE');
  return { count };
}

async function apiVersion(strapi, { version }) {
  strapi.plugin('scorm-cloud').service('config').get().apiVersion = version;
  strapi.plugin('scorm-cloud').service('cloud').reset();
  return { version };
}

async function main() {
  const { strapi, port } = await listen();
  const email = 'bench@example.com';
  const password = 'Bench3rSecret!';
  const role = await strapi.service('admin::role').getSuperAdmin();
  await strapi.service('admin::user').create({ email, firstname: 'Bench', lastname: 'Mark', password, isActive: true, roles: [role.id] });
  const commands = { learners, seed, apiVersion };
  process.on('message', (msg) => {
    if (msg === 'gc') {
      global.gc?.();
      process.send?.('gc-done');
      return;
    }
    const command = msg && commands[msg.cmd];
    if (!command) return;
    command(strapi, msg).then(
      (answer) => process.send?.({ re: msg.cmd, ...answer }),
      (error) => process.send?.({ re: msg.cmd, error: String(error?.stack ?? error) }),
    );
  });
  // A site backend's credentials, for the content-API benchmarks (launch).
  const apiToken = await strapi.service('admin::api-token').create({ name: 'bench', type: 'full-access', lifespan: null, permissions: [] });
  process.send({ ready: true, port, email, password, apiToken: apiToken.accessKey });
}

main().catch(fail);
