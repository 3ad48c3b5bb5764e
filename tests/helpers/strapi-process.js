'use strict';
/**
 * A Strapi of the test app in a process of its own (Strapi keeps itself in a global, so one process
 * holds one instance). It reads the same environment as bootStrapi, so a parent can hand it the
 * database of its own instance: two instances on one database, as in a scaled-out deployment.
 * Run as a script, it tells the parent `{ ready, port }` over IPC; 'stop' destroys it and exits, and
 * `{ rpc, … }` calls one of the plugin's services (see answerCall).
 * The benchmark's Strapi (scripts/bench/strapi-child.js) is booted with `listen()` too.
 */
const path = require('node:path');

/** Loads the app, listens on a free port, and stops on the parent's 'stop'. */
async function listen() {
  const appDir = path.resolve(__dirname, '..', 'app');
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: appDir }).load();
  strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  process.on('message', async (msg) => {
    if (msg && msg.rpc) return answerCall(strapi, msg);
    if (msg !== 'stop') return;
    await strapi.destroy().catch(() => undefined);
    process.exit(0);
  });
  return { strapi, port: strapi.server.httpServer.address().port };
}

/**
 * `{ rpc, service, method, args }`: calls one of the plugin's services in this instance, as its own poller
 * would, and answers `{ rpc, value }` or `{ rpc, error }`. Arguments `{ $date: iso }` arrive as Dates.
 */
async function answerCall(strapi, { rpc, service, method, args = [] }) {
  const revived = args.map((a) => (a && typeof a === 'object' && '$date' in a ? new Date(a.$date) : a));
  try {
    const target = strapi.plugin('scorm-cloud').service(service);
    const value = await target[method](...revived);
    process.send({ rpc, value });
  } catch (error) {
    process.send({ rpc, error: error instanceof Error ? error.message : String(error) });
  }
}

const fail = (error) => {
  console.error(error);
  process.exit(1);
};

module.exports = { listen, fail };

if (require.main === module) listen().then(({ port }) => process.send({ ready: true, port }), fail);
