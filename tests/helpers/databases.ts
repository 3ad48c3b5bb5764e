/**
 * Which databases the integration suite runs on. SQLite always; PostgreSQL and MariaDB when they answer
 * on 127.0.0.1 (skipped with a printed reason otherwise, so the suite passes where they are absent).
 */
import net from 'node:net';

export type DatabaseClient = 'sqlite' | 'postgres' | 'mysql';

const ports: Record<Exclude<DatabaseClient, 'sqlite'>, number> = { postgres: 5432, mysql: 3306 };

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

/** The clients to test on: `TEST_DATABASES=sqlite,postgres` narrows the list. */
export async function availableDatabases(): Promise<DatabaseClient[]> {
  const wanted = (process.env.TEST_DATABASES ?? 'sqlite,postgres,mysql').split(',').map((s) => s.trim()) as DatabaseClient[];
  const found: DatabaseClient[] = [];
  for (const client of wanted) {
    if (client === 'sqlite') found.push(client);
    else if (await answers(ports[client])) found.push(client);
    else console.warn(`[tests] ${client} does not answer on 127.0.0.1:${ports[client]}; skipping its run.`);
  }
  return found;
}
