const { randomBytes } = require('node:crypto');
const { devPassword } = require('./dev-passwords');

const DEMO_LEARNER = { username: 'demo-learner', email: 'demo-learner@example.com' };
const USER_UID = 'plugin::users-permissions.user';

/**
 * A confirmed users-permissions user with the Authenticated role, to sign in to the demo learner page at
 * once. Its password comes from DEMO_LEARNER_PASSWORD, or is generated once and kept (see dev-passwords.js).
 * Resolves like seedAdmin: the account to print and whether that password still opens it.
 */
async function seedDemoLearner(strapi) {
  const { password, origin, envName, file } = devPassword('demo-learner', 'DEMO_LEARNER_PASSWORD', () => randomBytes(9).toString('base64url'));
  const users = strapi.plugin('users-permissions').service('user');
  const existing = await strapi.db.query(USER_UID).findOne({ where: { username: DEMO_LEARNER.username } });
  if (existing) {
    const works = Boolean(existing.password) && (await users.validatePassword(password, existing.password));
    return { ...DEMO_LEARNER, email: existing.email, password, origin, envName, file, created: false, works };
  }
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  if (!role) throw new Error('Users & Permissions has no Authenticated role, so the demo learner cannot be created.');
  await users.add({ ...DEMO_LEARNER, password, provider: 'local', confirmed: true, blocked: false, role: role.id });
  return { ...DEMO_LEARNER, password, origin, envName, file, created: true, works: true };
}

module.exports = { seedDemoLearner, DEMO_LEARNER };
