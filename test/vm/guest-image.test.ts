// The guest image, which needs no running guest: the reproducible build, the tar for WSL, the kernel
// modules' order. (The QEMU command line and the settings are pure logic: test/unit/vm-qemu-and-settings.test.ts.)
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGuest } from '../../vm/guest/build';
import type { GuestManifest } from '../../vm/guest/build';
import { hasPvhEntry } from '../../vm/guest/kernel-image';
import { resolveModules } from '../../vm/guest/kernel-modules';
import { ensureGuest } from './vm-harness';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bvm-unit-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A second build of the guest (with the tar for WSL too): one build serves both tests below. */
let second: Promise<{ first: string; manifest: GuestManifest; again: GuestManifest; out: string }> | undefined;
function buildAgain() {
  second ??= (async () => {
    const first = await ensureGuest();
    const manifest = JSON.parse(fs.readFileSync(path.join(first, 'manifest.json'), 'utf8')) as GuestManifest;
    const out = path.join(scratch, 'guest');
    const again = await buildGuest({ outDir: out, log: () => undefined, sourceDateEpoch: manifest.sourceDateEpoch, rootfsTar: true });
    return { first, manifest, again, out };
  })();
  return second;
}

describe('the guest image', () => {
  it('builds reproducibly: the same packages give the same bytes, recorded in the manifest', async () => {
    const { first, manifest, again } = await buildAgain();
    expect(again.packages).toEqual(manifest.packages);
    for (const [name, output] of Object.entries(again.outputs).filter(([name]) => name !== 'rootfs.tar')) {
      expect(output.sha256, name).toBe(manifest.outputs[name]?.sha256);
      expect(sha256(path.join(first, name)), name).toBe(output.sha256);
    }
    expect(again.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['docker.io', 'containerd', 'runc', 'tini', 'busybox-static']));
    expect(again.packages.find((p) => p.name.startsWith('linux-image-'))).toBeDefined();
    // The root is a compressed read-only image, so the initramfs the kernel unpacks at every boot is tiny.
    expect(again.root).toMatchObject({ file: 'root.squashfs', fileSystem: 'squashfs', tool: expect.stringMatching(/^squashfs-tools \d/) });
    expect(again.outputs['root.squashfs']!.bytes).toBeGreaterThan(20 * 2 ** 20);
    expect(again.outputs['initramfs.cpio.lz4']!.bytes).toBeLessThan(4 * 2 ** 20);
    // Small is the point for what the guest reads at boot: initramfs and root image. The x86-64 kernel is the
    // uncompressed one QEMU starts through PVH (no unpacking in the guest), larger by design.
    expect(again.outputs['initramfs.cpio.lz4']!.bytes + again.outputs['root.squashfs']!.bytes).toBeLessThan(100 * 2 ** 20);
    if (again.arch === 'amd64') expect(hasPvhEntry(fs.readFileSync(path.join(first, 'vmlinuz')))).toBe(true);
  }, 180_000);

  it('also writes the same root file system as a tar for `wsl --import`, with the script that starts the engine there', async () => {
    const { again: manifest, out } = await buildAgain();
    const tar = path.join(out, 'rootfs.tar');
    expect(manifest.outputs['rootfs.tar']).toMatchObject({ sha256: sha256(tar) });
    const listing = execFileSync('tar', ['-tvf', tar], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }).split('\n');
    const entry = (name: string) => listing.find((l) => l.endsWith(` ${name}`) || l.includes(` ${name} -> `));
    // Executable and owned by root, as WSL runs it: dockerd, and the script that starts it with TLS.
    expect(entry('usr/lib/berth/wsl-start')).toMatch(/^-rwx.* 0\/0 /);
    expect(entry('usr/sbin/dockerd') ?? entry('usr/bin/dockerd')).toMatch(/^[-l]rwx/);
    expect(entry('usr/sbin/iptables-legacy') ?? entry('sbin/iptables-legacy')).toBeDefined();
    expect(entry('usr/sbin/iptables-legacy-restore')).toBeDefined();
  }, 180_000);

  it('loads each kernel module after the modules it needs', async () => {
    await ensureGuest(); // fills .vm-cache/debs
    const kernelDir = path.join(scratch, 'kernel');
    const deb = fs.readdirSync('.vm-cache/debs').find((f) => f.startsWith('linux-image-'));
    expect(deb).toBeDefined();
    fs.mkdirSync(kernelDir);
    execFileSync('dpkg-deb', ['-x', path.join('.vm-cache/debs', deb!), kernelDir]);
    const version = fs.readdirSync(path.join(kernelDir, 'lib/modules'))[0]!;
    const { files, dep } = resolveModules(path.join(kernelDir, 'lib/modules', version), ['9pnet_virtio', 'ext4']);
    const names = files.map((f) => path.basename(f, '.ko'));
    expect(names.indexOf('9pnet')).toBeLessThan(names.indexOf('9pnet_virtio'));
    expect(names.indexOf('jbd2')).toBeLessThan(names.indexOf('ext4'));
    expect(dep).toMatch(/ext4\.ko:.*jbd2\.ko/);
  }, 60_000);
});
