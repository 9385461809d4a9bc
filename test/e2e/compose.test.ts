/**
 * Compose projects end to end: Debian's docker-compose 1.29.2 (the Compose Berth finds here), the private
 * engine, browser mode in Chromium. The CLI is the oracle: what Berth makes from a file must equal what
 * `docker-compose up` makes from the same file, and the engine says what a down really removed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const COMPOSE = '/usr/bin/docker-compose';
const engine = testEngine();
let berth: BerthServer;
let browser: Browser;
let page: Page;
let root: string;

const SHOP = `services:
  web:
    build: ./web
    init: true
    ports:
      - "8080"
    depends_on: [db]
    networks: [front, back]
  db:
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "3600"]
    init: true
    volumes:
      - data:/data
    networks: [back]
  worker:
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "3600"]
    init: true
    environment:
      ROLE: worker
    depends_on: [db]
    networks: [back]
volumes:
  data:
networks:
  front:
  back:
`;

/** Runs the Compose CLI in a folder against the private engine, as a user in a terminal would. */
function cli(dir: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DOCKER_') && !k.startsWith('COMPOSE_')));
    const child = spawn(COMPOSE, args, { cwd: dir, env: { ...env, DOCKER_HOST: engine.dockerHost } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function writeProject(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

interface Listed {
  Id: string;
  Names: string[];
  State: string;
  Labels: Record<string, string>;
}

async function containersOf(project: string): Promise<Listed[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`] }));
  return (await engine.request('GET', `/containers/json?all=1&filters=${filters}`)).json as Listed[];
}

async function networksOf(project: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`] }));
  return ((await engine.request('GET', `/networks?filters=${filters}`)).json as { Name: string }[]).map((n) => n.Name).sort();
}

async function volumeExists(name: string): Promise<boolean> {
  return (await engine.request('GET', `/volumes/${name}`)).status === 200;
}

/**
 * What Compose made, without what the engine generates on each creation (ids, times, addresses, the
 * hostname that is the id, published host ports chosen at random, paths under the data root).
 */
