import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const engine = testEngine();
let berth: BerthServer;
let browser: Browser;
let page: Page;
const made: string[] = [];

async function run(name: string, script: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sh', '-c', script], HostConfig: { Init: true }, ...body });
  expect(res.status, res.text).toBe(201);
  const id = res.json.Id as string;
  made.push(id);
  expect((await engine.request('POST', `/containers/${id}/start`)).status).toBe(204);
  return id;
}

async function openLogs(id: string): Promise<void> {
  await page.evaluate((cid) => (location.hash = `#/containers/${cid}/logs`), id);
  await page.getByTestId('container-logs').waitFor();
}

const view = () => page.getByTestId('log-view');
const shownTexts = () => view().locator('.log-line__text').allTextContents();

beforeAll(async () => {
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  await Promise.all(made.map((id) => engine.request('DELETE', `/containers/${id}?force=1`)));
});

describe('container logs in a real browser', () => {
  it('opens a 1,000,000-line log on its last lines, and search finds a line deep in it', async () => {
    const id = await run('e2e-million', 'seq 1 1000000');
    expect((await engine.request('POST', `/containers/${id}/wait`)).json.StatusCode).toBe(0);
    await openLogs(id);
    await expect.poll(shownTexts, { timeout: 10_000 }).toContain('1000000');
    // Bounded: a window of the log, not the log.
    expect(Number(await view().getAttribute('data-lines'))).toBeLessThanOrEqual(50_000);
    // Scrolling up reads older lines, and what the user was reading stays where it was.
    await view().evaluate((el) => el.scrollTo({ top: 0 }));
    await expect.poll(async () => Number(await view().getAttribute('data-lines')), { timeout: 10_000 }).toBeGreaterThan(1000);
    const shown = (await shownTexts()).map(Number);
    expect(shown).toContain(999_001);
    expect(shown.every((n, i) => i === 0 || n === shown[i - 1]! + 1)).toBe(true);

    await page.getByRole('button', { name: 'Regular expression' }).click();
    await page.getByRole('searchbox', { name: /Search the log of e2e-million/ }).fill('^4321$');
    const hit = view().locator('.log-line.is-focused');
    await hit.waitFor({ timeout: 30_000 });
    expect(await hit.locator('mark').textContent()).toBe('4321');
    await expect.poll(() => page.getByTestId('log-search-status').textContent()).toBe('1 of 1 · line 4,321');
    // The lines around it are there too, so the user sees it in context.
    expect(await shownTexts()).toEqual(expect.arrayContaining(['4320', '4321', '4322']));
    // A line in a stretch of the log that does not start it: its match can be drawn as soon as the backend
    // reads it (a `found` event), before that stretch is read to its end; it is the same line either way.
    await page.getByRole('searchbox', { name: /Search the log of e2e-million/ }).fill('^876544$');
    await expect.poll(() => hit.locator('mark').textContent(), { timeout: 30_000 }).toBe('876544');
    expect(await shownTexts()).toEqual(expect.arrayContaining(['876543', '876544', '876545']));
    // Those lines may have come with the match (the `found` event carries them); either way the view reads
    // on below them as the user scrolls down, each line once, in order.
    const bottom = async () => {
      await view().evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      return (await shownTexts()).map(Number);
    };
    await expect.poll(async () => Math.max(...(await bottom())), { timeout: 10_000 }).toBeGreaterThan(876_544 + 1_000);
    const below = await bottom();
    expect(below.every((n, i) => i === 0 || n === below[i - 1]! + 1)).toBe(true);
  });

  it('tells stderr from stdout, shows ANSI colours, and shows times when asked', async () => {
    const id = await run('e2e-streams', 'printf "\\033[31mred alert\\033[0m\\n"; echo "to stderr" >&2; sleep 600');
    await openLogs(id);
    const stderr = view().locator('.log-line[data-stream="stderr"]');
    await stderr.waitFor();
    expect(await stderr.locator('.log-line__text').textContent()).toBe('to stderr');
    expect(await view().locator('.ansi-red-fg').textContent()).toBe('red alert');
    expect(await view().locator('.log-line__time').count()).toBe(0);
    await page.getByRole('button', { name: 'Show times' }).click();
    // The engine's own time of the line, shown in local time.
    const engineTime = (await engine.request('GET', `/containers/${id}/logs?stderr=1&timestamps=1`)).text.slice(8, 27);
    const shown = await stderr.locator('.log-line__time').getAttribute('title');
    expect(shown?.slice(0, 19)).toBe(engineTime);
    await page.getByRole('button', { name: 'Show times' }).click();
  });

  it('follows new lines, offers to jump to the latest when scrolled up, and jumps', async () => {
    const id = await run('e2e-follow', 'i=0; while true; do i=$((i+1)); echo "line $i"; usleep 5000; done');
    await openLogs(id);
    await expect.poll(async () => Number(await view().getAttribute('data-lines')), { timeout: 10_000 }).toBeGreaterThan(300);
    expect(await page.getByTestId('jump-to-latest').count()).toBe(0);
    await view().evaluate((el) => el.scrollTo({ top: 0 }));
    await page.getByTestId('jump-to-latest').waitFor();
    const before = await shownTexts();
    // Scrolled up, what the user reads stays put while lines keep coming.
    await page.waitForTimeout(500);
    expect((await shownTexts()).slice(0, 5)).toEqual(before.slice(0, 5));
    await page.getByTestId('jump-to-latest').click();
    await expect.poll(() => page.getByTestId('jump-to-latest').count()).toBe(0);
    const latest = Number((await shownTexts()).at(-1)!.split(' ')[1]);
    await page.waitForTimeout(300);
    expect(Number((await shownTexts()).at(-1)!.split(' ')[1])).toBeGreaterThan(latest);
  });

  it('downloads the whole log as a file, the same lines the engine has', async () => {
    // The pause keeps the order plain: stdout and stderr reach the log separately.
    const id = await run('e2e-download', 'seq 1 20000; usleep 500000; echo done >&2');
    expect((await engine.request('POST', `/containers/${id}/wait`)).json.StatusCode).toBe(0);
    await openLogs(id);
    await expect.poll(shownTexts).toContain('done');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the whole log' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^e2e-download-\d{8}-\d{6}\.log$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const raw = (await engine.request('GET', `/containers/${id}/logs?stdout=1&stderr=1`)).text;
    const engineLines = raw.split('\n').filter(Boolean).length;
    expect(text.split('\n').filter(Boolean)).toHaveLength(engineLines);
    expect(text.startsWith('1\n2\n3\n')).toBe(true);
    expect(text.endsWith('20000\ndone\n')).toBe(true);
  });

  it('shows a Compose project’s logs together, each service named and coloured', async () => {
    const labels = (service: string) => ({ 'com.docker.compose.project': 'e2elogs', 'com.docker.compose.service': service });
    await run('e2elogs-api-1', 'echo "api ready"; sleep 600', { Labels: labels('api') });
    await run('e2elogs-db-1', 'echo "db ready"; sleep 600', { Labels: labels('db') });
    await page.evaluate(() => (location.hash = '#/containers'));
    await page.getByRole('button', { name: 'Logs of e2elogs' }).click();
    const dialog = page.getByTestId('project-logs-dialog');
    await expect.poll(() => dialog.locator('.log-line__text').allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['api ready', 'db ready']));
    const sources = await dialog.locator('.log-line__source').allTextContents();
    expect(new Set(sources)).toEqual(new Set(['api', 'db']));
    const colours = await dialog.locator('.log-line__source').evaluateAll((els) => new Set(els.map((e) => getComputedStyle(e).color)).size);
    expect(colours).toBe(2);
    // A service can be hidden.
    await dialog.getByRole('button', { name: 'db', exact: true }).click();
    await expect.poll(() => dialog.locator('.log-line__text').allTextContents()).toEqual(['api ready']);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('draws the log dark when the dark theme is chosen in Preferences on a light system', async () => {
    const id = await run('e2e-dark', 'echo "in the dark"; sleep 600');
    await openLogs(id);
    await expect.poll(shownTexts).toContain('in the dark');
    const background = () => view().evaluate((v) => getComputedStyle(v.closest('.log-view')!).backgroundColor);
    await expect.poll(background).toBe('rgb(251, 251, 252)');
    await page.evaluate(() => (location.hash = '#/preferences'));
    await page.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await openLogs(id);
    await expect.poll(background).toBe('rgb(17, 19, 22)');
    await page.evaluate(() => (location.hash = '#/preferences'));
    await page.getByRole('radio', { name: 'System' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? 'none')).toBe('none');
  });
});
