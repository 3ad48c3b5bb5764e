module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET', 'test-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'test-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'test-transfer-token-salt') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'test-encryption-key-0123456789abcdef') },
  // Tests log in many times a minute; the dev app keeps Strapi's default limit.
  rateLimit: { enabled: env.bool('ADMIN_RATE_LIMIT', true) },
  flags: { nps: false, promoteEE: false },
});
