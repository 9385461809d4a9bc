/**
 * A proxy in front of a private engine's unix socket that records the request line of every HTTP request
 * passing through, so a test can say exactly which paths the engine was asked for. It listens on a unix
 * socket, or on 127.0.0.1 to give Berth a `tcp://` engine (dockerode resolves paths differently there).
 */
import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface PathLogProxy {
  /** What to put in DOCKER_HOST. */
  dockerHost: string;
  /** `METHOD /path?query` of every request seen, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

// Not anchored to a line start: a request sent on a kept-alive connection follows the previous body directly.
const REQUEST_LINE = /(GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS) (\/\S*) HTTP\/1\.[01]\r\n/g;

export async function pathLogProxy(target: string, listen: { unix: string } | { tcp: true }): Promise<PathLogProxy> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    sockets.add(client).add(upstream);
    // A request line may be cut between two chunks: scan a tail of the previous chunk again, once.
    let carried = '';
    let carriedAt = 0;
    let seenUpTo = 0;
    client.on('data', (chunk: Buffer) => {
      const text = carried + chunk.toString('latin1');
      for (const m of text.matchAll(REQUEST_LINE)) {
        const at = carriedAt + m.index;
        if (at < seenUpTo) continue;
        seenUpTo = at + m[0].length;
        requests.push(`${m[1]} ${m[2]}`);
      }
      carried = text.slice(-4096);
      carriedAt += text.length - carried.length;
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  let dockerHost: string;
  if ('unix' in listen) {
    fs.rmSync(listen.unix, { force: true });
    await new Promise<void>((resolve) => server.listen(listen.unix, resolve));
    dockerHost = `unix://${listen.unix}`;
  } else {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dockerHost = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  return {
    dockerHost,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
