const { randomBytes } = require('node:crypto');

/**
 * Creates the first super admin from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists, so that
 * `POST /admin/login` works without the registration screen. Without them a password is generated and
 * printed once.
 */
async function seedAdmin(strapi) {
  if ((await strapi.db.query('admin::user').count()) > 0) return;
  const email = process.env.ADMIN_EMAIL || 'admin@example.com';
  const generated = !process.env.ADMIN_PASSWORD;
  // Strapi's password rule: 8+ characters with a lower-case letter, an upper-case letter and a digit.
  const password = process.env.ADMIN_PASSWORD || `Aa1${randomBytes(9).toString('base64url')}`;
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
  const lines = [`Admin user created: ${email}`, generated ? `Generated password: ${password}` : 'Password: the ADMIN_PASSWORD you set'];
  // Printed on purpose: this is the only way to learn a generated password.
  console.log(`\n  ${lines.join('\n  ')}\n`);
}

module.exports = { seedAdmin };
