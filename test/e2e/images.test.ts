import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { startRegistry } from '../harness/registry';
import type { TestRegistry } from '../harness/registry';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const engine = testEngine();
const USER = 'e2e';
const PASSWORD = 'e2e-secret-password';
let berth: BerthServer;
let browser: Browser;
let page: Page;
let registry: TestRegistry;
let scratch: string;
const made: string[] = [];

const exists = async (ref: string) => (await engine.request('GET', `/images/${ref}/json`)).status === 200;
const row = (tag: string) => page.locator(`[data-testid="image-row"][data-tag="${tag}"]`);
const task = (kind: string) => page.locator(`[data-testid="task"][data-task-kind="${kind}"]`).first();
/** Tasks never open their panel by themselves: the user opens it from the sidebar's Tasks button. */
async function openTasks(): Promise<void> {
  const button = page.getByTestId('tasks-button');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}
const taskState = async (kind: string) => {
  await openTasks();
  return task(kind).getAttribute('data-task-state');
};

async function cli(args: string[]): Promise<string> {
  const r = await engine.docker(args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
}

function context(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function goToImages(): Promise<void> {
  await page.evaluate(() => (location.hash = '#/images'));
  await page.getByRole('heading', { name: 'Images', exact: true }).waitFor();
}

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-images-'));
  // Berth reads the docker CLI's logins; the tester's own must not leak in.
  process.env.DOCKER_CONFIG = path.join(scratch, 'docker-cli');
  registry = await startRegistry({ htpasswd: { user: USER, password: PASSWORD } });
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await page.goto(berth.url);
  await goToImages();
});

