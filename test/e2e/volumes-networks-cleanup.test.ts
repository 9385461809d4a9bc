import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { fillAwkwardly, helpersLeft, removeContainers, removeVolumes, volumeChecksum } from '../integration/data-fixtures';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const engine = testEngine();
let berth: BerthServer;
let browser: Browser;
let page: Page;
let downloads: string;
const containers: string[] = [];
const volumes: string[] = [];
const networks: string[] = [];

async function go(hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
}

async function runContainer(name: string): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], HostConfig: { Init: true } });
  expect(res.status, res.text).toBe(201);
  containers.push(res.json.Id);
  expect((await engine.request('POST', `/containers/${res.json.Id}/start`)).status).toBe(204);
  return res.json.Id as string;
}

/** The task panel's word for the task's state: running, done, failed. */
/** Tasks never open their panel by themselves: the user opens it from the sidebar's Tasks button. */
async function openTasks(): Promise<void> {
  const button = page.getByTestId('tasks-button');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}
const taskState = async (kind: string) => {
  await openTasks();
  return page.locator(`[data-testid="task"][data-task-kind="${kind}"]`).first().getAttribute('data-task-state');
};

beforeAll(async () => {
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-downloads-'));
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  await removeContainers(...containers);
  await removeVolumes(...volumes);
  for (const n of networks) await engine.request('DELETE', `/networks/${n}`);
  if (downloads) fs.rmSync(downloads, { recursive: true, force: true });
});

describe('volumes in a real browser', () => {
  it('backs up a volume to a download and restores it into a new volume, byte for byte', async () => {
    volumes.push('e2e-data', 'e2e-restored');
    await engine.request('POST', '/volumes/create', { Name: 'e2e-data' });
    await fillAwkwardly('e2e-data');
    await go('#/volumes');
    await page.locator('[data-testid="volume-row"][data-volume="e2e-data"]').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Back up e2e-data', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^e2e-data-\d{4}-\d\d-\d\d\.tar\.gz$/);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(await download.failure()).toBeNull();
    await expect.poll(() => taskState('volume-backup')).toBe('done');

    await page.getByRole('button', { name: 'Restore a volume from a backup' }).click();
    const dialog = page.getByTestId('restore-volume-dialog');
    await dialog.getByTestId('restore-file').setInputFiles(file);
    await expect.poll(() => dialog.getByTestId('restore-file-name').textContent()).toContain(download.suggestedFilename());
    await dialog.getByLabel('Name of the new volume').fill('e2e-restored');
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();

    await expect.poll(() => taskState('volume-restore'), { timeout: 30_000 }).toBe('done');
    expect(await volumeChecksum('e2e-restored')).toBe(await volumeChecksum('e2e-data'));
    await expect.poll(() => page.locator('[data-testid="volume-row"][data-volume="e2e-restored"]').count()).toBe(1);
    await expect.poll(() => helpersLeft()).toBe(0);
  });

  it('fails the browser’s download, so it keeps no partial file, when a backup is cancelled halfway', async () => {
    volumes.push('e2e-big');
    await engine.request('POST', '/volumes/create', { Name: 'e2e-big' });
    const fill = await engine.docker(['run', '--rm', '-v', 'e2e-big:/v', BUSYBOX_IMAGE, 'dd', 'if=/dev/urandom', 'of=/v/big', 'bs=1M', 'count=96']);
    expect(fill.code, fill.stderr).toBe(0);
    const before = await volumeChecksum('e2e-big');
    await go('#/volumes');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Back up e2e-big', exact: true }).click()]);
    await openTasks();
    await page.getByRole('button', { name: 'Cancel Back up e2e-big' }).click();
    expect(await download.failure()).not.toBeNull();
    expect(await download.path().catch(() => null)).toBeNull();
    await expect.poll(() => taskState('volume-backup')).toBe('cancelled');
    await expect.poll(() => helpersLeft(), { timeout: 10_000 }).toBe(0);
    expect(await volumeChecksum('e2e-big')).toBe(before);
  });

  it('browses a volume’s nested folders down to a file with spaces and unicode in its name', async () => {
    await go('#/volumes/e2e-restored');
    await page.getByRole('button', { name: 'Open folder with space' }).click();
    const entry = page.locator('[data-testid="volume-entry"][data-path="with space/日本語 ファイル.txt"]');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('日本語 ファイル.txt');
  });
});

