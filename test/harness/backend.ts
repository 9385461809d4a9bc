// A backend in this process, on a private engine, with its own data folder: what the integration tests that
// call the contract's handlers directly start in beforeAll (and dispose, with the folder, in afterAll).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../engine/backend';
import { testSession } from './session';
import type { TestSession } from './session';

/** Starts a backend on these folders and waits until it has connected to its engine. */
async function connected(paths: { data: string; runtime: string }): Promise<Backend> {
  const backend = new Backend({ paths, mode: 'browser', version: 'test' });
  await backend.start();
  for (let i = 0; backend.status().state !== 'running'; i++) {
    if (i > 300) throw new Error('the engine did not connect');
    await new Promise((r) => setTimeout(r, 50));
  }
  return backend;
}

export async function startBackend(dockerHost: string, prefix: string): Promise<{ backend: Backend; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.env.DOCKER_HOST = dockerHost;
  const backend = await connected({ data: dataDir, runtime: path.join(dataDir, 'run') });
  return { backend, dataDir };
}

export interface BackendUnderTest {
  backend: Backend;
  session: TestSession;
  /** The test's own scratch folder; the backend's data and runtime folders are inside it. */
  dir: string;
  /** The backend's data folder. */
  dataDir: string;
  /** Disposes the session and the backend, removes the folders and puts the environment back. */
  stop(): Promise<void>;
}

/**
 * A backend with a session on it, as a window talks to it. `env` (DOCKER_HOST at least) holds while it
 * runs, worked out from its data folder; stop() puts back what was there before.
 */
export async function backendUnderTest(prefix: string, env: (dataDir: string) => Record<string, string>): Promise<BackendUnderTest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataDir = path.join(dir, 'data');
  // There from the start, as an installed Berth's is: a test may look into it before the backend writes there.
  fs.mkdirSync(dataDir);
  const values = env(dataDir);
  const before = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  const backend = await connected({ data: dataDir, runtime: path.join(dir, 'run') });
  const session = testSession(backend);
  return {
    backend,
    session,
    dir,
    dataDir,
    stop: async () => {
      session.dispose();
      await backend.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
      for (const [key, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}
