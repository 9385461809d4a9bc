/**
 * What a newcomer sees before there is anything to see, in a real browser against browser mode: the empty
 * Containers page of an engine with no containers (its example command shown whole, even in a narrow
 * window), and the Engines page of a Berth that has no engine at all (said in words, no empty box).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startPrivateEngine } from '../harness/engine';
import type { PrivateEngine } from '../harness/engine';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

let browser: Browser;
const servers: BerthServer[] = [];
let empty: PrivateEngine | undefined;
let nowhere: string;

async function open(berth: BerthServer, hash: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(berth.url.replace(/#.*$/, '') + hash);
  return page;
}

beforeAll(async () => {
  // An engine of its own, so no other test's container makes the list non-empty; no bridge: nothing runs.
  [browser, empty] = await Promise.all([launchBrowser(), startPrivateEngine({ name: 'empty-states', bridge: false })]);
  nowhere = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-no-engine-'));
});

afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
  await empty?.stop();
  if (nowhere) fs.rmSync(nowhere, { recursive: true, force: true });
});

describe('empty states', () => {
  it('shows the empty Containers page’s example command whole in a narrow window', async () => {
    const berth = await startBerth(`unix://${empty!.socketPath}`);
    servers.push(berth);
    // Browser mode has no smallest window: a browser beside an editor on a small screen is this narrow.
    const page = await open(berth, '#/containers', { width: 420, height: 700 });
    const command = page.getByTestId('no-containers').locator('code.command');
    await command.waitFor();
    expect(await command.textContent()).toBe('docker run -d -p 8080:80 nginx');
    // Nothing of it is hidden behind a scroll or cut by the box: what is in the box is what shows.
    const box = await command.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
    expect(box.scroll).toBeLessThanOrEqual(box.client);
    expect(box.right).toBeLessThanOrEqual(420);
    await page.close();
  });

  it('says in words that no engine is in use, with no empty box, when nothing listens', async () => {
    const berth = await startBerth(`unix://${path.join(nowhere, 'docker.sock')}`);
    servers.push(berth);
    const page = await open(berth, '#/engines', { width: 1280, height: 800 });
    const card = page.getByTestId('current-engine');
    await card.waitFor();
    await expect.poll(() => card.locator('.panel__title').textContent()).toBe('No engine in use');
    expect(await card.locator('.panel__reason').textContent()).toMatch(/^No container engine is running on this machine\. Start /);
    // No facts to list, so no box for them: an empty one read as something that failed to load.
    const emptyBoxes = await card.locator('dl, .facts').evaluateAll((els) => els.filter((e) => !e.textContent?.trim()).length);
    expect(emptyBoxes).toBe(0);
    await page.close();
  });
});
