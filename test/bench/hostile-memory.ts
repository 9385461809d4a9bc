/**
 * What hostile WebSocket traffic costs the browser-mode backend in memory, and whether it gives it back:
 * 20 authenticated connections send 3 messages each, first of 15 MB (over the limit: refused with
 * 1009 before they are buffered), then just under the 1 MiB limit (read, parsed and answered as invalid input).
 * The server's resident memory is sampled throughout and again after the traffic stops.
 *
 * Run: npm run build && tsx test/bench/hostile-memory.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_MESSAGE_BYTES } from '../../engine/contract/protocol';
import { openRpcSocket } from './rpc-client';

const CONNECTIONS = 20;
const PER_CONNECTION = 3;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(m?.[1] ?? 0) / 1024);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `size`-byte messages on every connection and resolves once each is answered or the socket closed. */
async function flood(url: string, size: number): Promise<{ closedWith: Record<string, number>; answered: number }> {
  const closedWith: Record<string, number> = {};
  let answered = 0;
  const body = JSON.stringify({ t: 'call', id: 1, method: 'containers.act', input: { ids: ['web'], action: 'start', pad: '' } });
  const message = body.replace('"pad":""', `"pad":"${'y'.repeat(Math.max(0, size - body.length))}"`);
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const ws = await openRpcSocket(url);
      await new Promise<void>((resolve) => {
        let left = PER_CONNECTION;
        ws.on('message', () => {
          answered++;
          if (--left === 0) ws.close();
        });
        ws.on('close', (code) => {
          closedWith[code] = (closedWith[code] ?? 0) + 1;
          resolve();
        });
        ws.on('error', () => undefined);
        for (let i = 0; i < PER_CONNECTION; i++) ws.send(message.replace('"id":1', `"id":${i + 1}`));
      });
    }),
  );
  return { closedWith, answered };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-mem-'));
  const child = spawn(process.execPath, [path.join(process.env.BERTH_DIST ?? 'dist', 'serve.cjs'), '--port', '0', '--no-open'], {
    // No engine: these messages never reach one.
    env: { ...process.env, DOCKER_HOST: `unix://${dir}/no-engine.sock`, BERTH_DATA_DIR: dir, BERTH_RUNTIME_DIR: path.join(dir, 'run') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  const pid = child.pid!;
  try {
    await sleep(1000);
    const results: Record<string, unknown> = { baselineMb: rssMb(pid) };
    for (const [name, size] of [
      ['over the limit (15 MB)', 15 << 20],
      ['just under the limit (1 MiB less 1 KiB)', MAX_MESSAGE_BYTES - 1024],
    ] as const) {
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
      const started = performance.now();
      const outcome = await flood(url, size);
      const ms = Math.round(performance.now() - started);
      clearInterval(sampler);
      await sleep(5000);
      const after5s = rssMb(pid);
      await sleep(10000);
      results[name] = { ...outcome, ms, peakMb: peak, after5sMb: after5s, after15sMb: rssMb(pid) };
      // The server is still up and answers.
      (await openRpcSocket(url)).close();
    }
    console.log(JSON.stringify({ bench: 'hostile-memory', connections: CONNECTIONS, messagesPerConnection: PER_CONNECTION, ...results }, null, 2));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
