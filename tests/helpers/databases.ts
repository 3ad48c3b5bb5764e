/**
 * Which databases the integration suite runs on: SQLite always; PostgreSQL and MariaDB when they answer
 * on 127.0.0.1 (global-setup.js checks once and prints why one is skipped).
 *
 * The API V1 run uses SQLite only unless `TEST_V1_ALL_DATABASES=1`: V1 and V2 differ in the wire format,
 * which no database sees, and the V2 run already covers every database, so the second pass over the
 * same SQL kept CI past its 30 minutes without testing anything new.
 */
export type DatabaseClient = 'sqlite' | 'postgres' | 'mysql';

/** Every database that answers, whatever the API version (for suites that only V1 can run). */
export function answeringDatabases(): DatabaseClient[] {
  return (process.env.TEST_DATABASES_AVAILABLE ?? 'sqlite').split(',').filter(Boolean) as DatabaseClient[];
}

export function availableDatabases(): DatabaseClient[] {
  const found = answeringDatabases();
  if (process.env.SCORM_CLOUD_TEST_API_VERSION === 'v1' && process.env.TEST_V1_ALL_DATABASES !== '1') return found.filter((d) => d === 'sqlite');
  return found;
}
