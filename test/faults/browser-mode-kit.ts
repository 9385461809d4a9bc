/**
 * Browser mode as a real child process (dist/serve.cjs, built by `npm run build`), and a WebSocket client
 * that speaks the contract's wire protocol to it as a window does, streams included.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { webSocketProtocols } from '../../engine/contract/browser-access';
import type { ServerMessage, WireError } from '../../engine/contract/protocol';

export interface Proc {
  rssBytes: number;
  openFiles: number;
  /** Inodes of the unix and TCP sockets the process holds. */
  socketInodes: Set<string>;
}

/** What the kernel says about a process: resident memory, open files, and its sockets. */
export function procFacts(pid: number): Proc {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const fds = fs.readdirSync(`/proc/${pid}/fd`);
  const socketInodes = new Set<string>();
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) socketInodes.add(m[1]!);
    } catch {
      // closed while we looked
    }
  }
  return { rssBytes: rssKb * 1024, openFiles: fds.length, socketInodes };
}

/** The token of the printed URL, which a page offers as its WebSocket subprotocol (no cookie carries it). */
export function sessionToken(url: string): string {
  const token = new URL(url).searchParams.get('token');
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

export interface WireStream {
  events: unknown[];
  ended: Promise<WireError | undefined>;
  /** Resolves with the first event that matches. */
  waitFor(match: (e: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
}

export interface WireClient {
  ws: WebSocket;
  call(method: string, input: unknown): Promise<unknown>;
  open(stream: string, input: unknown): WireStream;
  close(): void;
}

export async function wireClient(origin: string, token: string): Promise<WireClient> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/rpc`, webSocketProtocols(token), { headers: { origin } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.on('error', () => undefined);
  let next = 1;
  const handlers = new Map<number, (m: ServerMessage) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as ServerMessage;
    if (m.id !== null) handlers.get(m.id)?.(m);
  });
  return {
    ws,
    call: (method, input) =>
      new Promise((resolve, reject) => {
        const id = next++;
        handlers.set(id, (m) => {
          handlers.delete(id);
          if (m.t === 'result' && m.ok) resolve(m.value);
          else reject(new Error(m.t === 'result' && !m.ok ? m.error.message : 'unexpected message'));
        });
        ws.send(JSON.stringify({ t: 'call', id, method, input }));
      }),
    open(stream, input) {
      const id = next++;
      const events: unknown[] = [];
      const waiters = new Set<() => void>();
      let finish: (e: WireError | undefined) => void = () => undefined;
      const ended = new Promise<WireError | undefined>((resolve) => (finish = resolve));
      handlers.set(id, (m) => {
        if (m.t === 'data') events.push(m.data);
        if (m.t === 'end') {
          handlers.delete(id);
          finish(m.error);
        }
        for (const w of waiters) w();
      });
      ws.send(JSON.stringify({ t: 'open', id, stream, input }));
      return {
        events,
        ended,
        waitFor: (match, timeoutMs = 30_000) =>
          new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no matching event on ${stream} within ${timeoutMs} ms`)), timeoutMs);
            const check = () => {
              const found = events.find(match);
              if (found === undefined) return;
              clearTimeout(timer);
              waiters.delete(check);
              resolve(found);
            };
            waiters.add(check);
            check();
            void ended.then((e) => {
              if (!waiters.has(check)) return;
              clearTimeout(timer);
              reject(new Error(`${stream} ended without a matching event${e ? `: ${e.message}` : ''}`));
            });
          }),
      };
    },
    close: () => ws.close(),
  };
}

export interface InspectedServer {
  url: string;
  origin: string;
  pid: number;
  /** The backend's live JavaScript heap after a full garbage collection (through its inspector). */
  heapAfterGc(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Browser mode started as `npm run serve` does, with Node's inspector on a random loopback port so a test
 * can collect garbage and read the heap: what is still referenced after a full collection is a leak, what
 * RSS keeps is only V8 not giving pages back yet.
 */
export async function startInspectedServer(dockerHost: string): Promise<InspectedServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-faults-serve-'));
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', path.join(process.env.BERTH_DIST ?? 'dist', 'serve.cjs'), '--port', '0', '--no-open'], {
    env: { ...process.env, DOCKER_HOST: dockerHost, BERTH_DATA_DIR: dataDir, BERTH_RUNTIME_DIR: path.join(dataDir, 'run') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const { url, inspectorUrl } = await new Promise<{ url: string; inspectorUrl: string }>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const page = /Berth is running in your browser at (http:\/\/\S+)/.exec(output)?.[1];
      const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
      if (page && inspector) resolve({ url: page, inspectorUrl: inspector });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`berth exited (${code}) before printing its URL:\n${output}`)));
  });
  const inspector = new WebSocket(inspectorUrl);
  await new Promise((resolve, reject) => inspector.once('open', resolve).once('error', reject));
  let next = 0;
  const send = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      const id = ++next;
      const onMessage = (data: WebSocket.RawData) => {
        const m = JSON.parse(data.toString()) as { id?: number; result?: Record<string, number> };
        if (m.id !== id) return;
        inspector.off('message', onMessage);
        resolve(m.result ?? {});
      };
      inspector.on('message', onMessage);
      inspector.send(JSON.stringify({ id, method }));
    });
  return {
    url,
    origin: new URL(url).origin,
    pid: child.pid!,
    async heapAfterGc() {
      await send('HeapProfiler.collectGarbage');
      return (await send('Runtime.getHeapUsage')).usedSize!;
    },
    async stop() {
      inspector.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
