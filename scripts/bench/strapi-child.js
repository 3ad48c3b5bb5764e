'use strict';
/**
 * The Strapi under test, alone in its process so that its RSS is measured without the load generator
 * or the emulator. Loads tests/app with the plugin from source; tells the parent its port and an
 * admin's credentials over IPC; collects garbage on request (started with --expose-gc).
 */
const path = require('node:path');

async function main() {
  const appDir = path.resolve(__dirname, '..', '..', 'tests', 'app');
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: appDir }).load();
  strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const email = 'bench@example.com';
  const password = 'Bench3rSecret!';
  const role = await strapi.service('admin::role').getSuperAdmin();
  await strapi.service('admin::user').create({ email, firstname: 'Bench', lastname: 'Mark', password, isActive: true, roles: [role.id] });
  process.on('message', async (msg) => {
    if (msg === 'gc') {
      global.gc?.();
      process.send?.('gc-done');
    }
    if (msg === 'stop') {
      await strapi.destroy().catch(() => undefined);
      process.exit(0);
    }
  });
  process.send({ ready: true, port: strapi.server.httpServer.address().port, email, password });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