afterAll(async () => {
  for (const ref of made) await engine.request('DELETE', `/images/${ref}?force=1`);
  await browser?.close();
  await berth?.stop();
  await registry?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('images in a real browser', () => {
  it('builds from a folder: a failing step is named on top, then a fixed build tags the image', async () => {
    const dir = context('app', { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo one > /one\nRUN exit 7\n`, 'data.txt': 'data' });
    await page.evaluate(() => (location.hash = '#/images/build'));
    // A folder that is not there: said once, on the page, and nothing waits for the engine.
    await page.getByLabel('Folder path on the Berth host').fill(`${dir}-nope`);
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await page.locator('[data-testid="build-run"][data-state="failed"]').waitFor({ timeout: 30_000 });
    const said = await page.evaluate(() => document.body.innerText.split('There is no folder').length - 1);
    expect(said).toBe(1);
    expect(await page.getByTestId('build-output').count()).toBe(0);
    expect(await page.getByTestId('toast').count()).toBe(0);

    await page.getByLabel('Folder path on the Berth host').fill(dir);
    await page.getByLabel('Tags', { exact: true }).fill('berth-e2e/app:1');
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    const failure = page.getByTestId('build-failure');
    await failure.waitFor({ timeout: 30_000 });
    expect(await failure.textContent()).toMatch(/Step 3 of 3 failed.*RUN exit 7.*returned a non-zero code: 7/s);
    // The failure box says it; neither the status line nor a toast says it again.
    expect(await page.evaluate(() => document.body.innerText.split('returned a non-zero code: 7').length - 1)).toBe(1);
    expect(await exists('berth-e2e/app:1')).toBe(false);

    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nARG NOTE=plain\nRUN echo "$NOTE" > /note\nCOPY data.txt /data.txt\n`);
    await page.getByRole('button', { name: 'Add a build argument' }).click();
    await page.getByLabel('Name of build argument 1').fill('NOTE');
    await page.getByLabel('Value of build argument 1').fill('from-the-form');
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    made.push('berth-e2e/app:1');
    await page.locator('[data-testid="build-run"][data-state="done"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('build-output').textContent()).toMatch(/Successfully tagged berth-e2e\/app:1/);
    expect(await cli(['run', '--rm', 'berth-e2e/app:1', 'cat', '/note'])).toBe('from-the-form');
  });

  it('shows an image’s layers and what it shares with the image it was built on', async () => {
    await goToImages();
    await row('berth-e2e/app:1').getByRole('link').click();
    await page.locator('[data-testid="layer"]').first().waitFor();
    const id = (await engine.request('GET', '/images/berth-e2e/app:1/json')).json.Id as string;
    const df = (await engine.request('GET', '/system/df')).json.Images.find((i: { Id: string }) => i.Id === id);
    const busybox = (await engine.request('GET', `/images/${BUSYBOX_IMAGE}/json`)).json;
    expect(df.SharedSize).toBe(busybox.Size);
    // The shared bytes shown are the engine's shared size (1.99 MB for the busybox base).
    expect(await page.getByTestId('shared-bytes').textContent()).toContain(`${(df.SharedSize / 1e6).toFixed(2)} MB`);
    expect(await page.locator('[data-testid="layer"][data-shared="true"]').count()).toBe(busybox.RootFS.Layers.length);
    expect(await page.locator('.layer-stack').textContent()).toContain('RUN echo "$NOTE" > /note');
  });

  it('signs in to a registry: a wrong password is refused in words and nothing is kept', async () => {
    await page.evaluate(() => (location.hash = '#/registries'));
    await page.getByRole('button', { name: 'Sign in…' }).click();
    const dialog = page.getByTestId('sign-in-dialog');
    await dialog.getByLabel('Registry').fill(registry.host);
    await dialog.getByLabel('User name').fill(USER);
    await dialog.getByLabel('Password or access token').fill('not-the-password');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.textContent()).toContain(`The registry ${registry.host} refused this user name and password.`);
    expect(await page.getByTestId('registry-login').count()).toBe(0);

    await dialog.getByLabel('Password or access token').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="registry-login"][data-registry="${registry.host}"]`).waitFor();
    expect(await page.getByTestId('login-store').textContent()).toMatch(/last for this session only/);
  });

  it('tags and pushes an image with progress, and pulls it back after it was removed', async () => {
    const name = `${registry.host}/e2e/app:1`;
    await goToImages();
    await page.getByRole('button', { name: 'More actions for berth-e2e/app:1' }).click();
    await page.getByRole('menuitem', { name: 'Tag berth-e2e/app:1' }).click();
    await page.getByTestId('tag-dialog').getByLabel('New name').fill(name);
    await page.keyboard.press('Enter');
    made.push(name);
    await row(name).waitFor();

    await page.getByRole('button', { name: `Push ${name}` }).click();
    expect(await page.getByTestId('push-login').textContent()).toContain(`Signed in to ${registry.host} as ${USER}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => taskState('push'), { timeout: 30_000 }).toBe('done');
    // A push shows its details in the task panel: one line per layer.
    expect(await task('push').locator('[data-testid="layer-transfer"]').count()).toBeGreaterThan(0);
    const digest = (await engine.request('GET', `/images/${name}/json`)).json.RepoDigests[0] as string;

    // Gone entirely (both names), so the pull has layers to bring back.
    await cli(['rmi', name, 'berth-e2e/app:1']);
    expect(await exists(name)).toBe(false);
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    await page.getByTestId('pull-dialog').getByLabel('Image').fill(name);
    await page.keyboard.press('Enter');
    await expect.poll(() => taskState('pull'), { timeout: 30_000 }).toBe('done');
    expect(await task('pull').locator('[data-testid="layer-transfer"]').count()).toBeGreaterThan(0);
    expect((await engine.request('GET', `/images/${name}/json`)).json.RepoDigests).toContain(digest);
    await row(name).waitFor();
    // The tests below use the image by its first name alone.
    await cli(['tag', name, 'berth-e2e/app:1']);
    await cli(['rmi', name]);
  });

  it('opens the Run dialog with the image filled in', async () => {
    await goToImages();
    await row(BUSYBOX_IMAGE).getByRole('button', { name: `Run ${BUSYBOX_IMAGE}` }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByLabel('Image', { exact: true }).inputValue()).toBe(BUSYBOX_IMAGE);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('says in words why a pull fails', async () => {
    const failedBefore = Number(/(\d+) failed/.exec((await page.getByTestId('tasks-button').getAttribute('aria-label')) ?? '')?.[1] ?? 0);
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    await page.getByTestId('pull-dialog').getByLabel('Image').fill(`${registry.host}/e2e/missing:1`);
    await page.keyboard.press('Enter');
    // The task stays out of the way: the panel does not open over the page; the Tasks button counts the failure.
    await expect.poll(() => page.getByTestId('tasks-button').getAttribute('aria-label')).toBe(`Tasks: ${failedBefore + 1} failed`);
    expect(await page.getByTestId('task-panel').count()).toBe(0);
    await expect.poll(() => taskState('pull')).toBe('failed');
    expect(await task('pull').getByTestId('task-message').textContent()).toBe(`The registry has no image “${registry.host}/e2e/missing:1”: check the name and the tag.`);
  });

  it('saves an image as a download and loads it back from a file', async () => {
    await goToImages();
    await page.getByRole('button', { name: 'More actions for berth-e2e/app:1' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Save berth-e2e/app:1 to a file' }).click();
    const file = path.join(scratch, 'app.tar');
    await (await download).saveAs(file);
    expect(fs.statSync(file).size).toBeGreaterThan(1_000_000);

    const id = (await engine.request('GET', '/images/berth-e2e/app:1/json')).json.Id as string;
    await cli(['rmi', 'berth-e2e/app:1']);
    await page.getByTestId('load-file').setInputFiles(file);
    await expect.poll(() => taskState('load'), { timeout: 30_000 }).toBe('done');
    expect((await engine.request('GET', '/images/berth-e2e/app:1/json')).json.Id).toBe(id);
  });

  it('lists an image’s other names whole, never breaking one in two', async () => {
    const names = ['berth-e2e/named:1', 'localhost:5055/berth-e2e/a-rather-long-repository-name:1', 'localhost:5055/berth-e2e/another-long-name:2'];
    for (const n of names) await cli(['tag', BUSYBOX_IMAGE, n]);
    made.push(...names);
    const id = (await engine.request('GET', `/images/${names[0]}/json`)).json.Id as string;
    await page.setViewportSize({ width: 900, height: 800 });
    await page.evaluate((i) => (location.hash = `#/images/${encodeURIComponent(i)}`), id);
    const shown = page.getByTestId('image-other-names').locator('.image-names__name');
    await expect.poll(() => shown.count()).toBeGreaterThanOrEqual(2);
    // One line box per name: a name the browser broke in two would have two.
    for (const lines of await shown.evaluateAll((els) => els.map((e) => e.getClientRects().length))) expect(lines).toBe(1);
    expect(await shown.allTextContents()).toEqual(expect.arrayContaining(names.slice(1)));
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('asks before removing an image a container uses, and forces only after a second confirmation', async () => {
    await cli(['tag', BUSYBOX_IMAGE, 'berth-e2e/in-use:1']);
    made.push('berth-e2e/in-use:1');
    const container = await cli(['create', '--name', 'e2e-image-user', 'berth-e2e/in-use:1', 'true']);
    try {
      await goToImages();
      // A second name keeps the image: removing one of two names is not blocked.
      await cli(['tag', 'berth-e2e/in-use:1', 'berth-e2e/in-use:2']);
      made.push('berth-e2e/in-use:2');
      await row('berth-e2e/in-use:2').getByRole('button', { name: 'Remove berth-e2e/in-use:2' }).click();
      expect(await page.getByRole('dialog').textContent()).toMatch(/only loses this name/);
      await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
      await expect.poll(() => exists('berth-e2e/in-use:2')).toBe(false);

      const appId = (await engine.request('GET', '/images/berth-e2e/app:1/json')).json.Id as string;
      const own = await cli(['create', '--name', 'e2e-app-user', 'berth-e2e/app:1', 'true']);
      try {
        await expect.poll(() => row('berth-e2e/app:1').locator('.col-used').textContent()).toBe('1 container');
        await row('berth-e2e/app:1').getByRole('button', { name: 'Remove berth-e2e/app:1' }).click();
        expect(await page.getByRole('dialog').textContent()).toMatch(/Used by 1 container: e2e-app-user \(created\)/);
        await page.getByRole('dialog').getByRole('button', { name: 'Continue…' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Force remove' }).waitFor();
        await page.keyboard.press('Escape');
        expect(await exists(appId)).toBe(true);

        await row('berth-e2e/app:1').getByRole('button', { name: 'Remove berth-e2e/app:1' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Continue…' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Force remove' }).click();
        await expect.poll(() => exists('berth-e2e/app:1')).toBe(false);
      } finally {
        await engine.request('DELETE', `/containers/${own}?force=1`);
      }
    } finally {
      await engine.request('DELETE', `/containers/${container}?force=1`);
    }
  });

  it('prunes dangling images after listing exactly which go', async () => {
    const dir = context('dangling', { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN head -c 50000 /dev/urandom > /x\n` });
    await cli(['build', '-q', '-t', 'berth-e2e/dangling:1', dir]);
    const first = (await engine.request('GET', '/images/berth-e2e/dangling:1/json')).json.Id as string;
    await cli(['build', '-q', '--no-cache', '-t', 'berth-e2e/dangling:1', dir]);
    made.push('berth-e2e/dangling:1');
    await goToImages();
    await page.getByRole('button', { name: 'Prune unused images' }).click();
    const dialog = page.getByTestId('prune-dialog');
    await dialog.getByTestId('prune-summary').waitFor();
    expect(await dialog.getByRole('list', { name: 'Images to remove' }).textContent()).toContain(first.replace('sha256:', '').slice(0, 12));
    await dialog.getByRole('button', { name: /^Remove \d+ images?$/ }).click();
    await expect.poll(() => taskState('prune'), { timeout: 20_000 }).toBe('done');
    expect(await exists(first)).toBe(false);
    expect(await exists('berth-e2e/dangling:1')).toBe(true);
  });
});
