'use strict';
/**
 * The Strapi under test, alone in its process so that its RSS is measured without the load generator
 * or the emulator. Loads tests/app with the plugin from source; tells the parent its port, an admin's
 * credentials and a full-access API token over IPC; collects garbage on request (started with --expose-gc).
 */
const path = require('node:path');
const { listen, fail } = require(path.resolve(__dirname, '..', '..', 'tests', 'helpers', 'strapi-process.js'));

async function main() {
  const { strapi, port } = await listen();
  const email = 'bench@example.com';
  const password = 'Bench3rSecret!';
  const role = await strapi.service('admin::role').getSuperAdmin();
  await strapi.service('admin::user').create({ email, firstname: 'Bench', lastname: 'Mark', password, isActive: true, roles: [role.id] });
  process.on('message', (msg) => {
    if (msg !== 'gc') return;
    global.gc?.();
    process.send?.('gc-done');
  });
  // A site backend's credentials, for the content-API benchmarks (launch).
  const apiToken = await strapi.service('admin::api-token').create({ name: 'bench', type: 'full-access', lifespan: null, permissions: [] });
  process.send({ ready: true, port, email, password, apiToken: apiToken.accessKey });
}

main().catch(fail);
