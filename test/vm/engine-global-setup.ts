// vitest globalSetup for the `vm-engine` project: the engine-level tests the host engine passes, run
// against the engine in Berth's VM. It boots the VM (tcg here), shares the temp folder so `-v` of the
// tests' host folders works unchanged, builds the busybox test image inside it, and hands the tests the
// VM's host socket, which they reach exactly as they reach the private host engine (DOCKER_HOST=unix://).
import fs from 'node:fs';
import os from 'node:os';
import type { TestProject } from 'vitest/node';
import { VmMachine } from '../../vm/machine';
import { processAlive, readOwner } from '../../vm/machine-files';
import { engineClient } from '../harness/engine';
import { buildBusyboxImage } from '../harness/image';
import '../harness/provided';
import { ensureGuest, vmTestDirs } from './vm-harness';

export default async function setup({ provide }: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const t0 = Date.now();
  await ensureGuest();
  const dirs = vmTestDirs();
  const vm = new VmMachine({ dataDir: dirs.data, runtimeDir: dirs.runtime, env: { ...process.env, DOCKER_CONFIG: dirs.dockerConfig } });
  const cleanUp = async () => {
    await vm.dispose({ stopVm: true }).catch(() => undefined);
    const pid = readOwner(vm.files)?.vmPid;
    if (pid && processAlive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dirs.root, { recursive: true, force: true });
  };
  try {
    // The tests make their host folders under the temp folder; the VM shares it at the same path.
    await vm.updateSettings({ cpus: 1, memoryMiB: 1024, diskGiB: 16, shares: [fs.realpathSync(os.tmpdir())], accelerator: 'auto', driver: 'qemu' });
    await vm.start();
    await buildBusyboxImage(engineClient(vm.files.socket));
  } catch (e) {
    await cleanUp();
    throw e;
  }
  if (process.env.BERTH_TEST_VERBOSE) console.log(`[berth vm engine] ${vm.files.socket} ready in ${Date.now() - t0} ms`);
  provide('engineSocket', vm.files.socket);
  // Three chunks of the search (2,000, 4,000 and the last 1,000 lines): the same boundaries, in seconds.
  provide('searchLogLines', 7_000);
  provide('engineIsBerthVm', true);
  process.env.BERTH_TEST_ENGINE_SOCKET = vm.files.socket;
  return cleanUp;
}
