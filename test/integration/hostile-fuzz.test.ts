/**
 * Property-based tests (fast-check) of browser mode against hostile input: arbitrary bytes as HTTP
 * requests, arbitrary WebSocket messages, and arbitrary values for every method and stream of the
 * contract, sent to a real backend on a private engine of its own behind a path-logging proxy. The server
 * must stay up and answer every message, and the engine must never be asked for a path that leaves the
 * object it names. Bounded run counts keep it to seconds; a failure prints the seed to replay it.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { z } from 'zod';
import { Backend } from '../../engine/backend';
import { webSocketProtocols } from '../../engine/contract/browser-access';
import { methods, streams } from '../../engine/contract/contract';
import type { ServerMessage } from '../../engine/contract/protocol';
import { enginePathProblem } from '../../engine/docker/object-paths';
import { startBrowserServer } from '../../electron/browser-mode/server';
import type { BrowserServer } from '../../electron/browser-mode/server';
import { startPrivateEngine } from '../harness/engine';
import type { PrivateEngine } from '../harness/engine';
import { pathLogProxy } from '../harness/path-log-proxy';
import type { PathLogProxy } from '../harness/path-log-proxy';

/**
 * What would act outside the engine under test: start a VM or a managed dockerd, switch engines, reach
 * registries, or run programs on this machine (Compose: looking for it, choosing which one, opening
 * files, running it; each run of it takes a second or more).
 */
const OUTSIDE_THE_ENGINE = new Set([
  'compose.tool',
  'compose.choose',
  'compose.open',
  'compose.run',
  'engine.select',
  'managed.start',
  'managed.stop',
  'managed.restart',
  'vm.start',
  'vm.stop',
  'vm.restart',
  'vm.updateSettings',
  'vm.factoryReset',
  'vm.doctor',
  'registries.signIn',
  'images.pull',
  'images.push',
]);

const VICTIM = { volume: 'fz-victimvol', network: 'fz-victimnet' };
const TRAVERSALS = [
  `x/../../volumes/${VICTIM.volume}`,
  `x%2F..%2F..%2Fvolumes%2F${VICTIM.volume}`,
  `../networks/${VICTIM.network}`,
  `${VICTIM.network}/..`,
  '..',
  '.',
  `x\\..\\${VICTIM.volume}`,
  `${VICTIM.volume}?force=1`,
];

let engine: PrivateEngine;
let proxy: PathLogProxy;
let backend: Backend;
let server: BrowserServer;
let dir: string;
let origin: string;

beforeAll(async () => {
  engine = await startPrivateEngine({ name: 'fuzz', bridge: false });
  proxy = await pathLogProxy(engine.socketPath, { unix: path.join(engine.dir, 'proxy.sock') });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-fuzz-'));
  const ui = path.join(dir, 'ui');
  fs.mkdirSync(ui);
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Berth</title>');
  const before = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = proxy.dockerHost;
  backend = new Backend({ paths: { data: path.join(dir, 'data'), runtime: path.join(dir, 'run') }, mode: 'browser', version: 'test' });
  await backend.start();
  if (before === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = before;
  for (let i = 0; backend.status().state !== 'running'; i++) {
    if (i > 300) throw new Error('the engine did not connect');
    await new Promise((r) => setTimeout(r, 50));
  }
  server = await startBrowserServer({ backend, rendererDir: ui, port: 0 });
  origin = `http://127.0.0.1:${server.port}`;
  expect((await engine.request('POST', '/volumes/create', { Name: VICTIM.volume })).status).toBe(201);
  expect((await engine.request('POST', '/networks/create', { Name: VICTIM.network })).status).toBe(201);
});

afterAll(async () => {
  await server?.close();
  await backend?.dispose();
  await proxy?.close();
  await engine?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function stillServing(): Promise<void> {
  const res = await fetch(`${origin}/session`, { headers: { Authorization: `Bearer ${server.token}` } });
  expect(res.status).toBe(204);
}

/** Sends raw bytes and resolves once the server has answered something or closed; never hangs the test. */
function sendRaw(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.end(Buffer.from(bytes)));
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.once('data', done).once('close', done).once('error', done);
    socket.setTimeout(2000, done);
  });
}

async function openRpc(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, webSocketProtocols(server.token), { headers: { origin } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

function nextMessage(ws: WebSocket, timeoutMs = 10_000): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    ws.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(String(data)) as ServerMessage);
    });
  });
}

