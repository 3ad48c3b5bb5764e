/**
 * A TCP relay in front of Strapi whose browser-to-server direction can be slowed to a given rate, so a
 * browser upload over loopback takes long enough for its progress events to be seen (Chromium's
 * network emulation does not hold back request bodies).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SlowLink {
  url: string;
  /** Bytes per second from the browser to Strapi; 0 lifts the limit. */
  setUploadRate(bytesPerSecond: number): void;
  close(): Promise<void>;
}

export async function startSlowLink(target: { host: string; port: number }): Promise<SlowLink> {
  let rate = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      const more = upstream.write(chunk);
      const wait = rate > 0 ? (chunk.length / rate) * 1000 : 0;
      if (!more || wait > 0) {
        client.pause();
        const resume = () => client.resume();
        const afterDrain = () => (wait > 0 ? setTimeout(resume, wait) : resume());
        if (more) afterDrain();
        else upstream.once('drain', afterDrain);
      }
    });
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setUploadRate(bytesPerSecond) {
      rate = bytesPerSecond;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
