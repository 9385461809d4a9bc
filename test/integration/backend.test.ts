import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../engine/backend';
import type { AppUpdate, ContainerSummary, EngineStatus } from '../../engine/contract/types';
import { BUSYBOX_IMAGE, removeContainersNamed, restartSharedEngine, testEngine } from '../harness/context';

const engine = testEngine();
let backend: Backend;
let dataDir: string;
const updates: AppUpdate[] = [];

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function createContainer(name: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], ...body });
  expect(res.status, res.text).toBe(201);
  return res.json.Id as string;
}

async function inspectState(id: string): Promise<string> {
  return (await engine.request('GET', `/containers/${id}/json`)).json.State.Status as string;
}

async function listed(name: string): Promise<ContainerSummary | undefined> {
  const list = await backend.handlers.methods['containers.list']({});
  return list.find((c) => c.name === name);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-backend-'));
  process.env.DOCKER_HOST = engine.dockerHost;
  backend = new Backend({ paths: { data: dataDir, runtime: path.join(dataDir, 'run') }, mode: 'browser', version: 'test' });
  backend.onUpdate((u) => updates.push(u));
  await backend.start();
  await until('the engine to connect', () => backend.status().state === 'running');
});

afterAll(async () => {
  await backend?.dispose();
  delete process.env.DOCKER_HOST;
  await removeContainersNamed(engine, /^be-/);
});

describe('the backend on a real engine', () => {
  it('connects to DOCKER_HOST and negotiates the API version the engine speaks', async () => {
    const status: EngineStatus = await backend.handlers.methods['engine.status']({});
    const version = (await engine.request('GET', '/version')).json;
    expect(status).toMatchObject({ state: 'running', endpoint: { id: 'docker-host', host: engine.dockerHost, reachable: true } });
    expect(status.apiVersion).toBe(version.ApiVersion);
    expect(status.server?.version).toBe(version.Version);
  });

  it('lists running and stopped containers with ports and their Compose project', async () => {
    const web = await createContainer('be-web', {
      Cmd: ['httpd', '-f', '-p', '8080'],
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
      Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
    });
    await engine.request('POST', `/containers/${web}/start`);
    await createContainer('be-stopped');
    const running = await until('be-web running in the list', async () => {
      const c = await listed('be-web');
      return c?.state === 'running' ? c : undefined;
    });
    expect(running).toMatchObject({ id: web, image: BUSYBOX_IMAGE, composeProject: 'shop', composeService: 'web' });
    expect(running.ports).toEqual([{ privatePort: 8080, publicPort: expect.any(Number), ip: '127.0.0.1', type: 'tcp' }]);
    expect(await listed('be-stopped')).toMatchObject({ state: 'created' });
    // The published port really answers on the host.
    const res = await fetch(`http://127.0.0.1:${running.ports[0]!.publicPort}/`);
    expect(res.status).toBeLessThan(500);
  });

  it('stops, starts, pauses and kills containers, as the engine then reports', async () => {
    const id = await createContainer('be-actions');
    const act = (action: 'start' | 'stop' | 'pause' | 'unpause' | 'kill' | 'restart') =>
      backend.handlers.methods['containers.act']({ ids: [id], action });
    expect(await act('start')).toEqual({ done: [id], failed: [] });
    expect(await inspectState(id)).toBe('running');
    await act('pause');
    expect(await inspectState(id)).toBe('paused');
    await act('unpause');
    await act('kill');
    expect(await inspectState(id)).toBe('exited');
    // Stopping what is already stopped is not an error.
    expect(await act('stop')).toEqual({ done: [id], failed: [] });
  });

  it('acts on many containers at once and says which failed and why', async () => {
    const a = await createContainer('be-bulk-a');
    const b = await createContainer('be-bulk-b');
    const result = await backend.handlers.methods['containers.act']({ ids: [a, 'be-no-such-container', b], action: 'start' });
    expect(result.done.sort()).toEqual([a, b].sort());
    expect(result.failed).toEqual([{ id: 'be-no-such-container', message: expect.stringMatching(/No such container: be-no-such-container/) }]);
    expect(await inspectState(a)).toBe('running');
    expect(await inspectState(b)).toBe('running');
  });

  it('removes a running container only when forced, and its anonymous volumes only when asked', async () => {
    const id = await createContainer('be-remove', { Volumes: { '/data': {} } });
    await engine.request('POST', `/containers/${id}/start`);
    const volume = (await engine.request('GET', `/containers/${id}/json`)).json.Mounts[0].Name as string;
    expect((await listed('be-remove'))?.anonymousVolumes).toBe(1);

    const refused = await backend.handlers.methods['containers.remove']({ ids: [id], volumes: true, force: false });
    expect(refused.failed[0]?.message).toMatch(/cannot remove a running container/i);

    const removed = await backend.handlers.methods['containers.remove']({ ids: [id], volumes: true, force: true });
    expect(removed).toEqual({ done: [id], failed: [] });
    expect((await engine.request('GET', `/containers/${id}/json`)).status).toBe(404);
    expect((await engine.request('GET', `/volumes/${volume}`)).status).toBe(404);
  });

  it('tells the UI within a second that containers changed when the docker CLI creates one', async () => {
    updates.length = 0;
    const started = Date.now();
    const run = await engine.docker(['create', '--name', 'be-from-cli', BUSYBOX_IMAGE, 'true']);
    expect(run.code, run.stderr).toBe(0);
    await until('a containers change notice', () => updates.some((u) => u.type === 'changed' && u.resources.includes('containers')), 1000);
    expect(Date.now() - started).toBeLessThan(1000 + 500); // CLI start-up included
    expect(await listed('be-from-cli')).toBeDefined();
  });

  it('lists the engines it can reach and remembers the one the user picks', async () => {
    const engines = await backend.handlers.methods['engine.list']({});
    expect(engines.find((e) => e.id === 'docker-host')).toMatchObject({ reachable: true, host: engine.dockerHost });
    const managed = engines.find((e) => e.id === 'managed');
    if (process.platform === 'linux') expect(managed).toMatchObject({ kind: 'managed', reachable: false });

    await backend.handlers.methods['engine.select']({ id: 'docker-host' });
    const saved = JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8'));
    expect(saved.engine.selected).toBe('docker-host');
    await expect(backend.handlers.methods['engine.select']({ id: 'context:gone' })).rejects.toThrow(/There is no engine “context:gone”/);
  });

  it('notices the engine going away and reconnects by itself, with fresh lists', async () => {
    updates.length = 0;
    await restartSharedEngine();
    await until('the engine to be reported unreachable', () =>
      updates.some((u) => u.type === 'status' && u.status.state === 'unreachable'),
    );
    await until('the engine to be reported running again', () => backend.status().state === 'running', 30_000);
    await until('a change notice for every list', () =>
      updates.some((u) => u.type === 'changed' && ['containers', 'images', 'volumes', 'networks'].every((r) => u.resources.includes(r as never))),
    );
    // And it follows events again on the new connection.
    updates.length = 0;
    await createContainer('be-after-restart');
    await until('a change notice after reconnecting', () => updates.some((u) => u.type === 'changed'), 2000);
  });
});
