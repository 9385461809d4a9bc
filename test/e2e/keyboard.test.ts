/**
 * Berth driven with the keyboard alone, in a real browser against browser mode and the private engine:
 * no clicks anywhere in this file. Outcomes are checked on screen (computed styles, the address) and
 * through the Engine API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { startRegistry } from '../harness/registry';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const engine = testEngine();
const suffix = Math.random().toString(36).slice(2, 7);
const created: string[] = [];
let berth: BerthServer;
let browser: Browser;
let page: Page;

/** A running container that stops at once (Init: busybox sleep as PID 1 would ignore SIGTERM). */
async function runningContainer(name: string): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], HostConfig: { Init: true } });
  expect(res.status, res.text).toBe(201);
  created.push(res.json.Id);
  expect((await engine.request('POST', `/containers/${res.json.Id}/start`)).status).toBe(204);
  return res.json.Id as string;
}

async function engineState(id: string): Promise<string | undefined> {
  const res = await engine.request('GET', `/containers/${id}/json`);
  return res.status === 404 ? undefined : (res.json.State.Status as string);
}

const background = (p: Page) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
const focusedItem = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.itemId ?? null);
const savedTheme = () => JSON.parse(fs.readFileSync(path.join(berth.dataDir, 'settings.json'), 'utf8')).preferences.theme;
const LIGHT = 'rgb(255, 255, 255)';
const DARK = 'rgb(22, 24, 28)';

/** Ctrl+K, types `text`, and once `first` (a command id) is the first result, runs it with Enter. */
async function openPaletteAndRun(text: string, first?: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await page.getByTestId('command-palette-input').waitFor();
  await page.keyboard.type(text);
  const top = page.getByTestId('command-option').first();
  if (first) await expect.poll(() => top.getAttribute('data-command-id'), { timeout: 5000 }).toBe(first);
  else await expect.poll(() => top.count()).toBe(1);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('command-palette').count()).toBe(0);
}

/** Moves focus along the list with the arrow keys, up or down as needed, until the row of `id` has it. */
async function focusRow(id: string): Promise<void> {
  const position = () =>
    page.evaluate((target) => {
      const items = [...document.querySelectorAll<HTMLElement>('main [data-item-id]')].map((e) => e.dataset.itemId);
      return { target: items.indexOf(target), focused: items.indexOf((document.activeElement as HTMLElement | null)?.dataset.itemId ?? '') };
    }, id);
  for (let i = 0; i < 50; i++) {
    const { target, focused } = await position();
    if (target === focused) break;
    await page.keyboard.press(focused < 0 || focused < target ? 'ArrowDown' : 'ArrowUp');
  }
  expect(await focusedItem()).toBe(id);
}

beforeAll(async () => {
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })).newPage();
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
});

// Each test starts with no dialog open, whatever the one before it left behind.
beforeEach(async () => {
  for (let i = 0; i < 3 && (await page.locator('dialog[open]').count()); i++) await page.keyboard.press('Escape');
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  for (const id of created) await engine.request('DELETE', `/containers/${id}?force=1`);
});

