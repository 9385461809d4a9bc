/**
 * 500 WebSocket connections, 300 of them following a container's log, opened and dropped three times over
 * against browser mode (a real child process). After each round the backend's memory, open files and
 * connections to the engine must be back at their baseline: a leak here would grow with every tab a user
 * ever opened. Engine connections are counted by a proxy in front of the engine's socket.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingProxy } from '../bench/counting-proxy';
import type { CountingProxy } from '../bench/counting-proxy';
import { startPrivateEngine } from '../harness/engine';
import type { PrivateEngine } from '../harness/engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from '../harness/image';
import { procFacts, sessionToken, startInspectedServer, wireClient } from './browser-mode-kit';
import type { InspectedServer, WireClient } from './browser-mode-kit';
import { printFigures, seconds, until } from './fault-kit';
import type { Figure } from './fault-kit';

const CONNECTIONS = 500;
const LOG_STREAMS = 300;
const ROUNDS = 3;
/** What may stay on the JavaScript heap after a round and a full garbage collection (caches, compiled code). */
const HEAP_TOLERANCE = 4 * 1024 * 1024;
/** Resident memory V8 may keep after a round without it being a leak (it gives freed pages back lazily). */
const RSS_TOLERANCE = 96 * 1024 * 1024;
/** Open files may differ by a few (a keep-alive socket, a log file), never by hundreds. */
const FD_TOLERANCE = 8;
const MiB = 1024 * 1024;

let engine: PrivateEngine;
let proxy: CountingProxy;
let server: InspectedServer;
let token: string;
let ticker: string;
const figures: Figure[] = [];

beforeAll(async () => {
  engine = await startPrivateEngine({ name: 'faults-churn', bridge: false });
  await buildBusyboxImage(engine);
  const made = await engine.request('POST', '/containers/create?name=churn-ticker', {
    Image: BUSYBOX_IMAGE,
    Cmd: ['sh', '-c', 'while true; do echo tick; sleep 1; done'],
    HostConfig: { Init: true, NetworkMode: 'none' },
  });
  ticker = made.json.Id;
  await engine.request('POST', `/containers/${ticker}/start`);
  proxy = await countingProxy(path.join(engine.dir, 'counted.sock'), engine.socketPath);
  server = await startInspectedServer(`unix://${proxy.socketPath}`);
  token = sessionToken(server.url);
  const first = await wireClient(server.origin, token);
  await until('the backend to connect', async () => ((await first.call('engine.status', {})) as { state: string }).state === 'running');
  first.close();
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  await engine?.stop();
  printFigures(`${CONNECTIONS} connections and ${LOG_STREAMS} log streams, opened and dropped ${ROUNDS} times (browser mode)`, figures);
});

describe('connections opened and dropped', () => {
  it(`returns memory, open files and engine connections to their baseline after each of ${ROUNDS} rounds`, async () => {
    const pid = server.pid;
    // Let the start settle: the first connection's lists, the event stream.
    await new Promise((r) => setTimeout(r, 1000));
    const baseline = { ...procFacts(pid), engine: proxy.open, heap: await server.heapAfterGc() };
    const rows: string[] = [];
    const rssAfter: number[] = [];
    const heapAfter: number[] = [];
    const settled: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const started = performance.now();
      const clients: WireClient[] = [];
      for (let i = 0; i < CONNECTIONS; i += 50) {
        clients.push(...(await Promise.all(Array.from({ length: Math.min(50, CONNECTIONS - i) }, () => wireClient(server.origin, token)))));
      }
      const streams = clients.slice(0, LOG_STREAMS).map((c) => c.open('logs.follow', { containerId: ticker, from: { tail: 5 } }));
      await Promise.all(streams.map((s) => s.waitFor((e) => Array.isArray((e as { lines?: unknown[] }).lines) || (e as { type?: string }).type !== undefined, 60_000)));
      const peak = { ...procFacts(pid), engine: proxy.open };
      // Each follow holds a connection to the engine (the baseline's spare keep-alive one may be among them).
      expect(peak.engine).toBeGreaterThanOrEqual(LOG_STREAMS);
      // Dropped: half say goodbye, half vanish as a killed tab or a lost network would.
      clients.forEach((c, i) => (i % 2 ? c.ws.terminate() : c.close()));
      const { ms } = await until(
        'engine connections and open files back at their baseline',
        () => proxy.open <= baseline.engine && procFacts(pid).openFiles <= baseline.openFiles + FD_TOLERANCE,
        30_000,
      );
      // The last closures finish a moment after the sockets do: the heap is read (after a full collection)
      // until it is back, for up to 5 s; a leak never gets there.
      let heap = await server.heapAfterGc();
      const heapBy = performance.now() + 5000;
      while (heap >= baseline.heap + HEAP_TOLERANCE && performance.now() < heapBy) {
        await new Promise((r) => setTimeout(r, 250));
        heap = await server.heapAfterGc();
      }
      const after = { ...procFacts(pid), engine: proxy.open, heap };
      rssAfter.push(after.rssBytes);
      settled.push(ms);
      heapAfter.push(after.heap);
      rows.push(
        `round ${round}: peak ${peak.openFiles} files, ${peak.engine} engine connections, ${(peak.rssBytes / MiB).toFixed(0)} MiB; ` +
          `after ${seconds(ms)}: ${after.openFiles} files, ${after.engine} engine connections, ${(after.rssBytes / MiB).toFixed(0)} MiB RSS, heap ${(after.heap / MiB).toFixed(1)} MiB after GC (round took ${seconds(performance.now() - started)})`,
      );
    }
    const end = { ...procFacts(pid), engine: proxy.open };
    console.log(`baseline: ${baseline.openFiles} files, ${baseline.engine} engine connections, ${(baseline.rssBytes / MiB).toFixed(0)} MiB RSS, heap ${(baseline.heap / MiB).toFixed(1)} MiB after GC\n${rows.join('\n')}`);
    for (const heap of heapAfter) expect(heap).toBeLessThan(baseline.heap + HEAP_TOLERANCE);
    for (const rss of rssAfter) expect(rss).toBeLessThan(baseline.rssBytes + RSS_TOLERANCE);
    figures.push({
      fault: `${CONNECTIONS} WebSocket connections with ${LOG_STREAMS} log streams, opened and dropped (half closed, half cut) ×${ROUNDS}`,
      noticed: `at each peak: ~${CONNECTIONS + LOG_STREAMS + baseline.openFiles} open files, ${LOG_STREAMS}+ engine connections`,
      recovered: `within ${seconds(Math.max(...settled))} of each drop: open files ${baseline.openFiles} → ${end.openFiles}, engine connections ${baseline.engine} → ${end.engine}, heap after GC ${(baseline.heap / MiB).toFixed(1)} → ${(heapAfter.at(-1)! / MiB).toFixed(1)} MiB, RSS ${(baseline.rssBytes / MiB).toFixed(0)} → ${(end.rssBytes / MiB).toFixed(0)} MiB`,
      lost: 'nothing leaked',
    });
    expect(fs.existsSync(`/proc/${pid}`)).toBe(true);
  });
});
