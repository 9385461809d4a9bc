/**
 * The VM's API channel end to end on the host: the guest's relay (compiled here from vm/guest/relay, as the
 * guest build does) on one end of a socket, Berth's ApiChannel on the other, and a unix server standing in
 * for dockerd. What crosses must arrive complete, in order, per stream, with half-closes kept, and a
 * client that stops reading must not stall the others (each stream has its own window).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiChannel } from '../../vm/host/api-channel';

let dir: string;
let relay: ChildProcess;
let channel: ApiChannel;
let dockerd: net.Server;
let proxy: net.Server;
const proxyPath = () => path.join(dir, 'docker.sock');

/** The stand-in for dockerd: "lines N" writes N numbered lines one write each; anything else is echoed. */
function fakeDockerd(socketPath: string): Promise<net.Server> {
  const server = net.createServer({ allowHalfOpen: true }, (c) => {
    let first = true;
    c.on('data', (chunk: Buffer) => {
      const asked = first && /^lines (\d+)\n$/.exec(chunk.toString());
      first = false;
      if (asked) {
        for (let i = 1; i <= Number(asked[1]); i++) c.write(`line ${i}\n`);
        c.end();
      } else c.write(chunk);
    });
    c.on('end', () => c.end());
    c.on('error', () => c.destroy());
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ path: proxyPath(), allowHalfOpen: true } as net.NetConnectOpts, () => resolve(s));
    s.once('error', reject);
  });
}

function readAll(s: net.Socket): Promise<Buffer> {
  const parts: Buffer[] = [];
  s.on('data', (b: Buffer) => parts.push(b));
  return new Promise((resolve, reject) => {
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bvm-chan-'));
  const program = path.join(dir, 'berth-api-relay');
  execFileSync('gcc', ['-static', '-O2', '-Wall', '-o', program, path.resolve('vm/guest/relay/berth-api-relay.c')]);
  dockerd = await fakeDockerd(path.join(dir, 'dockerd.sock'));
  // QEMU's end of the port, played by a unix socket whose accepted connection is the relay's standard input.
  const port = net.createServer((guestSide) => {
    relay = spawn(program, ['-', path.join(dir, 'dockerd.sock')], { stdio: [guestSide, 'inherit', 'inherit'] });
  });
  await new Promise<void>((r) => port.listen(path.join(dir, 'api.sock'), () => r()));
  channel = await ApiChannel.connect(path.join(dir, 'api.sock'), 10_000);
  port.close();
  proxy = net.createServer({ allowHalfOpen: true }, (local) => channel.handle(local));
  await new Promise<void>((r) => proxy.listen(proxyPath(), () => r()));
}, 60_000);

afterAll(() => {
  channel?.close();
  relay?.kill();
  proxy?.close();
  dockerd?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the VM API channel (guest relay and host end)', () => {
  it('brings a 100,000-line answer written a line at a time complete and in order', async () => {
    const s = await connect();
    const got = readAll(s);
    s.write('lines 100000\n');
    const text = (await got).toString();
    const lines = text.split('\n');
    expect(lines.length).toBe(100_001);
    expect(lines[0]).toBe('line 1');
    expect(lines[99_999]).toBe('line 100000');
    expect(lines.every((l, i) => i === 100_000 ? l === '' : l === `line ${i + 1}`)).toBe(true);
  });

  it('carries several streams at once, each larger than its window, both ways, and keeps a half-close', async () => {
    const payloads = [0, 1, 2].map(() => crypto.randomBytes(3 * 1024 * 1024 + 17));
    const echoed = await Promise.all(
      payloads.map(async (p) => {
        const s = await connect();
        const got = readAll(s);
        // The client's sending side ends; the answer still comes back whole.
        s.end(p);
        return got;
      }),
    );
    echoed.forEach((e, i) => expect(e.equals(payloads[i]!)).toBe(true));
  });

  it('does not let a client that stopped reading stall another stream', async () => {
    const stalled = await connect();
    stalled.pause();
    stalled.write('lines 300000\n');
    const s = await connect();
    const got = readAll(s);
    s.end('still answered\n');
    expect((await got).toString()).toBe('still answered\n');
    stalled.destroy();
  });
});