describe('Berth with the keyboard only', () => {
  it('changes the theme from Preferences, and every open window repaints at once', async () => {
    // A second window of the same browser (it shares the sign-in cookie).
    const other = await page.context().newPage();
    await other.goto(berth.origin + '/#/engines');
    await other.getByRole('heading', { name: 'Engines', exact: true }).waitFor();
    expect(await background(page)).toBe(LIGHT);

    await page.keyboard.press('Control+,');
    await page.getByRole('heading', { name: 'Preferences', exact: true }).waitFor();
    // Focus moved to the page; the theme is its first control. Arrow keys move through the radio group.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('system');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('dark');

    await expect.poll(() => background(page)).toBe(DARK);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => background(other)).toBe(DARK);
    await expect.poll(savedTheme).toBe('dark');
    await other.close();
  });

  it('shows the desktop app’s start-up and tray settings as off limits in a browser, where they do nothing', async () => {
    await page.keyboard.press('Control+,');
    await page.getByRole('heading', { name: 'Preferences', exact: true }).waitFor();
    expect(await page.getByRole('switch', { name: 'Start Berth when you log in' }).isDisabled()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Stay in the tray' }).isDisabled()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Quits Berth' }).isDisabled()).toBe(true);
    // The theme is the window's own, and stays live.
    expect(await page.getByRole('radio', { name: 'Dark' }).isDisabled()).toBe(false);
  });

  it('switches the theme from the palette, and back to following the system', async () => {
    await openPaletteAndRun('light theme', 'theme:light');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await openPaletteAndRun('follow system', 'theme:system');
    // The light theme and a light system look alike, so wait for the switch itself before comparing colours.
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? 'none')).toBe('none');
    await expect.poll(() => background(page)).toBe(LIGHT);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => background(page)).toBe(DARK);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(savedTheme).toBe('system');
  });

  it('finds a container by part of its name and opens its page', async () => {
    const name = `kbd-web-${suffix}`;
    const id = await runningContainer(name);
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.locator(`[data-item-id="${id}"]`).waitFor();
    await openPaletteAndRun(`web-${suffix}`, `container:open:${id}`);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/containers/${id}`);
    // The container's own page, titled with its name.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
  });

  it('stops a container from the palette, as the engine then confirms', async () => {
    const id = await runningContainer(`kbd-stop-${suffix}`);
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.locator(`[data-item-id="${id}"]`).waitFor();
    await openPaletteAndRun(`stop kbd-stop-${suffix}`, `container:stop:${id}`);
    await expect.poll(() => engineState(id), { timeout: 20_000 }).toBe('exited');
  });

  it('stops a container from its row: arrow keys to reach it, S to stop it, focus visible all along', async () => {
    const id = await runningContainer(`kbd-row-${suffix}`);
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.locator(`[data-item-id="${id}"][data-state="running"]`).waitFor();
    await focusRow(id);
    expect(await page.evaluate(() => document.activeElement!.matches(':focus-visible'))).toBe(true);
    await page.keyboard.press('s');
    await expect.poll(() => engineState(id), { timeout: 20_000 }).toBe('exited');
  });

  it('asks before removing with Delete: Escape keeps the container, Enter removes it', async () => {
    const id = await runningContainer(`kbd-remove-${suffix}`);
    await page.locator(`[data-item-id="${id}"]`).waitFor();
    await focusRow(id);
    await page.keyboard.press('Delete');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain(`kbd-remove-${suffix}`);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await engineState(id)).toBe('running');
    // Focus went back to the row, so the same key asks again.
    expect(await focusedItem()).toBe(id);
    await page.keyboard.press('Delete');
    await expect.poll(() => dialog.count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => engineState(id), { timeout: 20_000 }).toBeUndefined();
  });

  it('finds volumes and networks by name and opens their pages', async () => {
    const volume = `kbd-vol-${suffix}`;
    expect((await engine.request('POST', '/volumes/create', { Name: volume })).status).toBe(201);
    const network = await engine.request('POST', '/networks/create', { Name: `kbd-net-${suffix}` });
    expect(network.status, network.text).toBe(201);
    try {
      await openPaletteAndRun(`vol-${suffix}`, `volume:open:${volume}`);
      await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/volumes/${volume}`);
      await openPaletteAndRun(`net-${suffix}`, `network:open:${network.json.Id}`);
      await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/networks/${network.json.Id}`);
    } finally {
      await engine.request('DELETE', `/volumes/${volume}`);
      await engine.request('DELETE', `/networks/${network.json.Id}`);
    }
  });

  it('pulls the image named after “pull”, as the engine then confirms', async () => {
    const registry = await startRegistry();
    const reference = `${registry.host}/kbd/busybox:${suffix}`;
    try {
      // Put an image in the registry, then forget it locally: only a pull can bring it back.
      expect((await engine.docker(['tag', BUSYBOX_IMAGE, reference])).code).toBe(0);
      const pushed = await engine.docker(['push', reference]);
      expect(pushed.code, pushed.stderr).toBe(0);
      expect((await engine.docker(['rmi', reference])).code).toBe(0);
      await openPaletteAndRun(`pull ${reference}`, `image:pull-new:${reference}`);
      await expect.poll(async () => (await engine.request('GET', `/images/${encodeURIComponent(reference)}/json`)).status, { timeout: 30_000 }).toBe(200);
    } finally {
      await engine.docker(['rmi', reference]);
      await registry.stop();
    }
  });

  it('lists the shortcuts when ? is pressed, and closes with Escape or Enter', async () => {
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await expect.poll(() => help.textContent()).toMatch(/Go to Preferences/);
    expect(await help.textContent()).toMatch(/Start or stop/);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
    await page.keyboard.press('?');
    await expect.poll(() => help.count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => help.count()).toBe(0);
  });
});
