/**
 * The desktop backend as its own process: the very entry the desktop app starts in an Electron utility
 * process (dist/electron/backend.cjs), forked here as a plain Node child with the same port protocol
 * (electron/backend-process/node-ports.ts) and driven by the same supervisor the main process uses. Pages
 * are ports that speak the contract, as the renderer's preload does; the engine is the shared private one.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../engine/contract/protocol';
import type { ContainerSummary, EngineStatus } from '../../engine/contract/types';
import type { PagePort } from '../../electron/backend-process/messages';
import { forkNodeBackend } from '../../electron/backend-process/node-ports';
import { BackendSupervisor } from '../../electron/backend-process/supervisor';
import type { MainServices } from '../../electron/backend-process/supervisor';
import type { TrayFacts } from '../../electron/tray-model';
import { BUSYBOX_IMAGE, removeContainersNamed, testEngine } from '../harness/context';

const engine = testEngine();
const entry = path.resolve(process.env.BERTH_DIST ?? 'dist', 'electron/backend.cjs');
const NAME = /^bproc-/;
let dataDir: string;
let supervisor: BackendSupervisor<PagePort>;
let trayFacts: TrayFacts | undefined;
const crashes: { code: number; restartInMs: number | undefined }[] = [];
const dialogs: unknown[] = [];
/** Every backend process started, to check how each ended. */
const children: ReturnType<typeof forkNodeBackend>[] = [];
let nextPage = 1;

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A page's end of its port, speaking the contract as the renderer does. */
class Page {
  readonly id = nextPage++;
  readonly port: PagePort;
  readonly received: ServerMessage[] = [];
  closed = false;
  private nextId = 1;

  constructor() {
    const port = supervisor.connectPage(this.id);
    if (!port) throw new Error('the backend is not serving');
    this.port = port;
    port.on('message', (event) => this.received.push(event.data as ServerMessage));
    port.on('close', () => (this.closed = true));
    port.start();
  }

  async call<T>(method: string, input: unknown = {}): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
    const id = this.nextId++;
    this.port.postMessage({ t: 'call', id, method, input });
    const answer = await until(`the answer to ${method}`, () => this.received.find((m) => m.t === 'result' && m.id === id));
    return answer as never;
  }

  open(stream: string, input: unknown): { id: number; data: () => unknown[]; ended: () => ServerMessage | undefined } {
    const id = this.nextId++;
    this.port.postMessage({ t: 'open', id, stream, input });
    return {
      id,
      data: () => this.received.flatMap((m) => (m.t === 'data' && m.id === id ? [m.data] : [])),
      ended: () => this.received.find((m) => m.t === 'end' && m.id === id),
    };
  }
}

const services: MainServices = {
  chooseFile: async (request) => {
    dialogs.push(request);
    return request.kind === 'save' ? path.join(dataDir, request.suggestedName ?? 'file') : null;
  },
  // Stand-ins for the keychain, which only Electron's main process has; these tests sign in nowhere.
  encrypt: (text) => Buffer.from(text).reverse(),
  decrypt: (data) => Buffer.from(data).reverse().toString(),
};

function startSupervisor(): BackendSupervisor<PagePort> {
  const env = { ...process.env, DOCKER_HOST: engine.dockerHost, BERTH_DATA_DIR: dataDir, BERTH_RUNTIME_DIR: path.join(dataDir, 'run') };
  const s = new BackendSupervisor({ spawn: () => children[children.push(forkNodeBackend(entry, { env })) - 1]!, start: { version: 'test', keychain: { available: true } }, services });
  s.on('tray', (facts) => (trayFacts = facts));
  s.on('crash', (code, restartInMs) => crashes.push({ code, restartInMs }));
  return s;
}

const ready = (s: BackendSupervisor<PagePort>) => new Promise<boolean>((resolve) => s.once('ready', (_p, restarted) => resolve(restarted)));

async function createContainer(name: string, cmd: string[], start = false): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: cmd });
  expect(res.status, res.text).toBe(201);
  const id = res.json.Id as string;
  if (start) expect((await engine.request('POST', `/containers/${id}/start`)).status).toBe(204);
  return id;
}