async function madeBy(project: string) {
  const containers = await Promise.all(
    (await containersOf(project)).map(async (c) => {
      const i = (await engine.request('GET', `/containers/${c.Id}/json`)).json;
      const networks = Object.fromEntries(
        Object.entries(i.NetworkSettings.Networks as Record<string, { Aliases: string[] | null }>).map(([n, v]) => [n, (v.Aliases ?? []).filter((a) => !c.Id.startsWith(a)).sort()]),
      );
      return {
        name: i.Name,
        image: i.Config.Image,
        cmd: i.Config.Cmd,
        env: [...i.Config.Env].sort(),
        labels: i.Config.Labels,
        exposed: i.Config.ExposedPorts,
        ports: Object.fromEntries(Object.entries((i.HostConfig.PortBindings ?? {}) as Record<string, unknown[]>).map(([p, b]) => [p, b.length])),
        init: i.HostConfig.Init,
        restart: i.HostConfig.RestartPolicy,
        networkMode: i.HostConfig.NetworkMode,
        mounts: (i.Mounts as { Type: string; Name?: string; Destination: string }[]).map((m) => `${m.Type}:${m.Name}:${m.Destination}`).sort(),
        networks,
        state: i.State.Status,
      };
    }),
  );
  const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`] }));
  const networks = await Promise.all(
    ((await engine.request('GET', `/networks?filters=${filters}`)).json as { Name: string; Driver: string; Labels: Record<string, string>; Internal: boolean }[]).map((n) => ({
      name: n.Name,
      driver: n.Driver,
      labels: n.Labels,
      internal: n.Internal,
    })),
  );
  const volumes = ((await engine.request('GET', `/volumes?filters=${filters}`)).json.Volumes as { Name: string; Labels: Record<string, string> }[]).map((v) => ({ name: v.Name, labels: v.Labels }));
  const byName = <T extends { name: string }>(xs: T[]) => xs.sort((a, b) => a.name.localeCompare(b.name));
  return { containers: byName(containers), networks: byName(networks), volumes: byName(volumes) };
}

/** Compose v1 is a Python program: each run takes a second or more to start on a busy machine. */
const SLOW = { timeout: 30_000 };

/** Tasks never open their panel by themselves: the user opens it from the sidebar's Tasks button. */
async function openTasks(): Promise<void> {
  const button = page.getByTestId('tasks-button');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}
const taskState = async (kind: string) => {
  await openTasks();
  return page.locator(`[data-testid="task"][data-task-kind="${kind}"]`).first().getAttribute('data-task-state');
};

async function go(hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
}

/** Waits for the newest task of a kind (first in the panel) to end well, then closes the panel. */
async function finished(kind: string, timeout = 60_000): Promise<void> {
  await expect.poll(() => taskState(kind), { timeout }).toMatch(/done|failed|cancelled/);
  const state = await taskState(kind);
  if (state !== 'done') {
    const text = await page.locator(`[data-testid="task"][data-task-kind="${kind}"]`).first().textContent();
    throw new Error(`${kind} ended ${state}: ${text}`);
  }
  await page.getByRole('button', { name: 'Close tasks' }).click();
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-compose-e2e-'));
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  for (const project of ['shop', 'term', 'failing']) {
    const dir = root && path.join(root, project);
    if (dir && fs.existsSync(dir)) await cli(dir, ['down', '-v', '--remove-orphans']);
  }
  await engine.request('DELETE', '/images/shop_web?force=1');
  // The classic builder keeps the container of a failed step; other files share this engine.
  const left = (await engine.request('GET', '/containers/json?all=1')).json as { Id: string; Command: string }[];
  await Promise.all(left.filter((c) => c.Command.includes('exit 3')).map((c) => engine.request('DELETE', `/containers/${c.Id}?force=1`)));
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('Compose projects in a real browser', () => {
  it('says which Compose it runs, with its version and the order of preference', async () => {
    await go('#/compose');
    await expect.poll(() => page.getByTestId('compose-chosen').textContent(), SLOW).toBe(COMPOSE);
    const tool = await page.getByTestId('compose-tool').textContent();
    expect(tool).toContain('1.29.2');
    expect(tool).toContain('Order of preference');
  });

  let berthMade: Awaited<ReturnType<typeof madeBy>>;

  it('opens a folder and brings a three-service project up (build, named volume, networks, depends_on)', async () => {
    const dir = writeProject('shop', { 'compose.yaml': SHOP, 'web/Dockerfile': `FROM ${BUSYBOX_IMAGE}\nRUN echo hello > /greeting\nCMD ["httpd", "-f", "-p", "8080"]\n` });
    await page.getByRole('button', { name: 'Open a project' }).click();
    const dialog = page.getByTestId('open-project-dialog');
    await dialog.getByLabel('Compose file or folder').fill(dir);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { name: 'shop' }).waitFor();
    await expect.poll(() => page.locator('[data-testid="compose-service"]').count(), SLOW).toBe(3);

    await page.getByRole('button', { name: 'Up…' }).click();
    await page.getByTestId('compose-up-dialog').getByRole('button', { name: 'Up', exact: true }).click();
    await finished('compose-up', 90_000);

    const made = await containersOf('shop');
    expect(made.map((c) => c.Labels['com.docker.compose.service']).sort()).toEqual(['db', 'web', 'worker']);
    expect(made.every((c) => c.State === 'running')).toBe(true);
    expect(await networksOf('shop')).toEqual(['shop_back', 'shop_front']);
    expect(await volumeExists('shop_data')).toBe(true);
    // The page shows each container running, and the web port as a link.
    await expect.poll(() => page.locator('[data-testid="compose-container"]').count()).toBe(3);
    // (Docker 20.10 may publish a random port twice, once per address family, on two host ports.)
    await expect.poll(() => page.locator('[data-service="web"] a.port--link').count()).toBeGreaterThan(0);
    berthMade = await madeBy('shop');
  });

  it('previews exactly what down removes, and keeps the volume when volumes are not ticked', async () => {
    const containersBefore = (await containersOf('shop')).map((c) => c.Names[0]!.slice(1)).sort();
    await page.getByRole('button', { name: 'Down…' }).click();
    const preview = page.getByTestId('compose-down-preview');
    await preview.waitFor(SLOW);
    expect((await preview.getByTestId('down-containers').locator('li').allTextContents()).sort()).toEqual(containersBefore);
    expect(await preview.getByTestId('down-networks').locator('li').allTextContents()).toEqual(['shop_back', 'shop_front']);
    expect(await preview.getByTestId('down-volumes-list').count()).toBe(0);
    // Ticked, the volume is listed; unticked again, it is not, and it survives.
    await page.getByTestId('down-volumes').check();
    await expect.poll(() => preview.getByTestId('down-volumes-list').locator('li').allTextContents(), SLOW).toEqual(['shop_data']);
    await page.getByTestId('down-volumes').uncheck();
    await expect.poll(() => preview.getByTestId('down-volumes-list').count(), SLOW).toBe(0);
    await page.getByRole('button', { name: 'Down', exact: true }).click();
    await finished('compose-down');

    expect(await containersOf('shop')).toEqual([]);
    expect(await networksOf('shop')).toEqual([]);
    expect(await volumeExists('shop_data')).toBe(true);
  });

  it('makes the same containers, networks and labels as docker-compose up from the same file', async () => {
    const up = await cli(path.join(root, 'shop'), ['up', '-d']);
    expect(up.code, up.output).toBe(0);
    const cliMade = await madeBy('shop');
    expect(cliMade).toEqual(berthMade);
  });

  it('scales a service from 1 to 3 and back to 1', async () => {
    const workers = async () => (await containersOf('shop')).filter((c) => c.Labels['com.docker.compose.service'] === 'worker' && c.State === 'running').length;
    await page.getByLabel('Containers of worker').fill('3');
    await page.getByRole('button', { name: 'Scale worker' }).click();
    await finished('compose-scale');
    expect(await workers()).toBe(3);
    await expect.poll(() => page.locator('[data-service="worker"] [data-testid="compose-container"]').count()).toBe(3);
    await page.getByLabel('Containers of worker').fill('1');
    await page.getByRole('button', { name: 'Scale worker' }).click();
    await finished('compose-scale');
    expect(await workers()).toBe(1);
  });

  it('opens a project started in a terminal from its labels, and stops it from there', async () => {
    const dir = writeProject('term', { 'docker-compose.yml': `services:\n  app:\n    image: ${BUSYBOX_IMAGE}\n    command: ["sleep", "3600"]\n    init: true\n` });
    const up = await cli(dir, ['up', '-d']);
    expect(up.code, up.output).toBe(0);
    await go('#/compose');
    const row = page.locator('[data-testid="compose-project-row"][data-project="term"]');
    await expect.poll(() => row.textContent(), SLOW).toContain(path.join(dir, 'docker-compose.yml'));
    await row.getByRole('link', { name: 'term' }).click();
    await page.getByRole('heading', { name: 'term' }).waitFor();
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await expect.poll(() => page.getByTestId('compose-source').textContent(), SLOW).toContain('sleep');
    await page.getByRole('button', { name: 'Stop all' }).click();
    await finished('compose-stop');
    const [app] = await containersOf('term');
    expect(app?.State).toBe('exited');
  });

  it('shows a failing build with its failing step on top', async () => {
    const dir = writeProject('failing', { 'compose.yaml': 'services:\n  app:\n    build: ./app\n', 'app/Dockerfile': `FROM ${BUSYBOX_IMAGE}\nRUN echo one\nRUN exit 3\n` });
    await go('#/compose');
    await page.getByRole('button', { name: 'Open a project' }).click();
    const dialog = page.getByTestId('open-project-dialog');
    await dialog.getByLabel('Compose file or folder').fill(dir);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="compose-service"]').count(), SLOW).toBe(1);
    await page.getByRole('button', { name: 'Up…' }).click();
    await page.getByTestId('compose-up-dialog').getByRole('button', { name: 'Up', exact: true }).click();
    await expect.poll(() => taskState('compose-up'), SLOW).toBe('failed');
    const failure = page.getByTestId('compose-failure').first();
    expect(await failure.locator('.build-failure__title').textContent()).toBe('Step 3/3 failed: RUN exit 3');
    expect(await failure.textContent()).toContain("returned a non-zero code: 3");
    await page.getByRole('button', { name: 'Close tasks' }).click();
    expect(await containersOf('failing')).toEqual([]);
  });

  it('shows the line of an invalid file and creates nothing', async () => {
    const dir = writeProject('broken', { 'compose.yaml': `services:\n  app:\n    image: ${BUSYBOX_IMAGE}\n    ports:\n      - "80:80"\n   oops: true\n` });
    await go('#/compose');
    await page.getByRole('button', { name: 'Open a project' }).click();
    const dialog = page.getByTestId('open-project-dialog');
    await dialog.getByLabel('Compose file or folder').fill(dir);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('open-project-problem').textContent(), SLOW).toMatch(/line 6/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await containersOf('broken')).toEqual([]);
    expect(await networksOf('broken')).toEqual([]);
  });
});
