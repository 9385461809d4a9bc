// Each page's stylesheet loads with the page's own code (the renderer is split by page). A page that uses a
// class whose rules live in another page's stylesheet looks right only after that other page was visited:
// the Compose page's table lost its table layout and spacing when opened first. This file opens every page
// fresh, as the first page of a new window, and again after visiting all the others, and compares the
// computed style of every element the two have in common.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BUSYBOX_IMAGE, removeContainersNamed, testEngine } from '../harness/context';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const engine = testEngine();
let berth: BerthServer;
let browser: Browser;

// The properties stylesheets set on Berth's pages; layout results (widths, heights) are left out, since
// they follow the data as much as the rules.
const PROPERTIES = [
  'display',
  'position',
  'table-layout',
  'border-collapse',
  'border-spacing',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'margin-top',
  'margin-bottom',
  'border-top-width',
  'border-bottom-width',
  'border-top-left-radius',
  'gap',
  'font-size',
  'font-weight',
  'font-family',
  'color',
  'background-color',
  'text-align',
  'white-space',
  'overflow-x',
] as const;

/** Every element of the page's content, keyed by its path of tags and classes, with its computed style. */
async function styleMap(page: Page): Promise<Map<string, string>> {
  const entries = await page.evaluate((props) => {
    const root = document.querySelector('main') ?? document.body;
    const out: [string, string][] = [];
    const walk = (el: Element, path: string) => {
      const counts = new Map<string, number>();
      for (const child of Array.from(el.children)) {
        const own = `${child.tagName.toLowerCase()}${child.getAttribute('class') ? `.${child.getAttribute('class')!.trim().split(/\s+/).sort().join('.')}` : ''}`;
        const n = counts.get(own) ?? 0;
        counts.set(own, n + 1);
        const key = `${path} > ${own}:${n}`;
        const style = getComputedStyle(child);
        out.push([key, props.map((p) => `${p}=${style.getPropertyValue(p)}`).join('; ')]);
        walk(child, key);
      }
    };
    walk(root, 'main');
    return out;
  }, PROPERTIES as unknown as string[]);
  return new Map(entries);
}

async function open(page: Page, route: string): Promise<void> {
  await page.evaluate((r) => (location.hash = r), route);
  await page.locator('main h1').first().waitFor();
  // Lists and facts arrive after the page's frame; the rows they add are part of the comparison.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(400);
}

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
    // After every page has loaded its stylesheet once.
    const warm = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await warm.goto(berth.url);
    for (const route of routes) await open(warm, route);
    const differences: string[] = [];
    for (const route of routes) {
      const fresh = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await fresh.goto(`${berth.url}${route}`);
      await open(fresh, route);
      const first = await styleMap(fresh);
      await fresh.close();
      await open(warm, route);
      const after = await styleMap(warm);
      const shared = [...first.keys()].filter((k) => after.has(k));
      // The comparison must have something to compare: each page has its header and content.
      expect(shared.length, route).toBeGreaterThan(5);
      const diffs = new Map<string, string>();
      for (const key of shared) {
        if (first.get(key) === after.get(key)) continue;
        const a = first.get(key)!.split('; ');
        const b = after.get(key)!.split('; ');
        const changed = a.flatMap((p, i) => (p === b[i] ? [] : [`${p} (after the others: ${b[i]!.split('=')[1]})`])).join(', ');
        diffs.set(key, changed);
        // An inherited property (colour, font size) differs on every descendant too: said once, where it starts.
        if (diffs.get(key.slice(0, key.lastIndexOf(' > '))) === changed) continue;
        differences.push(`${route}: ${key.split(' > ').slice(-2).join(' > ')}: ${changed}`);
      }
    }
    expect(differences.slice(0, 30)).toEqual([]);
  }, 240_000);
});
