// The Linux VM page in a real browser against browser mode: settings refused in words, a start from the
// page with the accelerator and its reason shown, the console, the checks, a stop, and a factory reset
// that needs the VM's name. Outcomes are checked on disk and through the VM's engine, not only on screen.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startBerth } from '../e2e/browser';
import type { BerthServer } from '../e2e/browser';
import { rawRequest } from '../harness/engine';
import { ensureGuest, vmTestDirs } from './vm-harness';

const dirs = vmTestDirs();
let server: BerthServer;
let browser: Browser;
let page: Page;
const savedDockerConfig = process.env.DOCKER_CONFIG;
const vmDir = () => path.join(server.dataDir, 'vm');
const socket = () => path.join(server.dataDir, 'run', 'vm', 'docker.sock');

beforeAll(async () => {
  await ensureGuest();
  process.env.DOCKER_CONFIG = dirs.dockerConfig;
  // No engine at all on DOCKER_HOST: the VM is the engine this Berth can offer.
  server = await startBerth(`unix://${dirs.root}/none.sock`);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url.replace(/#.*$/, '') + '#/vm');
  await page.getByTestId('vm-state').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  // Stopping the server stops the VM it runs (cleanly).
  await server?.stop();
  if (savedDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = savedDockerConfig;
  fs.rmSync(dirs.root, { recursive: true, force: true });
}, 120_000);

describe('the Linux VM page', () => {
  it('refuses settings the machine cannot give, in words, and saves ones it can', async () => {
    const cpus = page.getByTestId('vm-cpus');
    await cpus.fill('0');
    await expect.poll(() => page.getByText('The VM needs at least 1 CPU.').isVisible()).toBe(true);
    expect(await page.getByTestId('vm-settings-save').isDisabled()).toBe(true);
    await page.getByTestId('vm-memory').fill('99999999');
    await expect.poll(() => page.getByText(/keeps 1024 MiB for itself: at most \d+ MiB\./).isVisible()).toBe(true);
    await cpus.fill('1');
    await page.getByTestId('vm-memory').fill('1024');
    await page.getByTestId('vm-disk').fill('16');
    await page.getByTestId('vm-shares').fill(dirs.shared);
    await page.getByTestId('vm-settings-save').click();
    await expect
      .poll(() => fs.existsSync(path.join(vmDir(), 'settings.json')) && JSON.parse(fs.readFileSync(path.join(vmDir(), 'settings.json'), 'utf8')))
      .toMatchObject({ cpus: 1, memoryMiB: 1024, diskGiB: 16, shares: [dirs.shared] });
  });

  it('starts the VM and says which accelerator it uses and why; the console shows the guest', async () => {
    await page.getByTestId('vm-start').click();
    await page.locator('[data-testid="vm-state"][data-state="running"]').waitFor({ timeout: 240_000 });
    const accelerator = await page.getByTestId('vm-accelerator').innerText();
    expect(accelerator).toMatch(/^(TCG|KVM)/);
    if (accelerator.startsWith('TCG')) expect(accelerator).toMatch(/Emulation \(TCG\)/);
    await expect.poll(() => page.getByTestId('vm-console').innerText(), { timeout: 10_000 }).toContain('berth-guest: engine-ready');
    // The engine the page says is running really answers on the socket it shows.
    expect((await rawRequest(socket(), 'GET', '/_ping')).body.toString()).toBe('OK');
    expect(await page.getByText(socket()).count()).toBeGreaterThan(0);
  }, 300_000);

  it('runs the checks, each with what it found', async () => {
    await page.getByTestId('vm-run-checks').click();
    const checks = page.getByTestId('vm-check');
    await expect.poll(() => checks.count(), { timeout: 60_000 }).toBeGreaterThan(6);
    expect(await page.locator('[data-testid="vm-check"][data-ok="false"]').count()).toBe(0);
    expect(await page.getByTestId('vm-checks').innerText()).toContain('A TLS client without Berth’s certificate is turned away.');
  }, 90_000);

  it('stops the VM cleanly from the page', async () => {
    await page.getByTestId('vm-stop').click();
    await page.locator('[data-testid="vm-state"][data-state="stopped"]').waitFor({ timeout: 90_000 });
    expect(fs.existsSync(socket())).toBe(false);
    await expect.poll(() => page.getByTestId('vm-console').innerText(), { timeout: 10_000 }).toContain('berth-guest: powering off');
  }, 120_000);

  it('offers to start the VM from a list page when the VM is the engine in use, and lists its containers once it runs', async () => {
    await page.goto(server.url.replace(/#.*$/, '') + '#/engines');
    // With no other engine, Berth took the VM as its engine when it first ran; otherwise choose it here.
    const row = page.locator('[data-testid="engine-endpoint"][data-engine-id="vm"]');
    await row.waitFor();
    if ((await row.getAttribute('aria-current')) !== 'true') await row.getByRole('button', { name: 'Use this engine' }).click();
    await page.locator('[data-testid="engine-endpoint"][data-engine-id="vm"][aria-current="true"]').waitFor();
    await page.goto(server.url.replace(/#.*$/, '') + '#/containers');
    const start = page.getByTestId('engine-required-start-vm');
    await start.waitFor();
    expect(await start.innerText()).toBe('Start the VM');
    await start.click();
    await page.getByTestId('engine-required').waitFor({ state: 'detached', timeout: 240_000 });
    // The page now shows the VM's engine: what it lists is what that engine has.
    expect((await rawRequest(socket(), 'GET', '/_ping')).body.toString()).toBe('OK');
    await page.getByRole('heading', { name: 'Containers' }).waitFor();
    await page.goto(server.url.replace(/#.*$/, '') + '#/vm');
    await page.getByTestId('vm-stop').click();
    await page.locator('[data-testid="vm-state"][data-state="stopped"]').waitFor({ timeout: 90_000 });
  }, 360_000);

  it('deletes the disk in a factory reset only once the VM’s name is typed', async () => {
    const disk = path.join(vmDir(), 'data.qcow2');
    expect(fs.existsSync(disk)).toBe(true);
    await page.getByTestId('vm-reset').click();
    const dialog = page.getByRole('dialog', { name: 'Delete everything in the VM?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/every image, container and volume in the VM is lost/);
    const confirm = dialog.getByRole('button', { name: 'Delete the VM’s disk' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('vm-reset-name').fill('berth-');
    await page.keyboard.press('Enter');
    expect(await confirm.isDisabled()).toBe(true);
    expect(fs.existsSync(disk)).toBe(true);
    await page.getByTestId('vm-reset-name').fill('berth');
    await page.keyboard.press('Enter');
    await expect.poll(() => fs.existsSync(disk)).toBe(false);
    await dialog.waitFor({ state: 'detached' });
  }, 60_000);
});
