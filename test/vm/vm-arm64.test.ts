// The arm64 guest, the one Apple silicon runs under its Hypervisor.framework: built from Debian's arm64
// packages on this x86-64 machine, booted under emulation (qemu-system-aarch64, tcg), and used for real.
// On an arm64 machine the same test boots it under KVM when that works.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGuest } from '../../vm/guest/build';
import type { GuestManifest } from '../../vm/guest/build';
import { runDoctor } from '../../vm/doctor';
import { VmMachine } from '../../vm/machine';
import { guestImage, processAlive, readOwner } from '../../vm/machine-files';
import { rawRequest } from '../harness/engine';
import { freePort } from '../harness/registry';
import { busyboxImageArchive, until, vmEngine, vmTestDirs } from './vm-harness';

const IMAGE = 'berth-vm-test/busybox-arm64:latest';
const guest = path.resolve('vm/dist/guest-arm64');
const cache = path.resolve('.vm-cache/debs');
const dirs = vmTestDirs();
let vm: VmMachine;

async function run(args: string[]): Promise<string> {
  const res = await vmEngine(vm.files.socket).docker(args);
  if (res.code !== 0) throw new Error(`docker ${args.join(' ')} failed: ${res.stderr}`);
  return res.stdout.trim();
}

const savedDockerConfig = process.env.DOCKER_CONFIG;

beforeAll(async () => {
  // The doctor repairs the `berth` docker context: in this test's own docker config, never the user's.
  process.env.DOCKER_CONFIG = dirs.dockerConfig;
  if (!guestImage(guest).built) await buildGuest({ arch: 'arm64', outDir: guest, cacheDir: cache, log: () => undefined });
  vm = new VmMachine({ dataDir: dirs.data, runtimeDir: dirs.runtime, env: { ...process.env, BERTH_VM_GUEST_DIR: guest, DOCKER_CONFIG: dirs.dockerConfig } });
  await vm.updateSettings({ cpus: 1, memoryMiB: 1024, diskGiB: 8, shares: [], accelerator: 'auto', driver: 'qemu' });
}, 600_000);

afterAll(async () => {
  if (savedDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = savedDockerConfig;
  const pid = vm && readOwner(vm.files)?.vmPid;
  if (pid && processAlive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(dirs.root, { recursive: true, force: true });
});

describe('Berth’s arm64 guest', () => {
  it('is built from Debian’s arm64 packages, with a kernel QEMU unpacks and the power button as a GPIO key', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(guest, 'manifest.json'), 'utf8')) as GuestManifest;
    expect(manifest.arch).toBe('arm64');
    expect(manifest.kernelVersion).toMatch(/-arm64$/);
    expect(manifest.modules.some((m) => m.endsWith('/gpio_keys.ko'))).toBe(true);
    const kernel = zlib.gunzipSync(fs.readFileSync(path.join(guest, 'vmlinuz')));
    // An arm64 Linux Image carries "ARM\x64" at byte 56.
    expect(kernel.subarray(56, 60).toString('latin1')).toBe('ARM\x64');
    expect(guestImage(guest)).toMatchObject({ built: true, arch: 'arm64' });
  });

  it('boots to a ready engine, emulated on a machine of the other architecture, and says why', async () => {
    const status = await vm.start();
    expect(status.state).toBe('running');
    if (process.arch !== 'arm64') {
      expect(status.accelerator).toMatchObject({ name: 'tcg' });
      expect(status.accelerator!.reason).toMatch(/built for arm64 and this computer is x86-64/);
    }
    const version = (await vmEngine(vm.files.socket).request('GET', '/version')).json;
    expect(version).toMatchObject({ Arch: 'arm64', Os: 'linux' });
    // The doctor finds the engine healthy, and says that this guest is not this computer's own.
    const checks = await runDoctor(vm);
    expect(checks.find((c) => c.name === 'Engine answers /_ping')?.ok).toBe(true);
    const arch = checks.find((c) => c.name === 'Guest architecture');
    if (process.arch === 'arm64') expect(arch).toBeUndefined();
    else expect(arch).toMatchObject({ ok: false, detail: expect.stringMatching(/built for arm64 and this computer is x86-64: it runs only emulated/) });
  }, 300_000);

  it('runs an arm64 container from a loaded image, and its published port answers on the host', async () => {
    const debs = fs.readdirSync(cache).filter((f) => f.startsWith('busybox-static_') && f.endsWith('_arm64.deb'));
    const x = path.join(dirs.root, 'busybox-arm64');
    execFileSync('dpkg-deb', ['-x', path.join(cache, debs.at(-1)!), x]);
    const load = await rawRequest(vm.files.socket, 'POST', '/images/load?quiet=1', {
      body: busyboxImageArchive(IMAGE, { arch: 'arm64', busybox: path.join(x, 'bin/busybox') }),
      headers: { 'Content-Type': 'application/x-tar' },
      timeoutMs: 120_000,
    });
    expect(load.status, load.body.toString()).toBe(200);
    expect(await run(['run', '--rm', IMAGE, 'uname', '-m'])).toBe('aarch64');

    const port = await freePort();
    await run(['run', '-d', '--name', 'arm-web', '-p', `${port}:80`, IMAGE, 'httpd', '-f', '-p', '80', '-h', '/bin']);
    await until('the port forward', () => vm.status().ports.find((p) => p.port === port && p.state === 'forwarded'), 20_000);
    const body = await until('an answer through the forwarded port', () => new Promise<string | undefined>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        res.resume();
        resolve(res.statusCode ? String(res.statusCode) : undefined);
      }).on('error', () => resolve(undefined));
    }), 20_000, 250);
    // busybox httpd has no index in /bin: its 404 is still the container answering.
    expect(['200', '403', '404']).toContain(body);
  }, 300_000);

  it('stops cleanly through its power button, with the data disk unmounted', async () => {
    const stopped = await vm.stop();
    expect(stopped.state).toBe('stopped');
    expect(stopped.error).toBeUndefined();
    const lines = vm.consoleLines();
    const shutdown = lines.slice(lines.findLastIndex((l) => l.includes('berth-guest: shutting down')));
    expect(shutdown.filter((l) => l.startsWith('berth-guest:'))).toEqual(['berth-guest: shutting down', 'berth-guest: data disk unmounted', 'berth-guest: powering off']);
  }, 120_000);
});
