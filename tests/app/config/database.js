const path = require('node:path');

// DATABASE_CLIENT: sqlite (default) | postgres | mysql (MariaDB through mysql2).
module.exports = ({ env }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  if (client === 'sqlite') {
    return {
      connection: {
        client: 'sqlite',
        connection: { filename: env('DATABASE_FILENAME', path.join(__dirname, '..', '.tmp', 'data.db')) },
        useNullAsDefault: true,
        // Write-ahead logging: readers do not wait for the writer, and a commit appends to the log
        // instead of rewriting the journal; with synchronous=NORMAL a commit does not wait for the disk
        // (a power cut may lose the last commits, never corrupt the file). What SQLite advises for a server.
        pool: {
          afterCreate(connection, done) {
            connection.pragma('journal_mode = WAL');
            connection.pragma('synchronous = NORMAL');
            done(null, connection);
          },
        },
      },
    };
  }
  return {
    connection: {
      client,
      connection: {
        host: env('DATABASE_HOST', '127.0.0.1'),
        port: env.int('DATABASE_PORT', client === 'postgres' ? 5432 : 3306),
        database: env('DATABASE_NAME', 'test'),
        user: env('DATABASE_USERNAME', client === 'postgres' ? 'postgres' : 'root'),
        password: env('DATABASE_PASSWORD', ''),
      },
      pool: { min: 0, max: 5 },
      // Strapi's schema sync runs DDL in transactions; on MySQL/MariaDB knex then warns on every table.
      log: { warn: (message) => (/implicitly committed/.test(String(message)) ? undefined : console.warn(message)) },
    },
  };
};
