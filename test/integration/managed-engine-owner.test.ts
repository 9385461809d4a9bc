/**
 * Issue 17 §1: an engine has one owner, and Berth never stops what it does not own. Two Berth backends
 * run as real processes (as the desktop app and a browser-mode server do) on one data and runtime
 * folder, with a real dockerd (through a wrapper adding --bridge=none --iptables=false, so the machine's
 * docker0 and firewall are left alone). Outcomes are checked through the Engine API.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManagedEngineStatus } from '../../engine/contract/types';
import { Backend } from '../../engine/backend';
import { ManagedEngine, findExecutable } from '../../engine/providers/managed-engine';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { engineClient, rawRequest } from '../harness/engine';

const dockerd = findExecutable('dockerd');
const root = fs.mkdtempSync('/tmp/bmo-');
const paths = { data: path.join(root, 'data'), runtime: path.join(root, 'run') };
const socket = path.join(paths.runtime, 'docker.sock');
const wrapperDir = path.join(root, 'bin');
const started: ChildProcessWithoutNullStreams[] = [];
const sleeps: number[] = [];

interface Berth {
  pid: number;
  send(command: string): Promise<{ ok?: unknown; error?: string }>;
  exited: Promise<number | null>;
}

function berth(): Promise<Berth> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'berth-process.ts'), paths.data, paths.runtime], {
    env: { ...process.env, PATH: `${wrapperDir}:${process.env.PATH}`, DOCKER_HOST: `unix://${socket}` },
  });
  started.push(child);
  const answers: ((value: { ok?: unknown; error?: string }) => void)[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`Berth exited (${code}) before it was ready: ${stderr}`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: number; ok?: unknown; error?: string };
      if (message.ready) {
        resolve({
          pid: message.ready,
          exited,
          send: (command) => new Promise((answer) => {
            answers.push(answer);
            child.stdin.write(`${command}\n`);
          }),
        });
      } else answers.shift()?.(message);
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function containerRunning(id: string): Promise<boolean> {
  const inspected = await engineClient(socket).request('GET', `/containers/${id}/json`);
  return inspected.status === 200 && inspected.json.State.Running === true;
}

beforeAll(() => {
  fs.mkdirSync(wrapperDir);
  fs.writeFileSync(path.join(wrapperDir, 'dockerd'), `#!/bin/sh\nexec ${dockerd} "$@" --bridge=none --iptables=false --ip-masq=false\n`, { mode: 0o755 });
});

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  for (const pid of sleeps) if (alive(pid)) process.kill(pid, 'SIGKILL');
  // Whatever a failed test left running: the wrapper's dockerd for this data root only.
  const pidFile = path.join(paths.runtime, 'dockerd.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    if (pid > 0 && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(paths.data)) process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(root, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux' && dockerd && process.getuid?.() === 0)('one owner for the managed engine', () => {
  it('a sleep whose pid is in dockerd.pid is never adopted or killed', async () => {
    fs.mkdirSync(paths.runtime, { recursive: true, mode: 0o700 });
    const sleep = spawn('sleep', ['120'], { stdio: 'ignore', detached: true });
    sleeps.push(sleep.pid!);
    fs.writeFileSync(path.join(paths.runtime, 'dockerd.pid'), String(sleep.pid));
    fs.writeFileSync(socket, '');
    const engine = new ManagedEngine(paths);
    expect(engine.status()).toMatchObject({ state: 'stopped', pid: undefined });
    await engine.stop();
    await engine.dispose('stop');
    expect(alive(sleep.pid!)).toBe(true);
    process.kill(sleep.pid!, 'SIGKILL');
  });

  it('a second Berth attaches as a client and leaves the engine and its containers running when it quits', async () => {
    const first = await berth();
    const start = (await first.send('start')).ok as ManagedEngineStatus;
    expect(start).toMatchObject({ state: 'running', owner: { pid: first.pid, self: true } });
    const enginePid = start.pid!;
    // Only this user may open the socket itself, not just its folder.
    expect(fs.statSync(socket).mode & 0o777).toBe(0o600);

    const saved = await rawRequest(testEngine().socketPath, 'GET', `/images/${encodeURIComponent(BUSYBOX_IMAGE)}/get`);
    expect((await rawRequest(socket, 'POST', '/images/load?quiet=1', { body: saved.body, headers: { 'Content-Type': 'application/x-tar' } })).status).toBe(200);
    const client = engineClient(socket);
    const created = await client.request('POST', '/containers/create?name=keeps-running', { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], StopTimeout: 1, HostConfig: { NetworkMode: 'none' } });
    expect(created.status, created.text).toBe(201);
    expect((await client.request('POST', `/containers/${created.json.Id}/start`)).status).toBe(204);

    const second = await berth();
    const seen = (await second.send('status')).ok as ManagedEngineStatus;
    expect(seen).toMatchObject({ state: 'running', pid: enginePid, owner: { pid: first.pid, self: false }, others: 1 });
    expect(((await first.send('status')).ok as ManagedEngineStatus).others).toBe(1);
    // Stopping it from the second asks first: the first Berth's containers would go with it.
    expect((await second.send('stop')).error).toMatch(/Another Berth window uses this engine\. Stopping it stops their containers too: stop it from the Engines page/);

    expect((await second.send('quit')).ok).toEqual({ quit: true });
    expect(await second.exited).toBe(0);
    expect(alive(enginePid)).toBe(true);
    expect((await client.request('GET', '/_ping')).status).toBe(200);
    expect(await containerRunning(created.json.Id)).toBe(true);
    expect((await first.send('status')).ok).toMatchObject({ state: 'running', others: 0, owner: { self: true } });

    // The owner quits while another Berth uses the engine: it runs on, and that Berth takes it over.
    const third = await berth();
    expect((await third.send('status')).ok).toMatchObject({ state: 'running', owner: { pid: first.pid, self: false } });
    expect((await first.send('quit')).ok).toEqual({ quit: true });
    await first.exited;
    expect(await containerRunning(created.json.Id)).toBe(true);
    await until('the remaining Berth to take the engine over', async () => {
      const s = (await third.send('status')).ok as ManagedEngineStatus;
      return s.owner?.self && s.state === 'running';
    }, 10_000);

    // The last Berth quits with the default preference (stop) and nobody else on it: the engine stops.
    expect((await third.send('quit')).ok).toEqual({ quit: true });
    await third.exited;
    expect(alive(enginePid)).toBe(false);
  });

  it('with "keep running", the owner quitting leaves the engine for the next Berth, which adopts it', async () => {
    const first = await berth();
    await first.send('prefs {"engineOnQuit":"keep-running"}');
    const { pid } = (await first.send('start')).ok as ManagedEngineStatus;
    await first.send('quit');
    await first.exited;
    expect(alive(pid!)).toBe(true);
    const next = await berth();
    expect((await next.send('status')).ok).toMatchObject({ state: 'running', pid, owner: { self: true } });
    await next.send('prefs {"engineOnQuit":"stop"}');
    const stopped = (await next.send('stop')).ok as ManagedEngineStatus;
    expect(stopped.state).toBe('stopped');
    expect(alive(pid!)).toBe(false);
    await next.send('quit');
  });

  it('an engine stopped from outside says so, with the signal, and is not shown running while it shuts down', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = `${wrapperDir}:${savedPath}`;
    const backend = new Backend({ paths, mode: 'browser', version: 'test' });
    try {
      const { pid } = await backend.handlers.methods['managed.start']({});
      await backend.handlers.methods['engine.select']({ id: 'managed' });
      await until('Berth to use the managed engine', () => backend.status().state === 'running');
      // A container that ignores SIGTERM keeps dockerd shutting down for its stop timeout.
      const client = engineClient(socket);
      const created = await client.request('POST', '/containers/create?name=slow-to-stop', { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], StopTimeout: 4, HostConfig: { NetworkMode: 'none' } });
      expect(created.status, created.text).toBe(201);
      expect((await client.request('POST', `/containers/${created.json.Id}/start`)).status).toBe(204);

      process.kill(pid!, 'SIGTERM');
      await until('Berth to see the engine shutting down', () => backend.managed.status().state === 'stopping', 3000);
      expect(alive(pid!)).toBe(true);
      expect(backend.status()).toMatchObject({ state: 'stopped', reason: 'Berth’s managed engine is stopping…' });

      const ended = await until('the engine to end', () => (backend.managed.status().state === 'stopped' ? backend.managed.status() : undefined), 30_000);
      expect(ended.error).toMatch(/^The managed engine was stopped from outside Berth: dockerd received SIGTERM \(“level=info msg="Processing signal 'terminated'"”\)\.$/);
      expect(backend.status().state).not.toBe('running');
    } finally {
      await backend.dispose();
      process.env.PATH = savedPath;
    }
  });
});
