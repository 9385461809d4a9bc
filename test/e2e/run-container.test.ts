import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const engine = testEngine();
let berth: BerthServer;
let browser: Browser;
let page: Page;
const made = { containers: new Set<string>(), volumes: new Set<string>() };

async function inspect(nameOrId: string) {
  const res = await engine.request('GET', `/containers/${nameOrId}/json`);
  return res.status === 404 ? undefined : res.json;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function createContainer(name: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], ...body, HostConfig: { Init: true, ...(body.HostConfig as object) } });
  expect(res.status, res.text).toBe(201);
  made.containers.add(res.json.Id);
  expect((await engine.request('POST', `/containers/${res.json.Id}/start`)).status).toBe(204);
  return res.json.Id as string;
}

const dialog = () => page.getByTestId('run-dialog');

async function openRunDialog(): Promise<void> {
  await page.goto(`${berth.origin}/#/containers`);
  await page.getByTestId('open-run-dialog').first().click();
  await dialog().waitFor();
}

beforeAll(async () => {
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
  // The list's "Run a container" button shows once there is a list.
  await createContainer('e2e-run-seed');
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  for (const id of made.containers) await engine.request('DELETE', `/containers/${id}?force=1&v=1`);
  for (const name of made.volumes) await engine.request('DELETE', `/volumes/${name}?force=1`);
});

