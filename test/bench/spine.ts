/**
 * The spine's speed and idle targets, measured on a private engine.
 *   1. containers.list through Berth's backend (WebSocket → session host → Engine API) vs the raw Engine
 *      API over the socket, with 0, 200 and 1,000 containers (target: within 1.3x).
 *   2. Event-to-screen: a container started outside Berth until its row shows "running" in the browser
 *      (target: median under 300 ms).
 *   3. Idle: engine requests per minute and backend CPU while nothing changes (target: 0 and ~0).
 *   4. Browser-mode server ready time and first contentful paint of the Containers page.
 * Results are printed as a table and written to dist/bench.json.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startPrivateEngine } from '../harness/engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from '../harness/image';
import { CHROMIUM_ARGS } from '../e2e/browser';
import { countingProxy } from './counting-proxy';
import { rpcClient } from './rpc-client';

const results: Record<string, unknown> = {};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; pid: number; readyMs: number; stop(): void }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(process.env.BERTH_DIST ?? 'dist', 'serve.cjs'), '--port', '0', '--no-open'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, pid: child.pid!, readyMs: performance.now() - started, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

async function main(): Promise<void> {
  const engine = await startPrivateEngine({ name: 'bench' });
  const proxyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-'));
  try {
    await buildBusyboxImage(engine);
    const proxy = await countingProxy(path.join(proxyDir, 'p.sock'), engine.socketPath);
    const env = {
      DOCKER_HOST: `unix://${proxy.socketPath}`,
      BERTH_DATA_DIR: path.join(proxyDir, 'data'),
      BERTH_RUNTIME_DIR: path.join(proxyDir, 'run'),
    };
    const server = await startServer(env);
    results.serverReadyMs = Math.round(server.readyMs);
    const rpc = await rpcClient(server.url);
    await rpc.waitForEngine();

    // 1. Listing overhead
    const apiVersion = (await engine.request('GET', '/version')).json.ApiVersion as string;
    const listing: Record<string, unknown> = {};
    let created = 0;
    for (const target of [0, 200, 1000]) {
      for (; created < target; created += 10) {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => engine.request('POST', `/containers/create?name=bench-${created + i}`, { Image: BUSYBOX_IMAGE, Cmd: ['true'], Labels: { 'com.docker.compose.project': `p${(created + i) % 7}` } })),
        );
      }
      const runs = target >= 1000 ? 15 : 30;
      const raw: number[] = [];
      const berth: number[] = [];
      for (let i = 0; i < runs + 3; i++) {
        let t = performance.now();
        const r = await engine.request('GET', `/v${apiVersion}/containers/json?all=1`);
        if (i >= 3) raw.push(performance.now() - t);
        if (r.json.length !== target) throw new Error(`expected ${target} containers, engine listed ${r.json.length}`);
        t = performance.now();
        const list = (await rpc.call('containers.list', {})) as unknown[];
        if (i >= 3) berth.push(performance.now() - t);
        if (list.length !== target) throw new Error(`expected ${target} containers, Berth listed ${list.length}`);
      }
      listing[target] = { rawMs: +median(raw).toFixed(2), berthMs: +median(berth).toFixed(2), ratio: +(median(berth) / median(raw)).toFixed(2) };
    }
    results.listContainers = listing;

    // Fewer rows for the UI measurements, so they measure the path, not rendering 1,000 rows.
    await engine.request('POST', '/containers/prune');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Containers' }).waitFor();
    results.firstContentfulPaintMs = await page.evaluate(() => Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1));

    // 2. Event to screen
    const latencies: number[] = [];
    // The engine's own share: how long `start` takes to return; the rest is Berth (event, refetch, render).
    const engineShare: number[] = [];
    for (let i = 0; i < 15; i++) {
      const id = (await engine.request('POST', `/containers/create?name=latency-${i}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'] })).json.Id as string;
      const row = page.locator(`[data-container-id="${id}"]`);
      await row.waitFor();
      const seen = page.waitForFunction((cid) => document.querySelector(`[data-container-id="${cid}"]`)?.getAttribute('data-state') === 'running' && Date.now(), id, { polling: 'raf' });
      const t0 = Date.now();
      await engine.request('POST', `/containers/${id}/start`);
      engineShare.push(Date.now() - t0);
      const t1 = (await (await seen).jsonValue()) as number;
      latencies.push(t1 - t0);
    }
    results.eventToScreenMs = { median: median(latencies), max: Math.max(...latencies), engineStartMedian: median(engineShare), samples: latencies.length };

    // 3. Idle
    await sleep(2000);
    const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
    const before = proxy.requests;
    const cpuBefore = readCpuTicks(server.pid);
    await sleep(idleSeconds * 1000);
    const requests = proxy.requests - before;
    const cpuMs = ((readCpuTicks(server.pid) - cpuBefore) * 1000) / 100;
    results.idle = { seconds: idleSeconds, engineRequestsPerMinute: +((requests * 60) / idleSeconds).toFixed(1), backendCpuPercent: +((cpuMs / (idleSeconds * 1000)) * 100).toFixed(3) };

    await browser.close();
    rpc.close();
    server.stop();
    await proxy.close();
  } finally {
    await engine.stop();
    fs.rmSync(proxyDir, { recursive: true, force: true });
  }
  console.table(flatten(results));
  fs.mkdirSync('dist', { recursive: true });
  fs.writeFileSync('dist/bench.json', JSON.stringify(results, null, 2));
}

/** utime + stime of a process, in clock ticks (100 per second on Linux). */
function readCpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function flatten(obj: Record<string, unknown>, prefix = ''): Record<string, { value: unknown }> {
  const out: Record<string, { value: unknown }> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object') Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = { value: v };
  }
  return out;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
