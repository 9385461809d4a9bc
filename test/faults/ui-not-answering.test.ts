/**
 * What the user sees when the engine hangs, in a real browser against browser mode: the sidebar says
 * “Not answering” with the reason, the page says so instead of “Reading the container…” forever, and both
 * come back by themselves when the engine does.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startBerth } from '../e2e/browser';
import type { BerthServer } from '../e2e/browser';
import { startPrivateEngine } from '../harness/engine';
import type { PrivateEngine } from '../harness/engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from '../harness/image';
import { signal } from '../harness/proc';
import { printFigures, seconds, until } from './fault-kit';
import type { Figure } from './fault-kit';

let engine: PrivateEngine;
let berth: BerthServer;
let browser: Browser;
let page: Page;
let id: string;
const figures: Figure[] = [];

const sidebar = () => page.getByTestId('engine-status');

beforeAll(async () => {
  engine = await startPrivateEngine({ name: 'faults-ui', bridge: false });
  await buildBusyboxImage(engine);
  const made = await engine.request('POST', '/containers/create?name=ui-hang', { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], HostConfig: { NetworkMode: 'none' } });
  id = made.json.Id;
  await engine.request('POST', `/containers/${id}/start`);
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
}, 180_000);

afterAll(async () => {
  if (engine) signal(engine.pid, 'SIGCONT');
  await browser?.close();
  await berth?.stop();
  await engine?.stop();
  printFigures('A hung engine, as the user sees it (browser mode, Chromium)', figures);
});

describe('a hung engine in the UI', () => {
  it('is noticed with nothing asked while running containers are on screen: their stats stop, Berth pings', async () => {
    const row = page.locator(`[data-testid="container-row"][data-container-id="${id}"]`);
    await until('the running container in the list', async () => (await row.getAttribute('data-state')) === 'running');
    // Its stats stream to the usage column once a second.
    await new Promise((r) => setTimeout(r, 2000));
    const mark = performance.now();
    signal(engine.pid, 'SIGSTOP');
    await until('the sidebar to say the engine is not answering', async () => (await sidebar().getAttribute('data-engine-state')) === 'not-answering', 20_000);
    const noticed = performance.now() - mark;
    await page.getByText('The engine is not answering').waitFor();
    const resumed = performance.now();
    signal(engine.pid, 'SIGCONT');
    await until('the sidebar to say Running again', async () => (await sidebar().getAttribute('data-engine-state')) === 'running');
    const back = performance.now() - resumed;
    await row.waitFor({ timeout: 15_000 });
    expect(noticed).toBeLessThan(15_000);
    figures.push({
      fault: 'engine hung (SIGSTOP) while the Containers page showed a running container, nothing asked',
      noticed: `${seconds(noticed)}: its stats stopped for 3 s, Berth pinged; sidebar and page “Not answering”`,
      recovered: `${seconds(back)} after SIGCONT, the list back without a reload`,
      lost: 'nothing',
    });
  });

  it('says “Not answering” in the sidebar and on the page, and comes back by itself', async () => {
    const mark = performance.now();
    signal(engine.pid, 'SIGSTOP');
    // The user opens a container: the inspect waits on the stopped engine.
    await page.goto(`${berth.origin}/#/containers/${id}`);
    await until('the sidebar to say the engine is not answering', async () => (await sidebar().getAttribute('data-engine-state')) === 'not-answering');
    const noticed = performance.now() - mark;
    expect(await sidebar().textContent()).toMatch(/Not answering.*is not answering \(nothing for \d+ s\)/);
    await page.getByText('The engine is not answering').waitFor();
    expect(await page.getByText('Reading the container…').count()).toBe(0);

    const resumed = performance.now();
    signal(engine.pid, 'SIGCONT');
    await until('the sidebar to say Running again', async () => (await sidebar().getAttribute('data-engine-state')) === 'running');
    const back = performance.now() - resumed;
    // The page reads the container again without a reload.
    await page.getByRole('heading', { name: 'ui-hang' }).waitFor({ timeout: 15_000 });
    const pageBack = performance.now() - resumed;
    expect(noticed).toBeLessThan(15_000);
    figures.push({
      fault: 'engine hung (SIGSTOP) while a container’s page was opened',
      noticed: `${seconds(noticed)}: sidebar “Not answering” with the reason, the page “The engine is not answering”`,
      recovered: `${seconds(back)} after SIGCONT the sidebar said Running, ${seconds(pageBack)} the page showed the container, without a reload`,
      lost: 'nothing',
    });
  });
});
