/**
 * A unix-socket proxy in front of the engine that counts HTTP requests, so the idle benchmark can say
 * exactly how often Berth asks the engine anything.
 */
import fs from 'node:fs';
import net from 'node:net';

export interface CountingProxy {
  socketPath: string;
  readonly requests: number;
  /** Connections open through the proxy right now (each one is one connection to the engine). */
  readonly open: number;
  close(): Promise<void>;
}

const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD) \S+ HTTP\/1\.[01]\r\n/g;

export async function countingProxy(socketPath: string, target: string): Promise<CountingProxy> {
  let requests = 0;
  let open = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    sockets.add(client).add(upstream);
    open++;
    client.on('data', (chunk: Buffer) => {
      requests += chunk.toString('latin1').match(REQUEST_LINE)?.length ?? 0;
    });
    client.pipe(upstream).pipe(client);
    let ended = false;
    const end = () => {
      if (!ended) open--;
      ended = true;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  fs.rmSync(socketPath, { force: true });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    get requests() {
      return requests;
    },
    get open() {
      return open;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
