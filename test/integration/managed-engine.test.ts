import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../engine/backend';
import { findExecutable } from '../../engine/providers/managed-engine';

// The managed engine is a real dockerd that Berth starts. It gets its own data root and socket under
// short temporary folders, exactly as it would under the user's data folder.
const root = fs.mkdtempSync('/tmp/bm-');
const paths = { data: path.join(root, 'data'), runtime: path.join(root, 'run') };
let backend: Backend;
const savedDockerHost = process.env.DOCKER_HOST;

async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Another engine on the machine (a developer's own Docker) would rightly be preferred over "none". */
async function systemEngineAnswers(): Promise<boolean> {
  try {
    await new Docker({ socketPath: '/var/run/docker.sock', timeout: 500 }).ping();
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  delete process.env.DOCKER_HOST;
  backend = new Backend({ paths, mode: 'browser', version: 'test' });
  await backend.start();
});

afterAll(async () => {
  await backend?.dispose();
  if (savedDockerHost !== undefined) process.env.DOCKER_HOST = savedDockerHost;
  fs.rmSync(root, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux' && findExecutable('dockerd') && process.getuid?.() === 0)('the managed engine', () => {
  it('is offered, with what to do, when no engine is running', async ({ skip }) => {
    if (await systemEngineAnswers()) skip('a system engine is running on this machine');
    const status = backend.status();
    expect(status.state).toBe('none');
    expect(status.reason).toMatch(/No container engine is running on this machine\. Start Docker or Podman, or start Berth’s managed engine\./);
    expect(backend.managed.status()).toMatchObject({ supported: true, installed: true, state: 'stopped' });
  });

  it('starts dockerd with a private data root and a socket only the user can open, and Berth connects to it', async ({ skip }) => {
    const status = await backend.handlers.methods['managed.start']({});
    expect(status).toMatchObject({ state: 'running', socket: path.join(paths.runtime, 'docker.sock'), dataRoot: path.join(paths.data, 'engine') });
    expect(fs.statSync(paths.runtime).mode & 0o777).toBe(0o700);
    expect(fs.existsSync(path.join(paths.data, 'engine', 'image'))).toBe(true);
    const info = (await new Docker({ socketPath: status.socket }).info()) as { DockerRootDir: string };
    expect(info.DockerRootDir).toBe(path.join(paths.data, 'engine'));
    const log = await backend.handlers.methods['managed.log']({});
    expect(log.join('\n')).toMatch(/API listen on/);

    if (await systemEngineAnswers()) skip('a system engine is running, so Berth rightly stays on it');
    await until('Berth to connect to the managed engine', () => backend.status().state === 'running');
    expect(backend.status().endpoint).toMatchObject({ id: 'managed', kind: 'managed' });
  });

  it('stops cleanly when asked, and the engine status says it is stopped', async () => {
    const pid = backend.managed.status().pid!;
    const status = await backend.handlers.methods['managed.stop']({});
    expect(status.state).toBe('stopped');
    expect(() => process.kill(pid, 0)).toThrow();
    expect(fs.existsSync(status.socket)).toBe(false);
    if (backend.status().endpoint?.kind === 'managed') {
      await until('the status to say stopped', () => backend.status().state === 'stopped');
      expect(backend.status().reason).toMatch(/managed engine is stopped/);
    }
  });
});