describe('the Run dialog in a real browser', () => {
  it('runs a container with a port, a named volume, an env var and a restart policy, as the engine then shows', async () => {
    const port = await freePort();
    made.containers.add('e2e-run-web');
    made.volumes.add('e2e-run-data');
    await openRunDialog();
    await dialog().getByRole('combobox', { name: 'Image' }).fill(BUSYBOX_IMAGE);
    await dialog().getByLabel('Name', { exact: true }).fill('e2e-run-web');
    await dialog().getByRole('button', { name: '+ Add port' }).click();
    await dialog().getByLabel('Host port of port 1').fill(String(port));
    await dialog().getByLabel('Container port of port 1').fill('8080');
    await dialog().getByRole('button', { name: '+ Add volume' }).click();
    await dialog().getByLabel('Volume name for mount 1').fill('e2e-run-data');
    await dialog().getByLabel('Path in the container for mount 1').fill('/data');
    await dialog().getByRole('button', { name: '+ Add variable' }).click();
    await dialog().getByLabel('Name of variable 1').fill('GREETING');
    await dialog().getByLabel('Value of variable 1').fill('hello world');
    await dialog().getByLabel('Restart policy').selectOption('unless-stopped');
    await dialog().getByText('Command and user').click();
    await dialog().getByLabel('Command', { exact: true }).fill('httpd -f -p 8080');
    // The command shown follows the form.
    await expect
      .poll(() => dialog().getByTestId('run-command').textContent())
      .toBe(`docker run -d --name e2e-run-web --restart unless-stopped -p ${port}:8080 -v e2e-run-data:/data -e 'GREETING=hello world' ${BUSYBOX_IMAGE} httpd -f -p 8080`);
    // The engine's check says the volume will be made.
    await expect.poll(() => dialog().textContent()).toContain('The volume “e2e-run-data” does not exist yet: it will be created.');

    await dialog().getByTestId('run-submit').click();
    await page.getByTestId('container-details').waitFor();
    const info = await inspect('e2e-run-web');
    expect(info.State.Running).toBe(true);
    expect(info.HostConfig.RestartPolicy).toEqual({ Name: 'unless-stopped', MaximumRetryCount: 0 });
    expect(info.HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '', HostPort: String(port) }] });
    expect(info.Config.Env).toContain('GREETING=hello world');
    expect(info.Mounts).toEqual([expect.objectContaining({ Type: 'volume', Name: 'e2e-run-data', Destination: '/data', RW: true })]);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBeLessThan(500);
    expect(await page.getByTestId('container-details').getAttribute('data-container-id')).toBe(info.Id);
  });

  it('says, before creating, that the name is taken and the host port is in use, and creates nothing', async () => {
    const listener = net.createServer();
    await new Promise<void>((r) => listener.listen(0, '0.0.0.0', r));
    const busy = (listener.address() as net.AddressInfo).port;
    try {
      await openRunDialog();
      await dialog().getByRole('combobox', { name: 'Image' }).fill(BUSYBOX_IMAGE);
      await dialog().getByLabel('Name', { exact: true }).fill('e2e-run-seed');
      await dialog().getByRole('button', { name: '+ Add port' }).click();
      await dialog().getByLabel('Host port of port 1').fill(String(busy));
      await dialog().getByLabel('Container port of port 1').fill('80');
      await expect.poll(() => dialog().getByTestId('problems-name').textContent()).toMatch(/“e2e-run-seed” is already taken/);
      await expect.poll(() => dialog().getByTestId('problems-ports.0.hostPort').textContent()).toBe(`Port ${busy} is already in use on this machine: choose another host port, or stop what uses it.`);
      const before = (await engine.request('GET', '/containers/json?all=1')).json.length;
      // Enter runs the form; with problems to fix it moves to the first one instead.
      await dialog().getByLabel('Container port of port 1').press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('run-name');
      expect((await engine.request('GET', '/containers/json?all=1')).json.length).toBe(before);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog().count()).toBe(0);
    } finally {
      listener.close();
    }
  });

  it('fills the form from a pasted docker run command, keeps every flag, asks for the env file, and makes that container', async () => {
    made.containers.add('e2e-run-pasted');
    const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-')), 'app.env');
    fs.writeFileSync(envFile, 'FROM_FILE=yes\n# comment\nMODE=file\n');
    await openRunDialog();
    await dialog().getByRole('button', { name: 'Paste a docker run command…' }).click();
    await dialog()
      .getByLabel(/Paste a docker run command/)
      .fill(`docker run -d --name e2e-run-pasted --cap-add NET_ADMIN --read-only --tmpfs /run:size=8m --pull never --env-file ./app.env -e MODE=test --restart on-failure:3 ${BUSYBOX_IMAGE} sleep 300`);
    await page.keyboard.press('Enter');
    const leftOut = dialog().getByTestId('left-out-flags');
    await expect.poll(() => leftOut.textContent()).toContain('--pull never only changes what the docker CLI does in your terminal.');
    expect(await leftOut.locator('li').count()).toBe(1);
    // In browser mode the file is on the user's computer: the page asks for it and reads it there.
    const file = dialog().getByTestId('named-file');
    expect(await file.textContent()).toMatch(/--env-file \.\/app\.env.*choose the file/i);
    await file.getByTestId('named-file-input').setInputFiles(envFile);
    await expect.poll(() => file.textContent()).toContain('Loaded 2 variables from app.env.');
    expect(await dialog().getByLabel('Name', { exact: true }).inputValue()).toBe('e2e-run-pasted');
    expect(await dialog().getByLabel('Restart policy').inputValue()).toBe('on-failure');
    await dialog().getByText('Other options', { exact: true }).click();
    expect(await dialog().getByTestId('options-row').count()).toBe(3);
    expect(await dialog().getByLabel('Option 3', { exact: true }).inputValue()).toBe('tmpfs');
    expect(await dialog().getByLabel('Value of option 3', { exact: true }).inputValue()).toBe('/run:size=8m');
    expect(await dialog().getByTestId('run-command').textContent()).toContain('--cap-add NET_ADMIN --read-only --tmpfs /run:size=8m');
    await dialog().getByTestId('run-submit').click();
    await page.getByTestId('container-details').waitFor();
    const info = await inspect('e2e-run-pasted');
    expect(info.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
    expect(info.Config.Env).toEqual(expect.arrayContaining(['FROM_FILE=yes', 'MODE=test']));
    // The file is read before the -e values, as the docker CLI reads it: the line's own value wins.
    expect(info.Config.Env.filter((e: string) => e.startsWith('MODE=')).at(-1)).toBe('MODE=test');
    expect(info.HostConfig.CapAdd).toEqual(['CAP_NET_ADMIN']);
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.Tmpfs).toEqual({ '/run': 'size=8m' });
    expect(info.State.Running).toBe(true);
  });

  it('says before running that a line without -d opens the container’s output, then opens its logs (its terminal with -it)', async () => {
    made.containers.add('e2e-run-attached');
    await openRunDialog();
    await dialog().getByRole('button', { name: 'Paste a docker run command…' }).click();
    await dialog()
      .getByLabel(/Paste a docker run command/)
      .fill(`docker run --init --name e2e-run-attached ${BUSYBOX_IMAGE} sh -c 'echo hello from e2e; exec sleep 300'`);
    await page.keyboard.press('Enter');
    const notice = 'Without -d the docker CLI would show the container’s output in your terminal; Berth starts it in the background and opens its logs.';
    await expect.poll(() => dialog().getByTestId('paste-attached').textContent()).toBe(notice);
    // Said again next to the Run button, where it stays once the paste box is closed.
    expect(await dialog().getByTestId('run-attached').textContent()).toBe(notice);
    await dialog().getByTestId('run-submit').click();
    await page.getByTestId('container-logs').waitFor();
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/containers\/[0-9a-f]{64}\/logs$/);
    await expect.poll(() => page.getByTestId('log-view').locator('.log-line__text').allTextContents()).toContain('hello from e2e');
    expect((await inspect('e2e-run-attached')).State.Running).toBe(true);

    made.containers.add('e2e-run-attached-it');
    await openRunDialog();
    await dialog().getByRole('button', { name: 'Paste a docker run command…' }).click();
    await dialog().getByLabel(/Paste a docker run command/).fill(`docker run -it --init --name e2e-run-attached-it ${BUSYBOX_IMAGE} sh`);
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog().getByTestId('run-attached').textContent()).toMatch(/^Without -d the docker CLI would connect your terminal to the container; .* opens its Terminal tab\.$/);
    await dialog().getByTestId('run-submit').click();
    await expect.poll(() => page.locator('#tab-terminal').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => location.hash)).toMatch(/\/terminal$/);
    const it = await inspect('e2e-run-attached-it');
    expect([it.Config.OpenStdin, it.Config.Tty, it.State.Running]).toEqual([true, true, true]);
  });

  it('recreates a container with a changed variable, keeps its volume’s data, and asks first', async () => {
    made.volumes.add('e2e-recreate-data');
    const id = await createContainer('e2e-recreate', { Env: ['VERSION=1'], HostConfig: { Binds: ['e2e-recreate-data:/data'] } });
    expect((await engine.docker(['exec', id, 'sh', '-c', 'echo kept > /data/f'])).code).toBe(0);
    await page.goto(`${berth.origin}/#/containers/${id}`);
    await page.getByRole('button', { name: 'More actions for e2e-recreate' }).click();
    await page.getByRole('menuitem', { name: 'Recreate e2e-recreate with changes' }).click();
    await dialog().waitFor();
    expect(await dialog().getByTestId('recreate-notice').textContent()).toMatch(/“e2e-recreate-data” is kept.*writable layer\) is lost/);
    await dialog().getByLabel('Value of variable 1').fill('2');
    await dialog().getByTestId('run-submit').click();
    const confirm = page.getByRole('dialog', { name: 'Recreate e2e-recreate?' });
    await expect.poll(() => confirm.textContent()).toMatch(/writable layer/);
    await confirm.getByRole('button', { name: 'Recreate' }).click();
    // While it is recreated the old container is set aside under another name: wait for the new one.
    await expect.poll(async () => (await inspect('e2e-recreate'))?.Id ?? id, { timeout: 20_000 }).not.toBe(id);
    // The new container has the name as soon as it is created; the dialog closes once the old one has stopped.
    await expect.poll(() => dialog().count(), { timeout: 20_000 }).toBe(0);
    const now = await inspect('e2e-recreate');
    made.containers.add(now.Id);
    expect(now.Config.Env).toContain('VERSION=2');
    expect((await engine.docker(['exec', now.Id, 'cat', '/data/f'])).stdout).toBe('kept\n');
    await expect.poll(() => page.getByTestId('container-details').getAttribute('data-container-id')).toBe(now.Id);
  });
});

