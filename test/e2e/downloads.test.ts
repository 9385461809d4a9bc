/**
 * The one download path in a real browser: a 200 MB file from a container's Files tab goes from the
 * engine through the backend's `/downloads/<ticket>/<name>` route to the browser's download manager, byte
 * for byte as `docker cp` copies it, while neither the page's JavaScript heap nor the server's memory
 * grows anywhere near the file's size.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const engine = testEngine();
const SIZE_MB = 200;
const MB = 1024 * 1024;
let berth: BerthServer;
let browser: Browser;
let page: Page;
let cdp: CDPSession;
let folder: string;
let id: string | undefined;

async function sha256(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** The server's resident memory, in bytes. */
function serverRss(): number {
  const status = fs.readFileSync(`/proc/${berth.process.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

async function pageHeap(): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-downloads-'));
  const created = await engine.request('POST', '/containers/create?name=e2e-big-file', { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], HostConfig: { Init: true } });
  expect(created.status, created.text).toBe(201);
  id = created.json.Id as string;
  expect((await engine.request('POST', `/containers/${id}/start`)).status).toBe(204);
  const made = await engine.docker(['exec', id, 'dd', 'if=/dev/urandom', 'of=/big.bin', 'bs=1048576', `count=${SIZE_MB}`]);
  expect(made.code, made.stderr).toBe(0);
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  if (id) await engine.request('DELETE', `/containers/${id}?force=1`);
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

describe('downloads in a real browser', () => {
  it('streams a 200 MB container file to the browser’s downloads, byte for byte, without holding it in the page or the server', async () => {
    const oracle = path.join(folder, 'oracle.bin');
    const copied = await engine.docker(['cp', `${id}:/big.bin`, oracle]);
    expect(copied.code, copied.stderr).toBe(0);
    expect(fs.statSync(oracle).size).toBe(SIZE_MB * MB);

    await page.goto(`${berth.origin}/#/containers/${id}/files`);
    const row = page.locator('[data-testid="file-row"][data-name="big.bin"]');
    await row.waitFor();
    await cdp.send('HeapProfiler.collectGarbage');
    const heapBefore = await pageHeap();
    const rssBefore = serverRss();
    let heapPeak = heapBefore;
    let rssPeak = rssBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        heapPeak = Math.max(heapPeak, await pageHeap());
        rssPeak = Math.max(rssPeak, serverRss());
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    const started = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download big.bin' }).click()]);
    expect(download.url()).toMatch(new RegExp(`^${berth.origin}/downloads/[\\w-]+/big\\.bin$`));
    expect(download.suggestedFilename()).toBe('big.bin');
    const saved = (await download.path())!;
    const seconds = (Date.now() - started) / 1000;
    sampling = false;
    await sampler;
    expect(await download.failure()).toBeNull();

    expect(fs.statSync(saved).size).toBe(SIZE_MB * MB);
    expect(await sha256(saved)).toBe(await sha256(oracle));
    // The task ends with the sentence that says what was saved (in the task panel, and a toast).
    await page.getByTestId('tasks-button').click();
    await expect.poll(() => page.getByText('Downloaded big.bin (210 MB).').count()).toBeGreaterThan(0);

    const heapGrowth = (heapPeak - heapBefore) / MB;
    const rssGrowth = (rssPeak - rssBefore) / MB;
    console.log(`200 MB download: ${seconds.toFixed(1)} s; page heap grew ${heapGrowth.toFixed(1)} MB at most; server RSS ${(rssBefore / MB).toFixed(0)} → ${(rssPeak / MB).toFixed(0)} MB (+${rssGrowth.toFixed(1)} MB)`);
    expect(heapGrowth).toBeLessThan(30);
    // Measured here: 29–39 MB, the same for a 600 MB file (it does not grow with the size).
    expect(rssGrowth).toBeLessThan(64);
    // The ticket worked once: asking again is refused.
    const again = await page.evaluate((url) => fetch(url).then((r) => r.status), download.url());
    expect(again).toBe(404);
  });
});