/** One socket that hands each answer to whoever waits for its id (or for a refusal without one). */
function answers(ws: WebSocket) {
  const waiting = new Map<number | null, ((m: ServerMessage) => void)[]>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerMessage;
    const list = waiting.get(m.id);
    const next = list?.shift();
    if (list && !list.length) waiting.delete(m.id);
    next?.(m);
  });
  return (id: number | null, timeoutMs = 10_000) =>
    new Promise<ServerMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer for ${id} within ${timeoutMs} ms`)), timeoutMs);
      const list = waiting.get(id) ?? [];
      list.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
      waiting.set(id, list);
    });
}

function engineAskedOnlyForItsObjects(from: number): void {
  for (const request of proxy.requests.slice(from)) {
    const target = request.split(' ')[1]!;
    expect(enginePathProblem(target), request).toBeUndefined();
    expect(decodeURIComponent(target), request).not.toMatch(/fz-victim/);
  }
}

/** The top-level keys a schema's objects may have, so the values generated land in real fields. */
function keysOf(schema: z.ZodType): string[] {
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; options?: z.ZodType[]; shape?: Record<string, z.ZodType> } }).def;
  if (def.shape) return Object.keys(def.shape);
  if (def.innerType) return keysOf(def.innerType);
  if (def.in) return keysOf(def.in);
  if (def.options) return [...new Set(def.options.flatMap(keysOf))];
  return [];
}

/** Plain names pass the contract and reach the engine; traversals must not get past it. */
const plainName = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,12}$/);
const traversal = fc.constantFrom(...TRAVERSALS);
const hostileValue = fc.oneof(
  { arbitrary: plainName, weight: 8 },
  { arbitrary: traversal, weight: 3 },
  { arbitrary: fc.array(fc.oneof(plainName, traversal), { minLength: 1, maxLength: 3 }), weight: 3 },
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.boolean(),
  fc.integer(),
  fc.anything({ maxDepth: 2 }),
);
const inputFor = (schema: z.ZodType) => {
  const keys = keysOf(schema);
  if (!keys.length) return fc.oneof(fc.anything({ maxDepth: 2 }), fc.constant({}));
  return fc.oneof(
    fc.anything({ maxDepth: 2 }),
    fc.dictionary(fc.constantFrom(...keys), hostileValue, { maxKeys: keys.length }),
    // Every field there, so the values decide: ids that are plain words reach the engine, traversals must not.
    { arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, hostileValue]))), weight: 3 },
  );
};

describe('hostile input, generated', () => {
  it('arbitrary bytes as HTTP requests never stop the server', async () => {
    const requestLike = fc
      .tuple(fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'OPTIONS', 'X'), fc.string({ unit: 'binary', maxLength: 60 }), fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 60 })), { maxLength: 4 }))
      .map(([m, target, headers]) => new TextEncoder().encode(`${m} ${target} HTTP/1.1\r\nHost: x\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), requestLike), async (bytes) => {
        await sendRaw(bytes);
      }),
      { numRuns: 300 },
    );
    await stillServing();
  });

  it('every WebSocket message, whatever it holds, is answered and the connection goes on', async () => {
    const ws = await openRpc();
    const from = proxy.requests.length;
    let nextId = 1_000_000;
    const message = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }).map((text) => ({ text, id: null as number | null })),
      fc.anything({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v) ?? 'null', id: null as number | null })),
      fc
        .record({ t: fc.constantFrom('call', 'open', 'write', 'close', 'x'), method: fc.oneof(fc.constantFrom(...Object.keys(methods).filter((n) => !OUTSIDE_THE_ENGINE.has(n))), fc.string()), stream: fc.string(), input: fc.anything({ maxDepth: 2 }), data: fc.anything({ maxDepth: 2 }) })
        .map((m) => {
          const id = nextId++;
          return { text: JSON.stringify({ ...m, id }), id };
        }),
    );
    await fc.assert(
      fc.asyncProperty(message, async ({ text, id }) => {
        // Sent one at a time, so the next message from the server is this one's answer: on the message's
        // id when it has one the protocol can use, or a refusal.
        const reply = nextMessage(ws);
        ws.send(text);
        const m = await reply;
        if (id !== null && m.id !== null) expect(m.id).toBe(id);
        else expect(m).toMatchObject({ t: 'refused', error: { code: expect.any(String), message: expect.any(String) } });
      }),
      { numRuns: 500 },
    );
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    engineAskedOnlyForItsObjects(from);
    await stillServing();
  });

  it('arbitrary values for every method and stream of the contract are answered and reach no other object', async () => {
    const ws = await openRpc();
    const answer = answers(ws);
    const from = proxy.requests.length;
    let nextId = 1;
    const entries: [kind: 'call' | 'open', name: string, schema: z.ZodType][] = [
      ...Object.entries(methods).map(([name, spec]) => ['call', name, spec.input] as ['call', string, z.ZodType]),
      ...Object.entries(streams).map(([name, spec]) => ['open', name, spec.input] as ['open', string, z.ZodType]),
    ].filter(([, name]) => !OUTSIDE_THE_ENGINE.has(name));
    expect(entries.length).toBeGreaterThan(50);
    for (const [kind, name, schema] of entries) {
      await fc.assert(
        fc.asyncProperty(inputFor(schema), async (input) => {
          const id = nextId++;
          const reply = answer(id);
          if (kind === 'call') {
            ws.send(JSON.stringify({ t: 'call', id, method: name, input }));
            expect((await reply).t).toBe('result');
          } else {
            // Open and close at once: the stream's `end` answers both, whatever the input.
            ws.send(JSON.stringify({ t: 'open', id, stream: name, input }));
            ws.send(JSON.stringify({ t: 'close', id }));
            let m = await reply;
            while (m.t === 'data') m = await answer(id);
            expect(m.t).toBe('end');
          }
        }),
        { numRuns: 12 },
      );
    }
    ws.close();
    // Not vacuous: many of the inputs were good enough to reach the engine.
    const named = proxy.requests.slice(from).filter((r) => /^\S+ \/v[\d.]+\/(containers|volumes|networks|images|exec)\/(?!json|create|prune)[^/?]+/.test(r)).length;
    console.log(`[fuzz] the engine was asked ${proxy.requests.length - from} requests, ${named} of them about one object`);
    expect(named).toBeGreaterThan(10);
    engineAskedOnlyForItsObjects(from);
    expect((await engine.request('GET', `/volumes/${VICTIM.volume}`)).status).toBe(200);
    expect((await engine.request('GET', `/networks/${VICTIM.network}`)).status).toBe(200);
    await stillServing();
  });
});
