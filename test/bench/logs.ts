/**
 * Container logs, measured in Chromium against browser mode and a private engine. Run it standalone:
 *   npx tsx test/bench/logs.ts          (BERTH_DIST picks the build; BENCH_FOLLOW_SECONDS shortens the minute)
 * It prints one JSON object:
 *   - firstLinesMs: opening the Logs tab of a container with 1,000,000 lines until its last line is drawn.
 *   - searchHitShownMs: typing a regex for a line deep in that log until the line is drawn, highlighted
 *     (includes the search box's 300 ms pause before searching); searchDoneMs: until the whole log is searched.
 *   - follow: a container writing about 50,000 lines a second; lines/s the engine logged vs lines/s drawn
 *     in the browser, and the browser's frame rate meanwhile.
 *   - memory: the browser's JS heap while following that container for a minute.
 *   - searchFirstHit (BENCH_PARTS=firsthit): at the backend, the first match of a search against the raw
 *     read of the lines that hold it, and the whole log's search (log-search-first-hit.ts; BENCH_BEFORE=1
 *     adds the search with 200,000-line chunks; BENCH_BASELINE=<another checkout> adds that checkout's search).
 *   - searchOnScreen (BENCH_PARTS=searchscreen): in the browser, from typing a search until its first match is
 *     drawn, against the raw read of the lines that hold it (log-search-on-screen.ts; BENCH_DEPTHS=4321,…
 *     picks the distances from the end, BENCH_ROUNDS the rounds, 5; BENCH_BASELINE=<another checkout> or
 *     BENCH_BASELINE_DIST=<build>,… searches those builds beside this one, in turns).
 */
import http from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { median, round, setUp } from './bench-setup';
import { firstHit } from './log-search-first-hit';
import { NOTE_SEARCH_SENT, searchOnScreen } from './log-search-on-screen';
import type { SearchSide } from './log-search-on-screen';
import type { BenchSetup } from './bench-setup';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openLogs(page: Page, id: string, lastLine: string): Promise<number> {
  return page.evaluate(
    ([cid, last]) =>
      new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        location.hash = `#/containers/${cid}/logs`;
        const deadline = t0 + 30_000;
        const check = () => {
          for (const row of document.querySelectorAll('[data-testid="log-view"] .log-line__text')) if (row.textContent === last) return resolve(performance.now() - t0);
          if (performance.now() > deadline) return reject(new Error('the last line never showed'));
          requestAnimationFrame(check);
        };
        check();
      }),
    [id, lastLine] as const,
  );
}

async function firstLines(setup: BenchSetup, page: Page, id: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.evaluate(() => (location.hash = '#/containers'));
    await page.getByRole('heading', { name: 'Containers' }).waitFor();
    times.push(await openLogs(page, id, '1000000'));
  }
  return times;
}

async function search(page: Page, target: number): Promise<{ shownMs: number; doneMs: number }> {
  const box = page.getByRole('searchbox', { name: /Search the log of/ });
  await box.fill('');
  const t0 = Date.now();
  await box.fill(`^${target}$`);
  await page.waitForFunction((t) => document.querySelector('.log-line.is-focused mark')?.textContent === String(t), target, { polling: 'raf', timeout: 60_000 });
  const shownMs = Date.now() - t0;
  await page.waitForFunction((t) => document.querySelector('[data-testid="log-search-status"]')?.textContent?.includes(`line ${t.toLocaleString('en-US')}`), target, { timeout: 60_000 });
  return { shownMs, doneMs: Date.now() - t0 };
}

/** Counts the lines the engine logs for a container, straight from the Engine API (not through Berth). */
function countEngineLines(socketPath: string, id: string): { count(): number; stop(): void } {
  let lines = 0;
  const req = http.get({ socketPath, path: `/containers/${id}/logs?stdout=1&stderr=1&follow=1&tail=0` }, (res) => {
    // Each frame is one line; count headers without parsing payloads into strings.
    let skip = 0;
    let header = 0;
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      let i = 0;
      while (i < chunk.length) {
        if (skip > 0) {
          const take = Math.min(skip, chunk.length - i);
          skip -= take;
          i += take;
          continue;
        }
        // Header bytes 4..7 hold the size; read them one at a time so headers may straddle chunks.
        if (header >= 4) size = size * 256 + chunk[i]!;
        header++;
        i++;
        if (header === 8) {
          lines++;
          skip = size;
          header = 0;
          size = 0;
        }
      }
    });
  });
  req.on('error', () => undefined);
  return { count: () => lines, stop: () => req.destroy() };
}

async function follow(setup: BenchSetup, page: Page, id: string, seconds: number) {
  await openLogs(page, id, '5000');
  const status = page.getByTestId('log-status');
  await sleep(2000);
  const engineCount = countEngineLines(setup.engine.socketPath, id);
  const before = Number(await status.getAttribute('data-received'));
  const frames = page.evaluate(
    (ms) =>
      new Promise<number>((resolve) => {
        let n = 0;
        const t0 = performance.now();
        const tick = () => {
          n++;
          if (performance.now() - t0 < ms) requestAnimationFrame(tick);
          else resolve(n / (ms / 1000));
        };
        requestAnimationFrame(tick);
      }),
    seconds * 1000,
  );
  await sleep(seconds * 1000);
  const after = Number(await status.getAttribute('data-received'));
  engineCount.stop();
  return {
    seconds,
    engineLinesPerSecond: Math.round(engineCount.count() / seconds),
    shownLinesPerSecond: Math.round((after - before) / seconds),
    framesPerSecond: round(await frames),
  };
}

