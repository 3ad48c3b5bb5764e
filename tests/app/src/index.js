const { seedAdmin } = require('./seed-admin');
const { grantLearnerPermissions } = require('./seed-permissions');
const { seedDemoLearner } = require('./seed-learner');
const { importDemoCourse, settleImport } = require('./demo-course');
const { afterStartupBanner, devNotice } = require('./startup-notice');

module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    // Only `npm run dev` asks for this; tests arrange their own admins, users, courses and permissions.
    if (process.env.DEV_SEED !== 'true') return;
    const admin = await seedAdmin(strapi);
    await grantLearnerPermissions(strapi);
    const learner = await seedDemoLearner(strapi);
    // Not awaited: Strapi starts while the package goes to the Cloud, and the notice waits for it.
    const demo =
      process.env.DEMO_COURSE === 'true'
        ? importDemoCourse(strapi)
            .then(async (result) => ({ ...result, course: result.course && (await settleImport(strapi, result.course)) }))
            .catch((error) => ({ course: null, note: `not imported: ${error.message}` }))
        : Promise.resolve(null);
    afterStartupBanner(strapi, async () => {
      console.log(
        devNotice({
          adminUrl: strapi.config.get('admin.absoluteUrl'),
          learnerUrl: `${strapi.config.get('server.absoluteUrl')}/learner/index.html`,
          admin,
          learner,
          demo: await demo,
          databaseFile: strapi.config.get('database.connection.connection.filename'),
        }),
      );
    });
  },
};
