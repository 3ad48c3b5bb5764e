const { randomBytes } = require('node:crypto');
const { devPassword } = require('./dev-passwords');

// Strapi's password rule: 8+ characters with a lower-case letter, an upper-case letter and a digit.
const generateAdminPassword = () => `Aa1${randomBytes(9).toString('base64url')}`;

/**
 * Creates the first super admin from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists, so that
 * `POST /admin/login` works without the registration screen. Without ADMIN_PASSWORD the password is
 * generated once and kept (see dev-passwords.js). Resolves with the account to print and whether that
 * password still opens it (`works`: false once someone changed it, null when there is no such admin).
 */
async function seedAdmin(strapi) {
  const email = process.env.ADMIN_EMAIL || 'admin@example.com';
  const { password, origin, envName, file } = devPassword('admin', 'ADMIN_PASSWORD', generateAdminPassword);
  const admins = strapi.db.query('admin::user');
  let created = false;
  if ((await admins.count()) === 0) {
    const superAdminRole = await strapi.service('admin::role').getSuperAdmin();
    await strapi.service('admin::user').create({
      email,
      firstname: 'Admin',
      lastname: 'User',
      password,
      isActive: true,
      registrationToken: null,
      roles: superAdminRole ? [superAdminRole.id] : [],
    });
    created = true;
  }
  const user = await admins.findOne({ where: { email } });
  const works = user ? await strapi.service('admin::auth').validatePassword(password, user.password) : null;
  return { email, password, origin, envName, file, created, works };
}

module.exports = { seedAdmin };
