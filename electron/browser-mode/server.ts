/**
 * Browser mode: serves the built UI over HTTP and the contract over a WebSocket, to a browser that holds
 * the per-start access token. Plain Node, no Electron: this is also how `npm start` falls back when the
 * desktop app cannot launch, and how the UI is tested end to end.
 *
 * Who may drive the engine is decided at the WebSocket (and the download tickets it hands out), never by a
 * cookie: see ./access.ts for why the token stays out of cookies and how the page presents it. The UI's
 * files are the same for everyone and carry nothing secret, so they are served to any request.
 *
 * Hostile input: no request, whatever its bytes, ends the process. Every handler's failure becomes an error
 * response, and WebSocket messages are capped at MAX_MESSAGE_BYTES (engine/contract/protocol.ts).
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
import { MAX_MESSAGE_BYTES } from '../../engine/contract/protocol';
import type { ServerMessage } from '../../engine/contract/protocol';
import { RPC_PROTOCOL, SESSION_PATH } from '../../engine/contract/browser-access';
import { bearerToken, offeredToken, tokensMatch } from './access';
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

  const server = http.createServer((req, res) => {
    try {
      handleRequest(req, res);
    } catch (e) {
      // A bug or input nobody foresaw: this request fails, the server goes on.
      console.error('[berth] a request failed:', e);
      if (!res.headersSent) res.writeHead(500, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Berth could not answer this request.');
    }
  });
  const handleRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = parseTarget(req.url);
    if (!url) {
      res.writeHead(400, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' }).end('Berth cannot read this address.');
      return;
    }
    // The page asks whether the token it holds is still this server's (a restarted Berth has a new one).
    if (url.pathname === SESSION_PATH) {
      const ok = tokensMatch(bearerToken(req.headers.authorization), token);
      res.writeHead(ok ? 204 : 401, { ...securityHeaders, 'Cache-Control': 'no-store' }).end();
      return;
    }
    // Every download (logs, container files, image archives, volume backups and files), streamed to the
    // browser's downloads: the one-time ticket is the key (engine/rpc/downloads.ts), handed out over the
    // authenticated WebSocket.
    if (options.backend.downloads.serve(req, res, url.pathname)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, securityHeaders).end();
      return;
    }
    serveFile(rendererDir, indexFile, url.pathname, res);
  };

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // The page offers the protocol and its token (./access.ts); only the protocol's name is echoed back.
    handleProtocols: (protocols) => (protocols.has(RPC_PROTOCOL) ? RPC_PROTOCOL : false),
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    try {
      const url = parseTarget(req.url);
      const origin = req.headers.origin;
      const sameOrigin = origin !== undefined && req.headers.host !== undefined && origin === `http://${req.headers.host}`;
      if (url?.pathname !== '/rpc' || !sameOrigin || !tokensMatch(offeredToken(req.headers['sec-websocket-protocol']), token)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, options.backend));
    } catch (e) {
      console.error('[berth] a WebSocket upgrade failed:', e);
      socket.destroy();
    }
  });
  // Bytes that are not HTTP at all: answer 400 and close, as Node does by default, without a stack trace.
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
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
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(1003, 'Berth takes only JSON text messages.');
      return;
    }
    host.receiveText(String(data));
  });
  ws.on('close', () => host.dispose());
  ws.on('error', () => {
    host.dispose();
    // A message over MAX_MESSAGE_BYTES: ws has sent close code 1009 ("message too big") without buffering
    // it, but would go on reading (and dropping) whatever the client still sends until it answers the
    // close, up to 30 s. Cut the connection once the close frame is out instead.
    setTimeout(() => ws.terminate(), 200).unref();
  });
}

/** The request target as a URL, or undefined when it is not one (`//[`, say). */
function parseTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://berth.invalid');
  } catch {
    return undefined;
  }
}

function decodePath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

function serveFile(root: string, indexFile: string, pathname: string, res: http.ServerResponse): void {
  const decoded = decodePath(pathname);
  if (decoded === undefined || decoded.includes('\0')) {
    res.writeHead(404, securityHeaders).end();
    return;
  }
  let file = path.join(root, path.normalize(decoded).replace(/^([/\\])+/, ''));
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
    // The page is first opened at an address that carries the token: keep that out of the disk cache.
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  const read = fs.createReadStream(file);
  read.on('error', () => res.destroy());
  read.pipe(res);
}