describe('networks in a real browser', () => {
  it('creates a network, refusing a bad subnet in words, and connects a running container with a fixed address', async () => {
    const id = await runContainer('e2e-net-web');
    networks.push('e2e-net');
    await go('#/networks');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const dialog = page.getByTestId('create-network-dialog');
    await dialog.getByLabel('Name').fill('e2e-net');
    await dialog.getByLabel('Subnet').fill('10.77.7.0/33');
    await expect.poll(() => dialog.textContent()).toContain('The prefix length “/33” must be a number from 8 to 30');
    await dialog.getByLabel('Subnet').fill('10.77.7.0/24');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await page.locator('[data-testid="network-row"][data-network="e2e-net"]').waitFor();
    expect((await engine.request('GET', '/networks/e2e-net')).json.IPAM.Config).toEqual([{ Subnet: '10.77.7.0/24' }]);

    await page.getByRole('button', { name: 'Connect a container to e2e-net' }).click();
    const connect = page.getByTestId('connect-dialog');
    await connect.getByLabel('Container').selectOption({ label: 'e2e-net-web (running)' });
    await connect.getByLabel('Aliases').fill('api');
    await connect.getByLabel('Fixed IPv4 address').fill('10.77.7.50');
    await connect.getByRole('button', { name: 'Connect', exact: true }).click();

    await expect.poll(async () => (await engine.request('GET', `/containers/${id}/json`)).json.NetworkSettings.Networks['e2e-net']?.IPAddress).toBe('10.77.7.50');
    expect((await engine.request('GET', `/containers/${id}/json`)).json.NetworkSettings.Networks['e2e-net'].Aliases).toContain('api');
    await expect.poll(() => page.locator('[data-testid="network-row"][data-network="e2e-net"]').textContent()).toContain('10.77.7.50');
    // Its mode is shown for what it is: bridge, on both networks.
    await expect.poll(() => page.locator('[data-testid="container-mode"][data-container="e2e-net-web"]').textContent()).toMatch(/on bridge, e2e-net|on e2e-net, bridge/);
  });
});

describe('disk usage in a real browser', () => {
  it('cleans up dangling images from the disk usage view, after showing exactly which', async () => {
    const source = await runContainer('e2e-dangling-source');
    const commit = await engine.request('POST', `/commit?container=${source}`, {});
    const dangling = commit.json.Id as string;
    await go('#/disk');
    await page.getByTestId('disk-usage').waitFor();
    await page.getByRole('button', { name: 'Clean up images…' }).click();
    const dialog = page.getByTestId('cleanup-dialog');
    await expect.poll(() => dialog.getByRole('radio', { name: /Dangling images only/ }).isChecked()).toBe(true);
    const item = dialog.locator(`[data-testid="cleanup-item"][data-id="${dangling}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain(dangling.replace('sha256:', '').slice(0, 12));
    // The kept image every test uses is not on the list.
    expect(await dialog.textContent()).not.toContain(BUSYBOX_IMAGE);

    await dialog.getByRole('button', { name: /^Remove \d+ items?$/ }).click();
    const report = page.getByTestId('cleanup-report');
    await report.waitFor();
    expect(await report.textContent()).toMatch(/returned to the disk/);
    expect(await report.textContent()).toMatch(/Removed \d+ images?/);
    expect((await engine.request('GET', `/images/${dangling}/json`)).status).toBe(404);
    expect((await engine.request('GET', `/images/${encodeURIComponent(BUSYBOX_IMAGE)}/json`)).status).toBe(200);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('cleanup-result').count()).toBe(0);
  });
});
