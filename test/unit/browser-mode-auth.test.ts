import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Backend } from '../../engine/backend';
import { webSocketProtocols } from '../../engine/contract/browser-access';
import { MAX_MESSAGE_BYTES } from '../../engine/contract/protocol';
import type { ServerMessage } from '../../engine/contract/protocol';
import { startBrowserServer } from '../../electron/browser-mode/server';
import type { BrowserServer } from '../../electron/browser-mode/server';

let server: BrowserServer;
let base: string;
let origin: string;

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
  origin = base;
});
afterAll(() => server.close());

function openSocket(options: { protocols?: string[]; origin?: string; path?: string }): Promise<{ opened: boolean; status?: number; protocol?: string; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = options.origin ? { origin: options.origin } : {};
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${options.path ?? '/rpc'}`, options.protocols ?? [], { headers });
    ws.on('open', () => resolve({ opened: true, protocol: ws.protocol, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

/** Sends raw bytes as a request and resolves with the status line (or '' when the connection just closed). */
function rawRequest(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(bytes));
    let data = '';
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.setTimeout(3000, () => socket.destroy());
  });
}

async function stillServing(): Promise<void> {
  const res = await fetch(`${base}/session`, { headers: { Authorization: `Bearer ${server.token}` } });
  expect(res.status).toBe(204);
}

describe('browser mode access', () => {
  it('prints a URL on loopback that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the page to anyone, without setting a cookie and without letting it be cached', async () => {
    for (const url of [`${base}/`, server.url, `${base}/?token=wrong`, `${base}/containers`]) {
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(await res.text()).toContain('<title>Berth</title>');
    }
  });

  it('tells the page whether the token it holds is the current one', async () => {
    expect((await fetch(`${base}/session`, { headers: { Authorization: `Bearer ${server.token}` } })).status).toBe(204);
    expect((await fetch(`${base}/session`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/session`)).status).toBe(401);
    // A cookie is no way in any more.
    expect((await fetch(`${base}/session`, { headers: { cookie: `berth_token=${server.token}` } })).status).toBe(401);
  });

  it('opens the WebSocket only with the token offered as a subprotocol, and from the page’s own origin', async () => {
    const protocols = webSocketProtocols(server.token);
    const good = await openSocket({ protocols, origin });
    expect(good).toMatchObject({ opened: true, protocol: 'berth' });
    good.ws!.close();
    expect(await openSocket({ protocols: ['berth'], origin })).toMatchObject({ opened: false, status: 401 });
    expect(await openSocket({ protocols: webSocketProtocols('wrong'), origin })).toMatchObject({ opened: false, status: 401 });
    expect(await openSocket({ protocols, origin: 'http://evil.example' })).toMatchObject({ opened: false, status: 401 });
    expect(await openSocket({ protocols })).toMatchObject({ opened: false, status: 401 });
    expect(await openSocket({ protocols, origin, path: '/other' })).toMatchObject({ opened: false, status: 401 });
  });

  it('does not serve files outside the UI folder', async () => {
    const res = await fetch(`${base}/..%2f..%2fetc%2fpasswd.txt`);
    expect(res.status).toBe(404);
  });
});

describe('hostile requests never end the process', () => {
  it('answers a cookie, a target and a path that do not decode with an error, and goes on serving', async () => {
    expect(await rawRequest(`GET / HTTP/1.1\r\nHost: x\r\nCookie: berth_token=%E0%A4%A\r\nConnection: close\r\n\r\n`)).toBe('HTTP/1.1 200 OK');
    expect(await rawRequest(`GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).toBe('HTTP/1.1 400 Bad Request');
    expect(await rawRequest(`GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).toBe('HTTP/1.1 404 Not Found');
    expect(await rawRequest(`GET /%00.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).toBe('HTTP/1.1 404 Not Found');
    expect(await rawRequest(`GET //[ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`)).toBe('HTTP/1.1 401 Unauthorized');
    expect(await rawRequest('\x00\xff\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
    await stillServing();
  });

  it('closes a connection that sends a message over the limit with 1009, and serves the next', async () => {
    const { ws } = await openSocket({ protocols: webSocketProtocols(server.token), origin });
    const closed = new Promise<number>((resolve) => ws!.on('close', (code) => resolve(code)));
    ws!.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);

    // A message just under the limit is read and answered.
    const next = await openSocket({ protocols: webSocketProtocols(server.token), origin });
    const answer = new Promise<ServerMessage>((resolve) => next.ws!.once('message', (d) => resolve(JSON.parse(String(d)) as ServerMessage)));
    const call = JSON.stringify({ t: 'call', id: 1, method: 'containers.act', input: { ids: ['web'], action: 'start', pad: '' } });
    next.ws!.send(call.replace('"pad":""', `"pad":"${'y'.repeat(MAX_MESSAGE_BYTES - call.length - 10)}"`));
    expect(await answer).toMatchObject({ t: 'result', id: 1, ok: false, error: { code: 'invalid-input' } });
    next.ws!.close();
    await stillServing();
  });
});