beforeAll(async () => {
  if (!fs.existsSync(entry)) throw new Error(`No backend bundle at ${entry}: run “npm run build” (with the same BERTH_DIST) first.`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bproc-'));
  await removeContainersNamed(engine, NAME);
  supervisor = startSupervisor();
  const first = ready(supervisor);
  supervisor.start();
  expect(await first).toBe(false);
});

afterAll(async () => {
  await supervisor?.stop(10_000);
  await removeContainersNamed(engine, NAME);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the backend in its own process', () => {
  it('serves a page: the engine connects and containers made through the Engine API are listed', async () => {
    await createContainer('bproc-listed', ['sleep', '600']);
    const page = new Page();
    await until('the engine to connect', async () => {
      const status = await page.call<EngineStatus>('engine.status');
      return status.ok && status.value.state === 'running';
    });
    const list = await page.call<ContainerSummary[]>('containers.list');
    expect(list.ok && list.value.map((c) => c.name)).toContain('bproc-listed');
  });

  it('streams a container’s log as it is written, and ends the stream when the page closes it', async () => {
    const id = await createContainer('bproc-logs', ['sh', '-c', 'echo first-line; sleep 1; echo second-line; sleep 600'], true);
    const page = new Page();
    const log = page.open('logs.follow', { containerId: id, from: { tail: 100 } });
    await until('both lines', () => JSON.stringify(log.data()).includes('second-line'));
    expect(JSON.stringify(log.data())).toContain('first-line');
    page.port.postMessage({ t: 'close', id: log.id });
    expect(await until('the end of the stream', log.ended)).toEqual({ t: 'end', id: log.id });
  });

  it('answers errors with sentences, and refuses what is not the protocol', async () => {
    const page = new Page();
    const missing = await page.call('container.inspect', { id: 'bproc-no-such-container' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toMatch(/bproc-no-such-container|no such container|not found/i);
    const unknown = await page.call('containers.explode');
    expect(!unknown.ok && unknown.error.code).toBe('unknown-method');
    page.port.postMessage('not a message');
    const refused = await until('a refusal', () => page.received.find((m) => m.t === 'refused'));
    expect(refused).toMatchObject({ t: 'refused', id: null, error: { code: 'invalid-input' } });
  });

  it('keeps each page’s session apart: a page that goes away ends its own streams only', async () => {
    const [a, b] = [new Page(), new Page()];
    const updatesA = a.open('app.updates', {});
    const updatesB = b.open('app.updates', {});
    await until('both pages’ first update', () => updatesA.data().length > 0 && updatesB.data().length > 0);
    supervisor.disconnectPage(a.id);
    await until('page A’s port to close', () => a.closed);
    expect(updatesB.ended()).toBeUndefined();
    expect((await b.call<EngineStatus>('engine.status')).ok).toBe(true);
  });

  it('asks the main process for a native file dialog, and feeds the tray', async () => {
    const page = new Page();
    const chosen = await page.call<{ path: string | null }>('files.choose', { kind: 'save', title: 'Save the log', suggestedName: 'bproc.log' });
    expect(chosen).toMatchObject({ ok: true, value: { path: path.join(dataDir, 'bproc.log') } });
    expect(dialogs).toContainEqual(expect.objectContaining({ kind: 'save', suggestedName: 'bproc.log' }));
    const facts = await until('the tray to show the running container', () => (Array.isArray(trayFacts?.containers) && trayFacts.containers.some((c) => c.name === 'bproc-logs') ? trayFacts : undefined));
    expect(facts.status.state).toBe('running');
  });

  it('survives the backend’s crash: reports it, starts it again, and pages connect to the new one', async () => {
    const before = supervisor.pid!;
    const page = new Page();
    const again = ready(supervisor);
    process.kill(before, 'SIGKILL');
    expect(await again).toBe(true);
    expect(crashes).toEqual([{ code: 137, restartInMs: 0 }]);
    expect(page.closed).toBe(true);
    expect(supervisor.pid).not.toBe(before);
    const fresh = new Page();
    await until('the engine to connect again', async () => {
      const status = await fresh.call<EngineStatus>('engine.status');
      return status.ok && status.value.state === 'running';
    });
    const list = await fresh.call<ContainerSummary[]>('containers.list');
    expect(list.ok && list.value.map((c) => c.name)).toContain('bproc-listed');
  });

  it('stops when asked: lets go of the engine and exits with 0', async () => {
    const s = startSupervisor();
    const up = ready(s);
    s.start();
    await up;
    const child = children.at(-1)!;
    await s.stop(10_000);
    expect(child.process.exitCode).toBe(0);
  });
});

/** Whether the process runs; one that exited but is not reaped yet (a zombie, an orphan's lot) does not. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('a backend whose parent goes away', () => {
  it('exits by itself, however the parent ended', async () => {
    // A parent that is SIGKILLed (it cannot say goodbye): the child sees its IPC channel close.
    const parentScript = `
      const { fork } = require('node:child_process');
      const child = fork(${JSON.stringify(entry)}, [], { serialization: 'advanced', stdio: 'ignore' });
      child.on('message', (m) => { if (m.via === 'parent' && m.data.type === 'ready') console.log(child.pid); });
      child.send({ via: 'parent', data: { type: 'start', version: 'test', keychain: { available: false, reason: 'test' } } });`;
    const env = { ...process.env, DOCKER_HOST: engine.dockerHost, BERTH_DATA_DIR: dataDir, BERTH_RUNTIME_DIR: path.join(dataDir, 'run-orphan') };
    const parent = spawn(process.execPath, ['-e', parentScript], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const pid = Number(await until('the backend to be ready', () => out.trim()));
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await until('the orphaned backend to exit', () => !alive(pid), 15_000);
  });
});
