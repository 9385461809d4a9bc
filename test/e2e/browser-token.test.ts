import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testEngine } from '../harness/context';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const engine = testEngine();
let berth: BerthServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let token: string;

/** Another local server, as any developer runs beside Berth: it records everything the browser sends it. */
let other: http.Server;
let otherOrigin: string;
const received: string[] = [];

beforeAll(async () => {
  berth = await startBerth(engine.dockerHost);
  token = new URL(berth.url).searchParams.get('token')!;
  other = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}\n${req.rawHeaders.join('\n')}`);
    res.writeHead(200, { 'Content-Type': 'text/html', 'Access-Control-Allow-Origin': berth.origin, 'Access-Control-Allow-Credentials': 'true' });
    res.end('<!doctype html><title>another local server</title><img src="/pixel.png">');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  await new Promise((r) => other?.close(r));
});

describe('browser mode’s token stays with Berth', () => {
  it('takes the token out of the address bar and keeps working after a reload, with no cookie', async () => {
    expect(page.url()).not.toContain(token);
    await page.reload();
    await page.getByRole('heading', { name: 'Containers' }).waitFor();
    expect((await context.cookies()).map((c) => c.name)).toEqual([]);
  });

  it('never sends the token to another server on 127.0.0.1, however the browser reaches it', async () => {
    // From Berth's own page: a credentialed cross-port fetch (same site, so SameSite cookies would go too).
    await page.evaluate(async (url) => {
      await fetch(`${url}/from-berth`, { credentials: 'include' }).catch(() => undefined);
    }, otherOrigin);
    // Another tab of the same browser, and Berth's own tab, opening it.
    const tab = await context.newPage();
    await tab.goto(`${otherOrigin}/visited`);
    await page.goto(`${otherOrigin}/same-tab`);
    await expect.poll(() => received.length).toBeGreaterThanOrEqual(4);
    expect(received.some((r) => r.startsWith('GET /visited'))).toBe(true);
    for (const request of received) expect(request).not.toContain(token);
    await tab.close();
  });

  it('shows a page holding a token this Berth no longer takes how to get the right address', async () => {
    await page.goto(`${berth.origin}/#/containers`);
    await page.getByRole('heading', { name: 'Containers' }).waitFor();
    await page.evaluate(() => localStorage.setItem('berth.access-token', 'from-an-earlier-start'));
    await page.reload();
    await page.getByRole('heading', { name: 'This Berth needs its access token' }).waitFor();
    // Opening the printed address again lets it in.
    await page.goto(berth.url);
    await page.getByRole('heading', { name: 'Containers' }).waitFor();
  });
});
