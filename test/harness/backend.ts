// A backend in this process, on a private engine, with its own data folder: what the integration tests that
// call the contract's handlers directly start in beforeAll (and dispose, with the folder, in afterAll).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../engine/backend';

export async function startBackend(dockerHost: string, prefix: string): Promise<{ backend: Backend; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.env.DOCKER_HOST = dockerHost;
  const backend = new Backend({ paths: { data: dataDir, runtime: path.join(dataDir, 'run') }, mode: 'browser', version: 'test' });
  await backend.start();
  for (let i = 0; backend.status().state !== 'running'; i++) {
    if (i > 300) throw new Error('the engine did not connect');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { backend, dataDir };
}
