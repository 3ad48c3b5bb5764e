/**
 * Which databases the integration suite runs on: SQLite always; PostgreSQL and MariaDB when they answer
 * on 127.0.0.1 (global-setup.js checks once and prints why one is skipped).
 */
export type DatabaseClient = 'sqlite' | 'postgres' | 'mysql';

export function availableDatabases(): DatabaseClient[] {
  return (process.env.TEST_DATABASES_AVAILABLE ?? 'sqlite').split(',').filter(Boolean) as DatabaseClient[];
}
