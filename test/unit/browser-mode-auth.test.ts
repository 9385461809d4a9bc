import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Backend } from '../../engine/backend';
import { startBrowserServer } from '../../electron/browser-mode/server';
import type { BrowserServer } from '../../electron/browser-mode/server';

let server: BrowserServer;
let base: string;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-auth-'));
  const ui = path.join(dir, 'ui');
  fs.mkdirSync(path.join(ui, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Berth</title>');
  fs.writeFileSync(path.join(ui, 'assets', 'app.js'), 'console.log(1)');
  // Not started: these tests are about who may talk to the backend, not about an engine.
  const backend = new Backend({ paths: { data: path.join(dir, 'data'), runtime: path.join(dir, 'run') }, mode: 'browser', version: 'test' });
  server = await startBrowserServer({ backend, rendererDir: ui, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

function openSocket(headers: Record<string, string>): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

describe('browser mode access', () => {
  it('prints a URL on loopback that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a request without the token with a page that says how to get the right URL', async () => {
    for (const url of [`${base}/`, `${base}/assets/app.js`, `${base}/?token=wrong`]) {
      const res = await fetch(url);
      expect(res.status).toBe(401);
      expect(await res.text()).toMatch(/Open the full address from the terminal where you ran/);
    }
  });

  it('trades the token in the URL for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const res = await fetch(server.url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${base}/containers`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await page.text()).toContain('<title>Berth</title>');
  });

  it('opens the WebSocket only with the token and from the page’s own origin', async () => {
    const cookie = `berth_token=${server.token}`;
    const origin = `http://127.0.0.1:${server.port}`;
    expect(await openSocket({ cookie, origin })).toEqual({ opened: true });
    expect(await openSocket({ origin })).toMatchObject({ opened: false, status: 401 });
    expect(await openSocket({ cookie, origin: 'http://evil.example' })).toMatchObject({ opened: false, status: 401 });
    expect(await openSocket({ cookie })).toMatchObject({ opened: false, status: 401 });
  });

  it('does not serve files outside the UI folder', async () => {
    const res = await fetch(`${base}/..%2f..%2fetc%2fpasswd.txt`, { headers: { cookie: `berth_token=${server.token}` } });
    expect(res.status).toBe(404);
  });
});
