import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BUSYBOX_IMAGE, removeContainersNamed, restartSharedEngine, testEngine } from '../harness/context';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const engine = testEngine();
let berth: BerthServer;
let browser: Browser;
let page: Page;

async function createContainer(name: string, options: { start?: boolean; body?: Record<string, unknown> } = {}): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], ...options.body });
  expect(res.status, res.text).toBe(201);
  const id = res.json.Id as string;
  if (options.start) expect((await engine.request('POST', `/containers/${id}/start`)).status).toBe(204);
  return id;
}

async function engineState(id: string): Promise<string | undefined> {
  const res = await engine.request('GET', `/containers/${id}/json`);
  return res.status === 404 ? undefined : (res.json.State.Status as string);
}

const row = (id: string) => page.locator(`[data-testid="container-row"][data-container-id="${id}"]`);

beforeAll(async () => {
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  await removeContainersNamed(engine, /^e2e-/);
});

describe('the Containers page in a real browser', () => {
  it('lists containers created through the Engine API, running and stopped', async () => {
    const running = await createContainer('e2e-running', { start: true });
    const stopped = await createContainer('e2e-stopped');
    await expect.poll(() => row(running).getAttribute('data-state')).toBe('running');
    await expect.poll(() => row(stopped).getAttribute('data-state')).toBe('created');
    await expect.poll(() => row(running).textContent()).toContain('e2e-running');
    expect(await row(running).textContent()).toContain(BUSYBOX_IMAGE.replace(/:latest$/, ''));
  });

  it('stops a container from its row, as the engine then confirms', async () => {
    const id = await createContainer('e2e-stop-me', { start: true });
    await row(id).waitFor();
    await page.getByRole('button', { name: 'Stop e2e-stop-me', exact: true }).click();
    await expect.poll(() => engineState(id), { timeout: 20_000 }).toBe('exited');
    await expect.poll(() => row(id).getAttribute('data-state')).toBe('exited');
  });

  it('shows a container started with the docker CLI without a reload', async () => {
    const run = await engine.docker(['run', '-d', '--name', 'e2e-from-cli', BUSYBOX_IMAGE, 'sleep', '600']);
    expect(run.code, run.stderr).toBe(0);
    const id = run.stdout.trim();
    await expect.poll(() => row(id).getAttribute('data-state'), { timeout: 2000, interval: 50 }).toBe('running');
    // And one removed by the CLI goes away.
    expect((await engine.docker(['rm', '-f', id])).code).toBe(0);
    await expect.poll(() => row(id).count(), { timeout: 2000, interval: 50 }).toBe(0);
  });

  it('asks before removing, says what goes, and removes anonymous volumes only when asked', async () => {
    const id = await createContainer('e2e-remove-me', { start: true, body: { Volumes: { '/data': {} } } });
    const volume = (await engine.request('GET', `/containers/${id}/json`)).json.Mounts[0].Name as string;
    await row(id).waitFor();
    await page.getByRole('button', { name: 'Remove e2e-remove-me', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toMatch(/e2e-remove-me/);
    expect(await dialog.textContent()).toMatch(/anonymous volume/i);
    // Cancelling loses nothing.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await engineState(id)).toBe('running');

    await page.getByRole('button', { name: 'Remove e2e-remove-me', exact: true }).click();
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => engineState(id), { timeout: 20_000 }).toBeUndefined();
    expect((await engine.request('GET', `/volumes/${volume}`)).status).toBe(404);
    await expect.poll(() => row(id).count()).toBe(0);
  });

  it('finds containers with the search box', async () => {
    const id = await createContainer('e2e-needle');
    await row(id).waitFor();
    await page.getByRole('searchbox', { name: 'Search containers' }).fill('needle');
    await expect.poll(() => page.locator('[data-testid="container-row"]').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search containers' }).fill('');
  });

  it('groups containers of a Compose project', async () => {
    const project = { 'com.docker.compose.project': 'e2e-shop' };
    await createContainer('e2e-shop-web-1', { body: { Labels: { ...project, 'com.docker.compose.service': 'web' } } });
    await createContainer('e2e-shop-db-1', { body: { Labels: { ...project, 'com.docker.compose.service': 'db' } } });
    const group = page.locator('tbody', { has: page.locator('[data-testid="container-group"][data-project="e2e-shop"]') });
    await expect.poll(() => group.locator('[data-testid="container-row"]').count()).toBe(2);
    await expect.poll(() => group.getByRole('button', { name: 'Start all in e2e-shop', exact: true }).count()).toBe(1);
  });

  it('survives the engine restarting: says so, reconnects by itself and the list is right again', async () => {
    await restartSharedEngine();
    const id = await createContainer('e2e-after-restart', { start: true });
    await expect.poll(() => row(id).getAttribute('data-state'), { timeout: 20_000 }).toBe('running');
    await expect.poll(() => page.getByTestId('engine-status').getAttribute('data-engine-state')).toBe('running');
  });

  it('shows a page without the token how to get the right URL, and gives it nothing else', async () => {
    const other = await browser.newPage();
    await other.goto(berth.origin + '/#/containers');
    await other.getByRole('heading', { name: 'This Berth needs its access token' }).waitFor();
    expect(await other.textContent('body')).toMatch(/Open the full address from the terminal/);
    expect(await other.locator('[data-testid="container-row"]').count()).toBe(0);
    await other.close();
  });
});
