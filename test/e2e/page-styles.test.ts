// Each page's stylesheet loads with the page's own code (the renderer is split by page). A page that uses a
// class whose rules live in another page's stylesheet looks right only after that other page was visited:
// the Compose page's table lost its table layout and spacing when opened first. This file opens every page
// fresh, as the first page of a new window, and again after visiting all the others, and compares the
// computed style of every element the two have in common.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { BUSYBOX_IMAGE, removeContainersNamed, testEngine } from '../harness/context';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';
import { styleDifferences } from './page-styles';

const engine = testEngine();
let berth: BerthServer;
let browser: Browser;

let routes: string[];

beforeAll(async () => {
  await removeContainersNamed(engine, /^styles-/);
  const made = await engine.docker(['run', '-d', '--name', 'styles-web', '-p', '127.0.0.1::80', '-v', 'styles-data:/data', '--label', 'com.docker.compose.project=styles', '--label', 'com.docker.compose.service=web', BUSYBOX_IMAGE, 'sleep', '600']);
  expect(made.code, made.stderr).toBe(0);
  const id = made.stdout.trim();
  const network = await engine.docker(['network', 'create', 'styles-net']);
  expect(network.code, network.stderr).toBe(0);
  const image = (await engine.request('GET', `/images/${encodeURIComponent(BUSYBOX_IMAGE)}/json`)).json.Id as string;
  routes = [
    '#/containers',
    `#/containers/${id}`,
    `#/containers/${id}/logs`,
    `#/containers/${id}/inspect`,
    `#/containers/${id}/processes`,
    `#/containers/${id}/files`,
    `#/containers/${id}/stats`,
    '#/compose',
    '#/compose/styles',
    '#/images',
    '#/images/build',
    `#/images/${encodeURIComponent(image)}`,
    '#/volumes',
    '#/volumes/styles-data',
    '#/networks',
    '#/networks/styles-net',
    '#/terminals',
    '#/disk',
    '#/registries',
    '#/engines',
    '#/vm',
    '#/preferences',
    '#/swarm',
  ];
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  await removeContainersNamed(engine, /^styles-/);
  await engine.request('DELETE', '/volumes/styles-data');
  await engine.request('DELETE', '/networks/styles-net');
});

describe('page stylesheets', () => {
  it('gives every page the same look whether it is opened first or after all the others', async () => {
    const { differences, compared } = await styleDifferences(browser, berth.url, routes);
    // The comparison must have something to compare: each page has its header and content.
    for (const route of routes) expect(compared.get(route), route).toBeGreaterThan(5);
    expect(differences.slice(0, 30)).toEqual([]);
  }, 240_000);
});
