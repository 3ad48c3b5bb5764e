const { seedAdmin } = require('./seed-admin');

module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    // Only `npm run dev` asks for this; tests create their own admins.
    if (process.env.SEED_ADMIN === 'true') await seedAdmin(strapi);
  },
};
