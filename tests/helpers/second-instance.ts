/**
 * A second Strapi of the test app in a process of its own (tests/helpers/strapi-process.js), on the
 * database of the one `bootStrapi` started in this process, as a second machine of the same site.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** Starts it with this process's environment (where bootStrapi put the database settings) plus `env`; resolves with its port. */
export async function startSecondInstance(env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(root, 'tests', 'helpers', 'strapi-process.js'), [], {
    execArgv: ['-r', path.join(root, 'scripts', 'bench', 'ts-hook.js')],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`the second Strapi exited with ${code}`)));
  });
  return { child, port };
}

/** Asks it to stop, and kills it if it has not within ten seconds. */
export async function stopSecondInstance(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.send('stop');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => (timer = setTimeout(r, 10_000)))]);
  clearTimeout(timer);
  if (child.exitCode === null) child.kill('SIGKILL');
}

let calls = 0;

/** Calls `service.method(...args)` of the plugin inside the second instance (Dates travel as Dates) and resolves with its answer. */
export function callService<T>(child: ChildProcess, service: string, method: string, ...args: unknown[]): Promise<T> {
  const rpc = ++calls;
  const sent = args.map((a) => (a instanceof Date ? { $date: a.toISOString() } : a));
  return new Promise<T>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      const answer = m as { rpc?: number; value?: T; error?: string };
      if (answer?.rpc !== rpc) return;
      child.off('message', onMessage);
      if (answer.error !== undefined) reject(new Error(`${service}.${method} in the second instance: ${answer.error}`));
      else resolve(answer.value as T);
    };
    child.on('message', onMessage);
    child.send({ rpc, service, method, args: sent });
  });
}
