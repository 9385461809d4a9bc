/**
 * Browser mode: serves the built UI over HTTP and the contract over a WebSocket, to a browser that holds
 * the per-start access token. Plain Node, no Electron: this is also how `npm start` falls back when the
 * desktop app cannot launch, and how the UI is tested end to end.
 *
 * The token arrives once in the URL (?token=...), is exchanged for an HttpOnly SameSite=Strict cookie and
 * removed from the address bar. Every request and the WebSocket need it; the WebSocket also checks Origin,
 * so another site open in the same browser cannot drive the engine.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Backend } from '../../engine/backend';
import { SessionHost } from '../../engine/rpc/session-host';
import type { ServerMessage } from '../../engine/contract/protocol';

const COOKIE = 'berth_token';
/** Above this many queued bytes, a stream waits for the browser to catch up. */
const HIGH_WATER_MARK = 1 << 20;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface BrowserServerOptions {
  backend: Backend;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
}

export interface BrowserServer {
  /** The full URL to open, with the token. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export function createToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

function tokensMatch(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function unauthorizedPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Berth: access token needed</title>
<style>body{font:16px system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;color:#1f2937}code{background:#f3f4f6;padding:.1em .3em;border-radius:4px}</style></head>
<body><h1>This Berth needs its access token</h1>
<p>Berth's browser mode only answers the address it printed when it started, which carries a token
(<code>http://…/?token=…</code>). The token changes every time Berth starts.</p>
<p>Open the full address from the terminal where you ran <code>npm start</code> or <code>npm run serve</code>;
if you no longer have it, stop Berth and start it again to get a new one.</p></body></html>`;
}

const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? createToken();
  const host = options.host ?? '127.0.0.1';
  const rendererDir = path.resolve(options.rendererDir);
  const indexFile = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    throw new Error(`The UI has not been built (${indexFile} is missing): run “npm run build” first.`);
  }

  const authorised = (req: http.IncomingMessage, url: URL) =>
    tokensMatch(readCookie(req.headers.cookie, COOKIE), token) || tokensMatch(url.searchParams.get('token') ?? undefined, token);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://berth.invalid');
    if (!authorised(req, url)) {
      res.writeHead(401, { ...securityHeaders, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(unauthorizedPage());
      return;
    }
    if (url.searchParams.has('token')) {
      // Trade the token in the address bar for a cookie, so it does not linger in history or screenshots.
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...securityHeaders,
        'Set-Cookie': `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    // Volume backups and files, streamed to the browser's downloads (engine/rpc/downloads.ts).
    if (options.backend.downloads.serve(req, res, url.pathname)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, securityHeaders).end();
      return;
    }
    serveFile(rendererDir, indexFile, url.pathname, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 << 20 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://berth.invalid');
    const origin = req.headers.origin;
    const sameOrigin = origin !== undefined && req.headers.host !== undefined && origin === `http://${req.headers.host}`;
    if (url.pathname !== '/rpc' || !sameOrigin || !authorised(req, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, options.backend));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveConnection(ws: WebSocket, backend: Backend): void {
  const send = (message: ServerMessage): void | Promise<void> => {
    if (ws.readyState !== ws.OPEN) return;
    const text = JSON.stringify(message);
    if (ws.bufferedAmount < HIGH_WATER_MARK) {
      ws.send(text);
      return;
    }
    return new Promise<void>((resolve) => ws.send(text, () => resolve()));
  };
  const host = new SessionHost(backend.handlers, send, backend.newScope());
  ws.on('message', (data) => {
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    host.receive(message);
  });
  ws.on('close', () => host.dispose());
  ws.on('error', () => host.dispose());
}

function serveFile(root: string, indexFile: string, pathname: string, res: http.ServerResponse): void {
  let file = path.join(root, path.normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, ''));
  if (!file.startsWith(root + path.sep) && file !== root) {
    res.writeHead(404, securityHeaders).end();
    return;
  }
  // Routes of the single-page app (no file extension) all get index.html.
  if (!path.extname(file) || !fs.existsSync(file)) {
    if (path.extname(file) && !fs.existsSync(file)) {
      res.writeHead(404, securityHeaders).end();
      return;
    }
    file = indexFile;
  }
  const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    ...securityHeaders,
    'Content-Type': type,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  fs.createReadStream(file).pipe(res);
}
