/**
 * The guest's root file system as a compressed read-only disk image, and the tiny initramfs that mounts it.
 *
 * The kernel unpacks an initramfs completely before anything runs (63 MiB of lz4 into 160 MiB of memory,
 * ~3 s under emulation), and the unpacked root then stays in the guest's memory for as long as it runs.
 * A compressed image on a virtio disk is read only where it is used, and what was read is page cache the
 * guest can drop. The initramfs keeps only busybox, the modules for the disk and the file systems, and a
 * script that mounts the image with a tmpfs over it for what the guest writes, then switches to it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * squashfs (lz4) by default: in boots alternated on the same machine it reached engine ready as fast as
 * erofs (lz4hc), its image is smaller (65 against 79 MiB), and mksquashfs writes the same bytes from the
 * same files however the folder lists them, where two erofs-utils 1.5 builds of the same tree differed.
 * erofs stays selectable (--erofs) for comparison.
 */
export type RootFileSystem = 'erofs' | 'squashfs';

/** The image's file name in the guest folder. */
export function rootImageName(fileSystem: RootFileSystem): string {
  return `root.${fileSystem}`;
}

/** The Debian package that makes each image, so a build can say what to install. */
const TOOL: Record<RootFileSystem, { program: string; debianPackage: string }> = {
  erofs: { program: 'mkfs.erofs', debianPackage: 'erofs-utils' },
  squashfs: { program: 'mksquashfs', debianPackage: 'squashfs-tools' },
};

/** The kernel modules the initramfs loads to mount the root: the virtio disk, the image's file system, overlay. */
export function bootModules(fileSystem: RootFileSystem): string[] {
  // erofs needs libcrc32c, which needs a crc32c implementation loaded first (a soft dependency on an alias).
  return ['virtio_pci', 'virtio_blk', ...(fileSystem === 'erofs' ? ['crc32c_generic'] : []), fileSystem, 'overlay'];
}

/**
 * The installed tool's package and version ("erofs-utils 1.5-1"): recorded in the manifest, and part of
 * the test runs' cache key, since another version may write other bytes from the same files.
 */
export function rootImageTool(fileSystem: RootFileSystem): string {
  const { debianPackage } = TOOL[fileSystem];
  try {
    const version = execFileSync('dpkg-query', ['-W', '-f', '${Version}', debianPackage], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (version) return `${debianPackage} ${version}`;
  } catch {
    // not installed through dpkg: the program may still be on PATH (checked when the image is made)
  }
  return `${debianPackage} (not from dpkg)`;
}

/** One fixed file-system UUID: a random one would make every build's bytes different. */
const FIXED_UUID = 'b3a7e1f0-6265-4274-8868-000000000001';

/**
 * Writes `dir` as a read-only image: every file root's, every date `epoch`, entries in name order whatever
 * order the folder lists them in (both tools sort), so the same files give the same bytes.
 */
export function writeRootImage(fileSystem: RootFileSystem, dir: string, file: string, epoch: number): void {
  const { program, debianPackage } = TOOL[fileSystem];
  fs.rmSync(file, { force: true });
  const args =
    fileSystem === 'erofs'
      ? // lz4hc packs tighter than lz4 and decompresses as fast; no xattrs (the files carry none that matter).
        ['-zlz4hc,12', `-T${epoch}`, `-U${FIXED_UUID}`, '--all-root', '-x-1', '--quiet', file, dir]
      : [dir, file, '-comp', 'lz4', '-Xhc', '-noappend', '-all-root', '-no-xattrs', '-mkfs-time', String(epoch), '-all-time', String(epoch), '-quiet', '-no-progress'];
  try {
    execFileSync(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') throw new Error(`${program} is not installed: apt-get install ${debianPackage}`);
    throw new Error(`${program} failed: ${err.stderr?.toString().trim() ?? err.message}`);
  }
  fs.utimesSync(file, epoch, epoch);
}

/**
 * The initramfs's tree in `dir`: busybox, the boot script as /init, the modules it loads (in order) and
 * which file system the root is.
 */
export function stageBootTree(options: {
  dir: string;
  busybox: string;
  init: string;
  moduleDir: string;
  kernelVersion: string;
  modules: string[];
  fileSystem: RootFileSystem;
}): void {
  const { dir } = options;
  for (const sub of ['bin', 'dev', 'proc', 'sys', 'etc/berth']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.copyFileSync(options.busybox, path.join(dir, 'bin/busybox'));
  fs.chmodSync(path.join(dir, 'bin/busybox'), 0o755);
  fs.copyFileSync(options.init, path.join(dir, 'init'));
  fs.chmodSync(path.join(dir, 'init'), 0o755);
  const target = path.join(dir, 'lib/modules', options.kernelVersion);
  for (const m of options.modules) {
    fs.mkdirSync(path.dirname(path.join(target, m)), { recursive: true });
    fs.copyFileSync(path.join(options.moduleDir, m), path.join(target, m));
  }
  fs.writeFileSync(path.join(dir, 'etc/berth/boot-modules'), options.modules.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'etc/berth/root-fs'), `${options.fileSystem}\n`);
}
