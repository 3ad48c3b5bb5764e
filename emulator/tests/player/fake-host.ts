import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createPlayerHandler } from '../../src/player';
import type { CmiData, PlayerHost, PlayerLaunch } from '../../src/player/contract';

/** A tiny in-memory PlayerHost: the other side of the seam, as the core implements it. */
export class MemoryHost implements PlayerHost {
  launches = new Map<string, PlayerLaunch>();
  files = new Map<string, Buffer>();
  commits: Array<{ launchId: string; cmi: CmiData }> = [];
  finishes: Array<{ launchId: string; cmi: CmiData }> = [];

  addLaunch(overrides: Partial<PlayerLaunch> = {}): PlayerLaunch {
    const launch: PlayerLaunch = {
      launchId: 'L1',
      registrationId: 'reg-1',
      courseId: 'course-1',
      courseVersion: 0,
      courseTitle: 'Golf <Basics> & more',
      standard: 'scorm12',
      entryHref: 'shared/launch page.html?mode=start',
      activityId: 'item-1',
      learnerId: 'learner-1',
      learnerName: 'Doe, Jane',
      redirectUrl: 'http://127.0.0.1:1/back?x=1',
      resumeData: {},
      ...overrides,
    };
    this.launches.set(launch.launchId, launch);
    return launch;
  }

  addFile(courseId: string, version: number, path: string, body: string | Buffer): void {
    this.files.set(`${courseId}@${version}:${path}`, Buffer.isBuffer(body) ? body : Buffer.from(body));
  }

  async getLaunch(launchId: string): Promise<PlayerLaunch | undefined> {
    return this.launches.get(launchId);
  }

  async openPackageFile(launchId: string, path: string) {
    const launch = this.launches.get(launchId);
    const body = launch && this.files.get(`${launch.courseId}@${launch.courseVersion}:${path}`);
    if (!body) return undefined;
    return { stream: Readable.from([body]), size: body.length };
  }

  async commit(launchId: string, cmi: CmiData): Promise<void> {
    this.commits.push({ launchId, cmi });
  }

  async finish(launchId: string, cmi: CmiData): Promise<void> {
    this.finishes.push({ launchId, cmi });
    this.launches.delete(launchId);
  }
}

export async function startPlayerServer(
  host: PlayerHost,
  options?: Parameters<typeof createPlayerHandler>[1],
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const handler = createPlayerHandler(host, options);
  const server = createServer((req, res) => {
    handler(req, res).then((handled) => {
      if (!handled) {
        res.writeHead(418, { 'Content-Type': 'text/plain' });
        res.end('not the player');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        // Browsers keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