async function memory(page: Page, seconds: number) {
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 2 ** 20;
  const samples: number[] = [];
  for (let t = 0; t <= seconds; t += 5) {
    samples.push(await heap());
    if (t < seconds) await sleep(5000);
  }
  await cdp.send('HeapProfiler.collectGarbage');
  const afterGc = await heap();
  const nodes = ((await cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] }))) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === 'Nodes')?.value;
  return { seconds, heapStartMB: round(samples[0]!), heapMaxMB: round(Math.max(...samples)), heapEndMB: round(samples.at(-1)!), heapAfterGcMB: round(afterGc), domNodes: nodes };
}

async function main(): Promise<void> {
  const followSeconds = Number(process.env.BENCH_FOLLOW_SECONDS ?? 60);
  // BENCH_PARTS=open,search,firsthit,searchscreen,follow,memory runs only some parts (all by default).
  const parts = new Set((process.env.BENCH_PARTS ?? 'open,search,firsthit,searchscreen,follow,memory').split(','));
  const setup = await setUp('logs');
  const results: Record<string, unknown> = {};
  try {
    if (parts.has('open') || parts.has('search') || parts.has('firsthit') || parts.has('searchscreen')) {
      const million = await setup.run('bench-million', 'seq 1 1000000');
      await setup.engine.request('POST', `/containers/${million}/wait`);
      results.logLines = 1_000_000;
      if (parts.has('firsthit')) results.searchFirstHit = await firstHit(setup.engine.socketPath, million, 1_000_000, [4_321, 12_346, 123_456], Number(process.env.BENCH_ROUNDS ?? 3), process.env.BENCH_BEFORE === '1', process.env.BENCH_BASELINE);
    }
    if (parts.has('searchscreen')) {
      const million = (await setup.engine.request('GET', '/containers/bench-million/json')).json.Id as string;
      // BENCH_BASELINE=<another checkout>: its build (<checkout>/dist) searched beside this one; or
      // BENCH_BASELINE_DIST=<build>[,<build>…].
      const baselineDists = process.env.BENCH_BASELINE_DIST?.split(',') ?? (process.env.BENCH_BASELINE ? [path.join(process.env.BENCH_BASELINE, 'dist')] : []);
      const side = async (name: string, url?: string): Promise<SearchSide> => {
        const page = await setup.newPage(undefined, url);
        await page.addInitScript(NOTE_SEARCH_SENT);
        await page.reload();
        const open = async () => {
          await page.evaluate(() => (location.hash = '#/containers'));
          await page.getByRole('heading', { name: 'Containers' }).waitFor();
          await openLogs(page, million, '1000000');
        };
        return { name, page, open };
      };
      const sides = [await side('now')];
      for (const dist of baselineDists) sides.push(await side(`baseline (${dist})`, await setup.startServer(dist)));
      results.searchOnScreen = await searchOnScreen(sides, setup.engine.socketPath, million, 1_000_000, (process.env.BENCH_DEPTHS ?? '4321,12346,123456').split(',').map(Number), Number(process.env.BENCH_ROUNDS ?? 5));
      for (const { page } of sides) await page.close();
    }
    if (parts.has('open') || parts.has('search')) {
      const million = (await setup.engine.request('GET', '/containers/bench-million/json')).json.Id as string;
      const page = await setup.newPage();
      const opened = parts.has('open') ? await firstLines(setup, page, million) : [await openLogs(page, million, '1000000')];
      results.firstLinesMs = { median: round(median(opened)), all: opened.map((x) => round(x)) };
      if (parts.has('search')) {
        const searches = [];
        await page.getByRole('button', { name: 'Regular expression' }).click();
        for (const target of [123_456, 4_321, 654_321]) searches.push(await search(page, target));
        results.searchHitShownMs = { median: round(median(searches.map((s) => s.shownMs))), all: searches.map((s) => s.shownMs) };
        results.searchDoneMs = { median: round(median(searches.map((s) => s.doneMs))), all: searches.map((s) => s.doneMs) };
      }
      await page.close();
    }
    if (parts.has('follow') || parts.has('memory')) {
      const fast = await setup.run('bench-follow', 'while true; do seq 1 5000; usleep 100000; done');
      if (parts.has('follow')) {
        const followPage = await setup.newPage();
        results.follow = await follow(setup, followPage, fast, 10);
        await followPage.close();
      }
      if (parts.has('memory')) {
        const memoryPage = await setup.newPage();
        await openLogs(memoryPage, fast, '5000');
        results.memoryWhileFollowing = await memory(memoryPage, followSeconds);
      }
    }
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await setup.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
