module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  app: { keys: env.array('APP_KEYS', ['test-app-key-1', 'test-app-key-2']) },
  // CRON_ENABLED=false lets a test prove the plugin's poller still runs in hosts that turn cron off.
  cron: { enabled: env.bool('CRON_ENABLED', true) },
});
