/**
 * Live stats, measured against browser mode and a private engine. Run it standalone:
 *   npx tsx test/bench/stats.ts        (BERTH_DIST picks the build; BENCH_STATS_SECONDS sets each phase, 30 by default)
 * It prints one JSON object:
 *   - idle: backend and engine CPU while the browser shows a page without stats (the baseline).
 *   - listOnScreen: the same while the Containers list shows 20 running containers, each row streaming its
 *     CPU and memory: backend CPU (the number this benchmark is for), the engine's own CPU (dockerd
 *     computing the stats, which Berth cannot avoid), and how many rows showed figures.
 *   - stream: the `containers.stats` stream for the same 20 containers read straight off the WebSocket:
 *     messages and samples a second reaching the UI (samples are batched, so messages stay few).
 * CPU is in percent of one CPU, from /proc/<pid>/stat.
 */
import fs from 'node:fs';
import { openRpcSocket } from './rpc-client';
import type { ServerMessage } from '../../engine/contract/protocol';
import { round, setUp } from './bench-setup';

const CONTAINERS = 20;
const seconds = Number(process.env.BENCH_STATS_SECONDS ?? 30);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process, in clock ticks (100 a second on Linux). */
function cpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU of each process over `ms`, in percent of one CPU. */
async function cpuOver(pids: Record<string, number>, ms: number): Promise<Record<string, number>> {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuTicks(pid)]));
  await sleep(ms);
  return Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, round(((cpuTicks(pid) - before[k]!) * 10) / ms * 100, 2)]));
}

/** Opens the stats stream over the browser-mode WebSocket, as the UI does, and counts what arrives. */
async function streamRate(url: string, ids: string[], ms: number): Promise<{ messagesPerSecond: number; samplesPerSecond: number }> {
  const ws = await openRpcSocket(url);
  let messages = 0;
  let samples = 0;
  let counting = false;
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as ServerMessage;
    if (m.t !== 'data' || !counting) return;
    messages++;
    samples += (m.data as { samples: unknown[] }).samples.length;
  });
  ws.send(JSON.stringify({ t: 'open', id: 1, stream: 'containers.stats', input: { ids } }));
  await sleep(3000); // the first samples need two engine readings
  counting = true;
  await sleep(ms);
  ws.send(JSON.stringify({ t: 'close', id: 1 }));
  ws.close();
  return { messagesPerSecond: round((messages * 1000) / ms, 2), samplesPerSecond: round((samples * 1000) / ms, 1) };
}

async function main(): Promise<void> {
  const setup = await setUp('stats');
  const results: Record<string, unknown> = { containers: CONTAINERS, secondsPerPhase: seconds };
  try {
    const ids: string[] = [];
    for (let i = 0; i < CONTAINERS; i++) ids.push(await setup.run(`stats-${String(i).padStart(2, '0')}`, 'while true; do sleep 1; done'));
    const pids = { backend: setup.serverPid, engine: setup.engine.pid };

    const page = await setup.newPage({ width: 1280, height: 1300 });
    await page.evaluate(() => (location.hash = '#/engines'));
    await sleep(2000);
    results.idle = await cpuOver(pids, seconds * 1000);

    await page.evaluate(() => (location.hash = '#/containers'));
    const figures = page.locator('[data-testid="row-cpu"]');
    const deadline = Date.now() + 20_000;
    while ((await figures.count()) < CONTAINERS && Date.now() < deadline) await sleep(250);
    const rowsWithFigures = await figures.count();
    results.listOnScreen = { rowsWithFigures, ...(await cpuOver(pids, seconds * 1000)) };
    await page.close();
    await sleep(1000);

    results.stream = await streamRate(setup.url, ids, seconds * 1000);
  } finally {
    await setup.close();
  }
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
