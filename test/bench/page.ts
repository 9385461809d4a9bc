/**
 * The page's weight, measured in Chromium against browser mode and a private engine. Run it standalone:
 *   npx tsx test/bench/page.ts          (BERTH_DIST picks the build; BENCH_ROUNDS the alternations, 7)
 * It builds the renderer a second time with BERTH_CODE_SPLIT=0 (one bundle holding every page, as before
 * pages and dialogs loaded on first use), or takes BENCH_BASELINE_RENDERER (another build's dist/renderer,
 * e.g. main's), serves both from two servers on the same engine and alternates them, so a busy machine
 * weighs on each alike. It prints one JSON object:
 *   - javascriptKB: the JS the window loads before showing the Containers page (entry chunk and its static
 *     imports), split and baseline;
 *   - firstContentfulPaintMs / listDrawnMs: Chromium's first contentful paint of the Containers page, and
 *     until its first row is drawn, in a fresh page each time; with 1,000 containers listed;
 *   - memory: with 1,000 containers and 100 images on the engine (containers made with `create`, images
 *     committed from one container each with their own label), the backend's resident memory (the
 *     browser-mode server is the backend) and the page's JS heap after a GC, on the Containers page and
 *     then the Images page.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BUSYBOX_IMAGE, median, round, setUp } from './bench-setup';
import type { BenchSetup } from './bench-setup';

const CONTAINERS = 1_000;
const IMAGES = 100;

/** A second browser-mode server on the same engine, serving another build of the renderer. */
async function startServer(setup: BenchSetup, rendererDir: string): Promise<{ url: string; stop(): void }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-page-baseline-'));
  const server = spawn(process.execPath, [path.join(process.env.BERTH_DIST ?? 'dist', 'serve.cjs'), '--port', '0', '--no-open'], {
    env: { ...process.env, DOCKER_HOST: setup.engine.dockerHost, BERTH_DATA_DIR: dataDir, BERTH_RUNTIME_DIR: path.join(dataDir, 'run'), BERTH_RENDERER_DIR: rendererDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`the baseline server exited (${code}): ${out}`)));
  });
  return {
    url,
    stop: () => {
      server.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The renderer built as one bundle, into a temporary folder. */
function buildUnsplit(): string {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-unsplit-'));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { env: { ...process.env, BERTH_DIST: dist, BERTH_CODE_SPLIT: '0' }, stdio: 'inherit' });
  return path.join(dist, 'renderer');
}

/** JS the window loads before its first page: the entry script and the chunks index.html preloads. */
function initialJsKB(rendererDir: string): number {
  const html = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return round(scripts.reduce((n, s) => n + fs.statSync(path.join(rendererDir, s)).size, 0) / 1024);
}

/** Opens the app in a fresh page: first contentful paint, and when the first container row is drawn. */
async function openOnce(setup: BenchSetup, url: string): Promise<{ fcp: number; list: number }> {
  const page = await setup.browser.newPage({ viewport: { width: 1280, height: 800 } });
  // tsx names functions with __name(); the functions handed to the page need it defined there too.
  await page.addInitScript('window.__name = (f) => f');
  await page.addInitScript(() => {
    const w = window as unknown as { __listDrawn?: number };
    const check = () => {
      if (document.querySelector('[data-testid="container-row"]')) w.__listDrawn = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __listDrawn?: number }).__listDrawn !== undefined, undefined, { timeout: 60_000 });
  const times = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    list: (window as unknown as { __listDrawn: number }).__listDrawn,
  }));
  await page.close();
  return times;
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return round(usedSize / 2 ** 20);
}

function rssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return round(Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

async function fill(setup: BenchSetup): Promise<void> {
  const { engine } = setup;
  // Images: one container committed 100 times with its own label each, so each is an image of its own.
  const base = await engine.request('POST', '/containers/create?name=bench-page-base', { Image: BUSYBOX_IMAGE, Cmd: ['true'] });
  for (let i = 0; i < IMAGES; i++) {
    const res = await engine.request('POST', `/commit?container=${base.json.Id}&repo=bench-page/image-${i}&tag=v1`, { Labels: { 'bench.index': String(i) } });
    if (res.status !== 201) throw new Error(`committing image ${i}: ${res.text}`);
  }
  await engine.request('DELETE', `/containers/${base.json.Id}?force=1`);
  // Containers: created, not started (the list is what is measured, not the containers' work).
  for (let i = 0; i < CONTAINERS; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const res = await engine.request('POST', `/containers/create?name=bench-page-${i + j}`, { Image: `bench-page/image-${(i + j) % IMAGES}:v1`, Cmd: ['sleep', '600'] });
        if (res.status !== 201) throw new Error(`creating container ${i + j}: ${res.text}`);
      }),
    );
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
  const baselineDir = process.env.BENCH_BASELINE_RENDERER ?? buildUnsplit();
  const splitDir = path.join(process.env.BERTH_DIST ?? 'dist', 'renderer');
  const setup = await setUp('page');
  const baseline = await startServer(setup, baselineDir);
  const results: Record<string, unknown> = {
    baseline: process.env.BENCH_BASELINE_RENDERER ? baselineDir : 'this build with BERTH_CODE_SPLIT=0',
    javascriptKB: { split: initialJsKB(splitDir), baseline: initialJsKB(baselineDir) },
  };
  try {
    await fill(setup);
    results.containers = CONTAINERS;
    results.images = IMAGES;
    const split: { fcp: number; list: number }[] = [];
    const unsplit: { fcp: number; list: number }[] = [];
    // One of each first, unmeasured: the engine's and the servers' first answers are slower.
    await openOnce(setup, setup.url);
    await openOnce(setup, baseline.url);
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so neither always follows the other.
      if (i % 2) unsplit.push(await openOnce(setup, baseline.url));
      split.push(await openOnce(setup, setup.url));
      if (!(i % 2)) unsplit.push(await openOnce(setup, baseline.url));
    }
    const fcp = { split: round(median(split.map((s) => s.fcp))), baseline: round(median(unsplit.map((s) => s.fcp))) };
    results.firstContentfulPaintMs = { ...fcp, ratio: round(fcp.split / fcp.baseline, 2), all: { split: split.map((s) => round(s.fcp)), baseline: unsplit.map((s) => round(s.fcp)) } };
    const list = { split: round(median(split.map((s) => s.list))), baseline: round(median(unsplit.map((s) => s.list))) };
    results.listDrawnMs = { ...list, ratio: round(list.split / list.baseline, 2) };

    const page = await setup.newPage();
    await page.locator('[data-testid="container-row"]').first().waitFor();
    // The list is virtualised: the rows on screen are drawn, the 1,000 are all in the page's memory.
    const containersPage = { backendRssMB: rssMB(setup.serverPid), pageHeapMB: await heapMB(page) };
    await page.evaluate(() => (location.hash = '#/images'));
    await page.locator('[data-testid="image-row"]').first().waitFor({ timeout: 60_000 });
    const imagesPage = { backendRssMB: rssMB(setup.serverPid), pageHeapMB: await heapMB(page) };
    results.memory = { containersPage, imagesPage };
    await page.close();
    console.log(JSON.stringify(results, null, 2));
  } finally {
    baseline.stop();
    for (let i = 0; i < CONTAINERS; i++) await setup.engine.request('DELETE', `/containers/bench-page-${i}?force=1`).catch(() => undefined);
    await setup.close();
    if (!process.env.BENCH_BASELINE_RENDERER) fs.rmSync(path.dirname(baselineDir), { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
