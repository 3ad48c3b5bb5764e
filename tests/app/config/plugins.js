const path = require('node:path');

/**
 * The plugin is loaded from the repository root (an absolute path: a relative `resolve` is first tried
 * against Strapi's own loader and lands inside @strapi/core). Tests and `npm run dev` pass extra plugin
 * config as JSON in SCORM_CLOUD_PLUGIN_CONFIG.
 */
module.exports = ({ env }) => ({
  // Strapi's documentation plugin, for the test that reads the OpenAPI file it generates (it writes
  // under src/extensions/ at every boot, so it stays off elsewhere).
  ...(env.bool('STRAPI_TEST_DOCUMENTATION', false) && {
    documentation: {
      enabled: true,
      resolve: require.resolve('@strapi/plugin-documentation/package.json'),
      // It documents only the plugins listed here.
      config: { 'x-strapi-config': { plugins: ['users-permissions', 'scorm-cloud'] } },
    },
  }),
  'users-permissions': {
    config: {
      jwtSecret: env('JWT_SECRET', 'test-users-permissions-jwt-secret'),
      ratelimit: { enabled: env.bool('USERS_PERMISSIONS_RATE_LIMIT', true) },
    },
  },
  'scorm-cloud': {
    enabled: true,
    // Tests load the sources instead of dist/ (SCORM_CLOUD_PLUGIN_RESOLVE, see tests/helpers/plugin-from-source).
    resolve: env('SCORM_CLOUD_PLUGIN_RESOLVE', path.resolve(__dirname, '..', '..', '..')),
    config: {
      appId: env('SCORM_CLOUD_APP_ID', ''),
      secretKey: env('SCORM_CLOUD_SECRET_KEY', ''),
      ...(env('SCORM_CLOUD_SERVICE_URL') && { serviceUrl: env('SCORM_CLOUD_SERVICE_URL') }),
      ...JSON.parse(env('SCORM_CLOUD_PLUGIN_CONFIG', '{}')),
    },
  },
});
