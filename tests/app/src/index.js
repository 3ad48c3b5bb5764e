const { seedAdmin } = require('./seed-admin');
const { grantLearnerPermissions } = require('./seed-permissions');

module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    // Only `npm run dev` asks for this; tests arrange their own admins and permissions.
    if (process.env.DEV_SEED === 'true') {
      await seedAdmin(strapi);
      await grantLearnerPermissions(strapi);
    }
  },
};
