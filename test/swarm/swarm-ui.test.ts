/**
 * The Swarm pages in a real browser, against browser mode pointed at the manager of a real three-node
 * swarm: the sidebar's Swarm group, a service's tasks on three nodes live on screen, a node drained from
 * the Nodes page, join tokens shown only when asked, a stack deployed from the Deploy dialog, a secret
 * created from the page. Outcomes are checked through the manager's Engine API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startBerth } from '../e2e/browser';
import type { BerthServer } from '../e2e/browser';
import { styleDifferences } from '../e2e/page-styles';
import { BUSYBOX_IMAGE } from '../harness/image';
import type { TestSwarm } from '../harness/swarm';
import { startSwarm } from '../harness/swarm';
import { until } from './swarm-fixtures';

let swarm: TestSwarm;
let berth: BerthServer;
let browser: Browser;
let page: Page;

const go = (hash: string) => page.evaluate((h) => (location.hash = h), hash);

beforeAll(async () => {
  swarm = await startSwarm();
  berth = await startBerth(swarm.manager.dockerHost);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  await swarm?.stop();
}, 120_000);

describe('the Swarm pages in a browser', () => {
  it('shows a 3-replica service with its tasks on the three nodes, and a state change reaches the screen', async () => {
    const nav = page.getByRole('navigation', { name: 'Swarm' });
    await nav.getByRole('link', { name: 'Services' }).waitFor();
    const created = await swarm.manager.request('POST', '/services/create', {
      Name: 'ui-web',
      TaskTemplate: { ContainerSpec: { Image: BUSYBOX_IMAGE, Args: ['sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait'] }, Placement: { Preferences: [{ Spread: { SpreadDescriptor: 'node.id' } }] } },
      Mode: { Replicated: { Replicas: 3 } },
    });
    expect(created.status, created.text).toBe(201);
    await nav.getByRole('link', { name: 'Services' }).click();
    const row = page.getByTestId('service-ui-web');
    await expect.poll(() => row.getByTestId('replicas').textContent(), { timeout: 30_000 }).toBe('3/3');
    await row.getByRole('link', { name: 'ui-web' }).click();
    const tasks = page.getByRole('table', { name: 'Tasks' });
    await expect.poll(async () => (await tasks.locator('tbody tr').allTextContents()).filter((t) => t.includes('running')).length, { timeout: 30_000 }).toBe(3);
    const shown = (await tasks.locator('tbody tr').allTextContents()).join(' ');
    for (const host of ['swarm-node-1', 'swarm-node-2', 'swarm-node-3']) expect(shown).toContain(host);

    // Scaling down from the page: the engine has two replicas wanted, and the screen follows.
    await page.getByRole('button', { name: 'Scale' }).click();
    await page.getByLabel('Replicas').fill('2');
    await page.getByRole('button', { name: 'Scale', exact: true }).last().click();
    await until(() => swarm.manager.request('GET', `/services/${created.json.ID}`), (r) => r.json.Spec.Mode.Replicated.Replicas === 2);
    await expect.poll(async () => (await tasks.locator('tbody tr').allTextContents()).filter((t) => /running\s*running/.test(t)).length, { timeout: 30_000 }).toBe(2);
  });

  it('drains a node from the Nodes page, and the engine moves its tasks', async () => {
    await go('#/nodes');
    const row = page.getByTestId('node-swarm-node-3');
    await row.getByRole('button', { name: 'Drain' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Drain' }).click();
    const nodes = await until(() => swarm.manager.request('GET', '/nodes'), (r) => r.json.some((n: { Description: { Hostname: string }; Spec: { Availability: string } }) => n.Description.Hostname === 'swarm-node-3' && n.Spec.Availability === 'drain'));
    const node3 = nodes.json.find((n: { Description: { Hostname: string } }) => n.Description.Hostname === 'swarm-node-3').ID as string;
    await expect.poll(() => row.locator('td').nth(2).textContent(), { timeout: 15_000 }).toBe('drain');
    const filters = encodeURIComponent(JSON.stringify({ node: [node3], 'desired-state': ['running'] }));
    await until(() => swarm.manager.request('GET', `/tasks?filters=${filters}`), (r) => r.json.length === 0, 30_000);
    await row.getByRole('button', { name: 'Activate' }).click();
    await until(() => swarm.manager.request('GET', `/nodes/${node3}`), (r) => r.json.Spec.Availability === 'active');
  });

  it('shows join tokens only when asked', async () => {
    await go('#/swarm');
    await page.getByRole('button', { name: 'Show join tokens' }).waitFor();
    expect(await page.getByTestId('join-worker').count()).toBe(0);
    await page.getByRole('button', { name: 'Show join tokens' }).click();
    const worker = (await swarm.manager.request('GET', '/swarm')).json.JoinTokens.Worker as string;
    await expect.poll(() => page.getByTestId('join-worker').textContent()).toContain(worker);
  });

  it('deploys a stack from the Deploy dialog, and creates a secret whose value the page never shows', async () => {
    await go('#/stacks');
    await page.getByRole('button', { name: 'Deploy' }).click();
    const dialog = page.getByTestId('deploy-stack-dialog');
    await dialog.getByLabel('Stack name').fill('uistack');
    await dialog.getByLabel('Compose file', { exact: true }).fill(`version: "3.8"\nservices:\n  app:\n    image: ${BUSYBOX_IMAGE}\n    command: ["sleep", "600"]\n    deploy:\n      replicas: 2\n`);
    await dialog.getByRole('button', { name: 'Deploy' }).click();
    await page.getByTestId('stack-uistack').waitFor({ timeout: 60_000 });
    const svc = await swarm.manager.request('GET', '/services/uistack_app');
    expect(svc.json.Spec.Labels['com.docker.stack.namespace']).toBe('uistack');
    expect(svc.json.Spec.Mode.Replicated.Replicas).toBe(2);

    await go('#/secrets');
    await page.getByRole('button', { name: 'Secret' }).click();
    await page.getByLabel('Name').fill('ui-secret');
    await page.getByLabel('Value', { exact: true }).fill('ui-value-9d2f');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByTestId('secret-ui-secret').waitFor();
    // The form the value was typed into closes once the secret is made; after that nothing holds the value.
    await page.getByRole('dialog', { name: 'Create a secret' }).waitFor({ state: 'detached' });
    const secrets = (await swarm.manager.request('GET', '/secrets')).json as { Spec: { Name: string } }[];
    expect(secrets.map((s) => s.Spec.Name)).toContain('ui-secret');
    expect(await page.content()).not.toContain('ui-value-9d2f');
  });

  it('gives each Swarm page the same look whether it is opened first or after the others', async () => {
    const service = (await swarm.manager.request('GET', '/services/ui-web')).json.ID as string;
    const routes = ['#/swarm', '#/services', `#/services/${service}`, '#/nodes', '#/stacks', '#/secrets'];
    const { differences, compared } = await styleDifferences(browser, berth.url, routes);
    for (const route of routes) expect(compared.get(route), route).toBeGreaterThan(5);
    expect(differences.slice(0, 30)).toEqual([]);
  }, 120_000);
});
