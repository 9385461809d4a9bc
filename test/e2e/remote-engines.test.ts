// Engines on other machines from the Engines page, in a real browser: an engine behind an sshd of the
// test's own is added (its unknown host key shown and trusted), used, watched in one tab while another tab
// stays on the local engine, and removed. Outcomes are checked with the docker CLI and the Engine API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContext } from '../../engine/remote/contexts';
import { fingerprint } from '../../engine/remote/known-hosts';
import { testEngine } from '../harness/context';
import { startPrivateEngine } from '../harness/engine';
import type { PrivateEngine } from '../harness/engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from '../harness/image';
import { run } from '../harness/proc';
import { startTestSshd } from '../harness/sshd';
import type { TestSshd } from '../harness/sshd';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const local = testEngine();
let far: PrivateEngine;
let sshd: TestSshd;
let berth: BerthServer;
let browser: Browser;
let page: Page;
let dockerConfig: string;

beforeAll(async () => {
  [far, sshd] = await Promise.all([startPrivateEngine({ name: 'e2e-far', bridge: false }), startTestSshd()]);
  sshd.setDockerHost(`unix://${far.socketPath}`);
  await sshd.grantSocket(far.socketPath);
  await buildBusyboxImage(far);
  const made = await far.request('POST', '/containers/create?name=far-only', { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'] });
  expect(made.status, made.text).toBe(201);
  await local.request('POST', '/containers/create?name=local-only', { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'] });
  dockerConfig = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-'));
  berth = await startBerth(local.dockerHost, { HOME: sshd.clientHome, DOCKER_CONFIG: dockerConfig, SSH_AUTH_SOCK: '' });
  browser = await launchBrowser();
  // One context, as one browser profile: its tabs share the token the first one kept.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  await local.request('DELETE', '/containers/local-only?force=1');
  await Promise.all([sshd?.stop(), far?.stop()]);
  if (dockerConfig) fs.rmSync(dockerConfig, { recursive: true, force: true });
});

/** Waits until a container's row is on the page (a screenshot is kept in /tmp when it never is). */
async function shows(p: Page, name: string): Promise<void> {
  try {
    await p.getByRole('link', { name, exact: true }).waitFor({ timeout: 20_000 });
  } catch (e) {
    await p.screenshot({ path: path.join(os.tmpdir(), `berth-e2e-remote-${name}.png`) }).catch(() => undefined);
    throw e;
  }
}

describe('engines on other machines, from the Engines page', () => {
  it('adds an SSH engine after the user trusts its host key, and switches the window to it', async () => {
    await page.goto(`${berth.origin}/#/engines`);
    await page.getByRole('button', { name: 'Add engine…' }).click();
    const dialog = page.getByTestId('add-engine-dialog');
    await dialog.getByLabel('Address').fill(sshd.address);
    await dialog.getByLabel('Name').fill('far');
    await dialog.getByRole('button', { name: 'Add engine' }).click();

    const trust = page.getByTestId('trust-host-dialog');
    const [, b64] = sshd.hostKeyLine.split(' ');
    await expect.poll(() => trust.getByTestId('host-fingerprint').textContent(), { timeout: 20_000 }).toBe(fingerprint(Buffer.from(b64 ?? '', 'base64')));
    // Nothing is saved before the user says yes.
    expect(readContext('far', { DOCKER_CONFIG: dockerConfig })).toBeUndefined();
    await trust.getByRole('button', { name: 'Trust and add' }).click();
    await trust.waitFor({ state: 'detached', timeout: 20_000 });

    // The docker CLI sees the same engine under the same name.
    const inspect = await run('sh', ['-c', `DOCKER_CONFIG='${dockerConfig}' docker context inspect far --format '{{.Endpoints.docker.Host}}'`]);
    expect(inspect.stdout.trim()).toBe(sshd.address);
    // The window is on it now, and its address says so.
    await expect.poll(() => page.url(), { timeout: 20_000 }).toContain('engine=context%3Afar');
    await expect.poll(() => page.getByTestId('engine-status').getAttribute('aria-label'), { timeout: 20_000 }).toMatch(/Running .*far/);
    const overview = page.locator('[data-engine-id="context:far"]');
    await expect.poll(() => overview.getByTestId('engine-facts').textContent(), { timeout: 20_000 }).toMatch(/of 1 containers running/);
  });

  it('keeps one tab on the SSH engine while another tab shows the local one', async () => {
    await page.goto(`${berth.origin}/#/containers?engine=context%3Afar`);
    await shows(page, 'far-only');
    const other = await page.context().newPage();
    try {
      await other.goto(`${berth.origin}/#/containers?engine=docker-host`);
      await shows(other, 'local-only');
      expect(await other.getByRole('link', { name: 'far-only', exact: true }).count()).toBe(0);
      // A change on the far engine reaches the tab on it, not the other.
      await far.request('POST', '/containers/create?name=far-later', { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'] });
      await shows(page, 'far-later');
      expect(await other.getByRole('link', { name: 'far-later', exact: true }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'local-only', exact: true }).count()).toBe(0);

      // The sidebar's switcher moves a window to another engine without a reload.
      await other.getByTestId('engine-switcher').selectOption('context:far');
      await shows(other, 'far-only');
      expect(other.url()).toContain('engine=context%3Afar');
    } finally {
      await other.close();
      await far.request('DELETE', '/containers/far-later?force=1');
    }
  });

  it('removes the engine it added after asking, and leaves the engine itself alone', async () => {
    await page.goto(`${berth.origin}/#/engines?engine=docker-host`);
    const item = page.locator('[data-engine-id="context:far"]');
    await item.getByRole('button', { name: 'Remove…' }).click();
    await page.getByRole('dialog').getByText('are not touched').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => readContext('far', { DOCKER_CONFIG: dockerConfig }), { timeout: 20_000 }).toBeUndefined();
    await item.waitFor({ state: 'detached', timeout: 20_000 });
    expect((await far.request('GET', '/containers/far-only/json')).status).toBe(200);
  });
});