describe('a container’s details page in a real browser', () => {
  let id: string;
  beforeAll(async () => {
    id = await createContainer('e2e-details', { Env: ['APP_MODE=demo', 'DB_PASSWORD=hunter2'], Cmd: ['sh', '-c', 'mkdir -p /srv && echo "small file" > /srv/note.txt && exec sleep 600'] });
  });

  it('is linked from the name in the list and opens on the Overview', async () => {
    await page.goto(`${berth.origin}/#/containers`);
    await page.locator(`[data-container-id="${id}"] [data-testid="container-link"]`).click();
    await page.getByTestId('overview-tab').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/containers/${id}`);
    const env = page.getByTestId('ov-env');
    await expect.poll(() => env.textContent()).toContain('APP_MODE');
    expect(await env.textContent()).not.toContain('hunter2');
  });

  it('shows the container’s environment in Inspect, secrets masked until asked', async () => {
    await page.goto(`${berth.origin}/#/containers/${id}/inspect`);
    await page.getByTestId('inspect-tab').waitFor();
    await page.getByRole('searchbox', { name: 'Search the configuration' }).fill('APP_MODE');
    const tree = page.getByRole('list', { name: 'Configuration' });
    await expect.poll(() => tree.textContent()).toContain('"APP_MODE=demo"');
    await page.getByRole('searchbox', { name: 'Search the configuration' }).fill('DB_PASSWORD');
    await expect.poll(() => tree.textContent()).toContain('"DB_PASSWORD=••••••••"');
    await page.getByLabel('Show secrets').check();
    await expect.poll(() => tree.textContent()).toContain('"DB_PASSWORD=hunter2"');
    await page.getByLabel('Show secrets').uncheck();
  });

  it('downloads a small file from the Files tab, byte for byte', async () => {
    await page.goto(`${berth.origin}/#/containers/${id}/files`);
    await page.getByRole('button', { name: 'Open folder srv' }).click();
    const row = page.locator('[data-testid="file-row"][data-name="note.txt"]');
    await row.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download note.txt' }).click()]);
    expect(download.suggestedFilename()).toBe('note.txt');
    expect(fs.readFileSync((await download.path())!, 'utf8')).toBe('small file\n');
  });

  it('uploads a file into the folder shown', async () => {
    // Away from the Files tab and back, so it opens at / again: the Overview must be drawn in between, or
    // the two address changes reach React together and the Files tab, never left, still shows /srv.
    await page.goto(`${berth.origin}/#/containers/${id}/overview`);
    await page.getByTestId('overview-tab').waitFor();
    await page.goto(`${berth.origin}/#/containers/${id}/files`);
    await page.getByRole('button', { name: 'Open folder srv' }).click();
    await page.locator('[data-testid="file-row"][data-name="note.txt"]').waitFor();
    await page.getByTestId('upload-input').setInputFiles({ name: 'uploaded.txt', mimeType: 'text/plain', buffer: Buffer.from('from the browser\n') });
    await page.locator('[data-testid="file-row"][data-name="uploaded.txt"]').waitFor();
    expect((await engine.docker(['exec', id, 'cat', '/srv/uploaded.txt'])).stdout).toBe('from the browser\n');
  });

  it('shows live numbers in Stats for a running container, and in the list’s usage column', async () => {
    await page.goto(`${berth.origin}/#/containers/${id}/stats`);
    const cpu = page.getByTestId('stat-cpu');
    await cpu.waitFor({ timeout: 15_000 });
    expect(await cpu.textContent()).toMatch(/CPU\d+(\.\d)?%/);
    expect(await page.getByTestId('stat-memory').textContent()).toMatch(/Memory\d+(\.\d+)? (B|KiB|MiB)/);
    expect(await page.getByTestId('stat-pids').textContent()).toMatch(/Processes[1-9]/);
    await page.goto(`${berth.origin}/#/containers`);
    await expect.poll(() => page.locator(`[data-container-id="${id}"] [data-testid="row-cpu"]`).textContent(), { timeout: 15_000 }).toMatch(/^\d+(\.\d)?%$/);
  });

  it('lists the processes running in the container', async () => {
    await page.goto(`${berth.origin}/#/containers/${id}/processes`);
    await expect.poll(() => page.getByTestId('processes-tab').textContent(), { timeout: 10_000 }).toContain('sleep 600');
  });
});
