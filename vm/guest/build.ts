/**
 * `npm run vm:build`: builds Berth's guest from Debian packages, reproducibly and without a registry.
 *
 *   1. `apt-get download` the packages (kept in .vm-cache/debs, so a second build needs no network), for
 *      this host's architecture or, with `--arch`, the other one (arm64 on an x86-64 machine and back),
 *      through apt state of Berth's own in .vm-cache/apt-<arch>: the system's apt is not changed;
 *   2. `dpkg-deb -x` each into a staging folder and keep only the files the guest needs;
 *   3. add the init, the kernel modules it loads (in dependency order) and a CA bundle;
 *   4. write that root as a compressed read-only image (squashfs, or erofs with --erofs; all files root's,
 *      one mtime from SOURCE_DATE_EPOCH) for a virtio disk, and a tiny initramfs that mounts it: busybox,
 *      its boot script and the modules for the disk (a sorted newc cpio with the same mtime, lz4);
 *   5. write manifest.json: package versions, module list and the sha256 of every output.
 *
 * Output: vm/dist/guest-x64 or vm/dist/guest-arm64 (Node's names for the architecture), holding vmlinuz (the
 * kernel as QEMU's -kernel takes it: uncompressed with a PVH entry on x86-64, a gzipped Image on arm64),
 * initramfs.cpio.lz4, root.squashfs and manifest.json; or the folder `--out` names.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { entriesUnder, writeCpio } from './cpio';
import type { CpioEntry } from './cpio';
import { FOLDERS, guestContents, guestFolderName, hostGuestArch, LINKS, SMALL_FILES } from './contents';
import type { GuestArch } from './contents';
import { buildApiRelay } from './api-relay';
import { pvhKernel } from './kernel-image';
import { guestModules, resolveModules } from './kernel-modules';
import { bootModules, rootImageName, rootImageTool, stageBootTree, writeRootImage } from './root-image';
import type { RootFileSystem } from './root-image';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

export interface BuildOptions {
  /** The guest's architecture; by default this host's (the one a hardware accelerator runs). */
  arch?: GuestArch;
  outDir?: string;
  cacheDir?: string;
  compression?: 'lz4' | 'zstd';
  /** The read-only root image's file system (squashfs by default). */
  rootFileSystem?: RootFileSystem;
  /** The one mtime in the archive; by default SOURCE_DATE_EPOCH, else the newest file in the packages. */
  sourceDateEpoch?: number;
  /** Also write rootfs.tar, the same root file system for `wsl --import` (Windows' WSL 2 driver). */
  rootfsTar?: boolean;
  log?: (line: string) => void;
}

export interface GuestManifest {
  arch: GuestArch;
  kernelVersion: string;
  sourceDateEpoch: number;
  compression: string;
  /** The root file system's image, on a read-only virtio disk; guests built before it had none (all in the initramfs). */
  root?: { file: string; fileSystem: RootFileSystem; tool: string };
  packages: { name: string; version: string; sha256: string }[];
  modules: string[];
  outputs: Record<string, { bytes: number; sha256: string }>;
  rootfsBytes: number;
  /** The compiler that built the guest's API relay (api-relay.ts); absent when it has none. */
  apiRelay?: string;
}

const run = (cmd: string, args: string[], cwd?: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** How apt is asked for one architecture's packages. */
interface Apt {
  /** Debian's name of the architecture. */
  arch: string;
  /** `-o` options for apt-get and apt-cache: none for this machine's own architecture. */
  options: string[];
}

const nativeArch = () => run('dpkg', ['--print-architecture']).trim();

/**
 * apt for `arch`. The machine's own architecture uses the system's apt as it is; another one gets a
 * private apt state (lists, cache) that reads the system's package sources, so nothing is added to dpkg.
 */
function aptFor(arch: GuestArch, cacheDir: string): Apt {
  if (nativeArch() === arch) return { arch, options: [] };
  const state = path.join(path.dirname(cacheDir), `apt-${arch}`);
  const sources = path.join(state, 'sources.list.d');
  for (const dir of [sources, path.join(state, 'lists/partial'), path.join(state, 'cache/archives/partial')]) fs.mkdirSync(dir, { recursive: true });
  const system = '/etc/apt/sources.list.d';
  for (const name of fs.existsSync(system) ? fs.readdirSync(system) : []) {
    if (/\.(list|sources)$/.test(name)) fs.copyFileSync(path.join(system, name), path.join(sources, name));
  }
  if (fs.existsSync('/etc/apt/sources.list')) fs.copyFileSync('/etc/apt/sources.list', path.join(sources, 'system.list'));
  const options = [
    `APT::Architecture=${arch}`, `APT::Architectures=${arch}`, 'Dir::State::status=/dev/null',
    `Dir::State::Lists=${path.join(state, 'lists')}`, `Dir::Cache=${path.join(state, 'cache')}`,
    'Dir::Etc::SourceList=/dev/null', `Dir::Etc::SourceParts=${sources}`,
  ].flatMap((o) => ['-o', o]);
  const apt = { arch, options };
  if (!fs.readdirSync(path.join(state, 'lists')).some((f) => f.endsWith('Packages') || f.endsWith('Packages.lz4'))) updateLists(apt);
  return apt;
}

/** Reads the package lists of a private apt state again (the system's own are the system's to update). */
function updateLists(apt: Apt): void {
  try {
    run('apt-get', [...apt.options, 'update']);
  } catch (e) {
    throw new Error(`could not read Debian's ${apt.arch} package lists: ${((e as { stderr?: string }).stderr ?? String(e)).trim()}`);
  }
}

function kernelPackage(apt: Apt, metaPackage: string): string {
  const deps = run('apt-cache', [...apt.options, 'depends', metaPackage]);
  const name = /Depends: (linux-image-\S+)/.exec(deps)?.[1];
  if (!name) throw new Error(`apt knows no ${metaPackage}: run apt-get update first`);
  return name;
}

/** The cached .deb of a package for apt's architecture, downloading it when it is not cached yet. */
function fetchDeb(name: string, cacheDir: string, apt: Apt): string {
  const prefix = `${name.replace(/:/g, '%3a')}_`;
  const cached = () =>
    fs.readdirSync(cacheDir).filter((f) => f.startsWith(prefix) && (f.endsWith(`_${apt.arch}.deb`) || f.endsWith('_all.deb'))).sort();
  if (!cached().length) {
    try {
      try {
        run('apt-get', [...apt.options, 'download', name], cacheDir);
      } catch (e) {
        // Lists read weeks ago name versions the mirror no longer has: read them again, once.
        if (!apt.options.length) throw e;
        updateLists(apt);
        run('apt-get', [...apt.options, 'download', name], cacheDir);
      }
    } catch (e) {
      const stderr = (e as { stderr?: string }).stderr ?? String(e);
      throw new Error(`could not download the Debian package ${name} (is apt-get update done?): ${stderr.trim()}`);
    }
  }
  const found = cached();
  if (!found.length) throw new Error(`apt-get download ${name} left no .deb in ${cacheDir}`);
  return path.join(cacheDir, found.at(-1)!);
}

/** Package paths as they land in the guest's merged /usr tree. */
function guestPath(p: string): string {
  return p.replace(/^(lib|lib64|bin|sbin)\//, 'usr/$1/');
}

/** Files keep the dates the package gave them; folders get the date they were unpacked, so they do not count. */
function newestFileMtime(p: string): number {
  const st = fs.lstatSync(p);
  if (!st.isDirectory()) return Math.floor(st.mtimeMs / 1000);
  return Math.max(0, ...fs.readdirSync(p).map((name) => newestFileMtime(path.join(p, name))));
}

/** The root file system as a tar, entries sorted and dated like the initramfs. */
async function writeTar(file: string, entries: CpioEntry[], mtime: number): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, fs.createWriteStream(file));
  const date = new Date(mtime * 1000);
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const header = { name: e.name, mode: e.mode, mtime: date, uid: 0, gid: 0 };
    if (e.type === 'dir') pack.entry({ ...header, type: 'directory' });
    else if (e.type === 'symlink') pack.entry({ ...header, type: 'symlink', linkname: e.data!.toString() });
    else pack.entry({ ...header, size: e.data!.length }, e.data!);
  }
  pack.finalize();
  await done;
}

function copyInto(src: string, dest: string): void {
  const st = fs.lstatSync(src);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  if (st.isSymbolicLink()) {
    fs.rmSync(dest, { force: true });
    fs.symlinkSync(fs.readlinkSync(src), dest);
  } else if (st.isDirectory()) {
    fs.mkdirSync(dest, { recursive: true });
    for (const name of fs.readdirSync(src)) copyInto(path.join(src, name), path.join(dest, name));
  } else {
    fs.copyFileSync(src, dest);
    fs.chmodSync(dest, st.mode & 0o7777);
  }
}

export async function buildGuest(options: BuildOptions = {}): Promise<GuestManifest> {
  const log = options.log ?? ((line: string) => console.log(line));
  const arch = options.arch ?? hostGuestArch();
  const outDir = options.outDir ?? path.join(repo, 'vm/dist', guestFolderName(arch));
  const cacheDir = options.cacheDir ?? path.join(repo, '.vm-cache/debs');
  const compression = options.compression ?? 'lz4';
  const rootFileSystem = options.rootFileSystem ?? 'squashfs';
  const contents = guestContents(arch);
  fs.mkdirSync(cacheDir, { recursive: true });
  const stage = fs.mkdtempSync(path.join(path.dirname(cacheDir), 'stage-'));
  fs.mkdirSync(outDir, { recursive: true });
  try {
    const apt = aptFor(arch, cacheDir);
    const kernelPkg = kernelPackage(apt, contents.kernelMetaPackage);
    const picks = [{ name: kernelPkg, keep: [] as string[] }, ...contents.packages];
    const packages: GuestManifest['packages'] = [];
    const root = path.join(stage, 'root');
    let newestMtime = 0;
    for (const pick of picks) {
      const deb = fetchDeb(pick.name, cacheDir, apt);
      const version = run('dpkg-deb', ['-f', deb, 'Version']).trim();
      packages.push({ name: pick.name, version, sha256: sha256(deb) });
      const x = path.join(stage, 'pkg', pick.name);
      fs.mkdirSync(x, { recursive: true });
      run('dpkg-deb', ['-x', deb, x]);
      for (const keep of pick.keep) {
        const src = path.join(x, keep);
        if (!fs.existsSync(src)) continue;
        newestMtime = Math.max(newestMtime, newestFileMtime(src));
        copyInto(src, path.join(root, guestPath(keep)));
      }
    }
    log(`${arch} packages: ${packages.map((p) => `${p.name} ${p.version}`).join(', ')}`);

    // The kernel and the modules the init loads.
    const kx = path.join(stage, 'pkg', kernelPkg);
    const kernelVersion = fs.readdirSync(path.join(kx, 'lib/modules'))[0]!;
    const moduleDir = path.join(kx, 'lib/modules', kernelVersion);
    const modules = resolveModules(moduleDir, guestModules(arch));
    const moduleTarget = path.join(root, 'usr/lib/modules', kernelVersion);
    for (const file of modules.files) copyInto(path.join(moduleDir, file), path.join(moduleTarget, file));
    // dockerd runs `modprobe` for what it wants; busybox modprobe needs a modules.dep for these.
    fs.writeFileSync(path.join(moduleTarget, 'modules.dep'), modules.dep);
    fs.mkdirSync(path.join(root, 'etc/berth'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/berth/modules'), modules.files.join('\n') + '\n');
    log(`kernel ${kernelVersion}: ${modules.files.length} modules (${modules.builtin.length} asked for are built in)`);

    // busybox answers to every applet name that no real tool already has.
    const applets = busyboxApplets(path.join(root, 'usr/bin/busybox'), apt, cacheDir, stage);
    for (const applet of applets) {
      const target = path.join(root, 'usr/bin', applet);
      if (applet !== 'busybox' && !fs.existsSync(target) && !fs.existsSync(path.join(root, 'usr/sbin', applet))) fs.symlinkSync('busybox', target);
    }
    for (const drop of contents.drop) fs.rmSync(path.join(root, drop), { recursive: true, force: true });
    for (const [link, target] of Object.entries(LINKS)) {
      const at = path.join(root, link);
      if (fs.existsSync(at)) continue;
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.symlinkSync(target, at);
    }
    for (const dir of FOLDERS) fs.mkdirSync(path.join(root, dir), { recursive: true });
    for (const [file, text] of Object.entries(SMALL_FILES)) fs.writeFileSync(path.join(root, file), text);
    // update-ca-certificates does no more than this: every certificate, concatenated in a stable order.
    const certs = entriesUnder(path.join(root, 'usr/share/ca-certificates')).filter((e) => e.type === 'file' && e.name.endsWith('.crt'));
    fs.writeFileSync(path.join(root, 'etc/ssl/certs/ca-certificates.crt'), Buffer.concat(certs.map((c) => c.data!)));
    fs.rmSync(path.join(root, 'usr/share/ca-certificates'), { recursive: true });
    copyInto(path.join(here, 'rootfs'), root);
    const apiRelay = buildApiRelay(arch, root, log);

    // Outputs, with one mtime for everything.
    const epoch = options.sourceDateEpoch ?? (Number(process.env.SOURCE_DATE_EPOCH) || newestMtime);
    const entries = entriesUnder(root);
    const rootfsBytes = entries.reduce((n, e) => n + (e.type === 'file' ? e.data!.length : 0), 0);
    for (const old of ['root.erofs', 'root.squashfs']) fs.rmSync(path.join(outDir, old), { force: true });
    const rootImage = path.join(outDir, rootImageName(rootFileSystem));
    writeRootImage(rootFileSystem, root, rootImage, epoch);
    // The initramfs: only what mounts the root image.
    const boot = path.join(stage, 'boot');
    const bootMods = resolveModules(moduleDir, bootModules(rootFileSystem));
    stageBootTree({
      dir: boot, busybox: path.join(root, 'usr/bin/busybox'), init: path.join(here, 'initramfs/init'),
      moduleDir, kernelVersion, modules: bootMods.files, fileSystem: rootFileSystem,
    });
    const cpio = path.join(stage, 'initramfs.cpio');
    writeCpio(cpio, entriesUnder(boot), epoch);
    const initramfs = path.join(outDir, `initramfs.cpio.${compression}`);
    for (const old of ['initramfs.cpio.lz4', 'initramfs.cpio.zstd']) fs.rmSync(path.join(outDir, old), { force: true });
    // The kernel reads only lz4's legacy frame format (-l); zstd -19 is smaller but slower to unpack.
    if (compression === 'lz4') run('lz4', ['-l', '-9', '-q', '-f', cpio, initramfs]);
    else run('zstd', ['-19', '-q', '-f', '--no-progress', cpio, '-o', initramfs]);
    fs.rmSync(path.join(outDir, 'rootfs.tar'), { force: true });
    if (options.rootfsTar) await writeTar(path.join(outDir, 'rootfs.tar'), entries, epoch);
    const vmlinuz = path.join(outDir, 'vmlinuz');
    const kernelImage = path.join(kx, 'boot', `vmlinuz-${kernelVersion}`);
    // Debian's arm64 kernel is an uncompressed Image (32 MiB); QEMU unpacks a gzipped one itself. The x86-64
    // one is unpacked here, once, rather than by the guest at every boot (kernel-image.ts).
    if (arch === 'arm64') fs.writeFileSync(vmlinuz, zlib.gzipSync(fs.readFileSync(kernelImage), { level: 9 }));
    else fs.writeFileSync(vmlinuz, pvhKernel(fs.readFileSync(kernelImage)) ?? fs.readFileSync(kernelImage));
    for (const f of [vmlinuz, initramfs]) fs.utimesSync(f, epoch, epoch);

    const manifest: GuestManifest = {
      arch,
      kernelVersion,
      sourceDateEpoch: epoch,
      compression,
      root: { file: path.basename(rootImage), fileSystem: rootFileSystem, tool: rootImageTool(rootFileSystem) },
      packages,
      modules: modules.files,
      outputs: Object.fromEntries(
        [vmlinuz, initramfs, rootImage, ...(options.rootfsTar ? [path.join(outDir, 'rootfs.tar')] : [])].map((f) => [path.basename(f), { bytes: fs.statSync(f).size, sha256: sha256(f) }]),
      ),
      rootfsBytes,
      ...(apiRelay ? { apiRelay } : {}),
    };
    fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    const size = (f: string) => mib(manifest.outputs[path.basename(f)]!.bytes);
    log(`rootfs ${mib(rootfsBytes)} → ${path.relative(process.cwd(), rootImage)} ${size(rootImage)}, initramfs ${size(initramfs)}, kernel ${size(vmlinuz)}`);
    return manifest;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * The applet names of the guest's busybox. A busybox for another architecture cannot run here, so its names
 * are read from this machine's build of the same Debian package: one configuration builds every architecture.
 */
function busyboxApplets(busybox: string, apt: Apt, cacheDir: string, stage: string): string[] {
  let program = busybox;
  if (apt.options.length) {
    const x = path.join(stage, 'pkg', 'busybox-static-native');
    run('dpkg-deb', ['-x', fetchDeb('busybox-static', cacheDir, { arch: nativeArch(), options: [] }), x]);
    program = path.join(x, 'bin/busybox');
  }
  const applets = run(program, ['--list']).split('\n').filter(Boolean);
  if (!applets.includes('sh') || !applets.includes('insmod')) throw new Error(`busybox lists no sh or insmod applet: ${program}`);
  return applets;
}

/** `--name value` from the command line. */
function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const compression = process.argv.includes('--zstd') ? 'zstd' : 'lz4';
  const rootFileSystem = process.argv.includes('--erofs') ? 'erofs' : 'squashfs';
  const arch = argValue('--arch');
  if (arch !== undefined && arch !== 'amd64' && arch !== 'arm64') {
    console.error(`vm:build: --arch must be amd64 or arm64, not ${arch}`);
    process.exit(2);
  }
  const outDir = argValue('--out');
  const started = Date.now();
  buildGuest({ compression, rootFileSystem, arch, outDir: outDir && path.resolve(outDir), rootfsTar: process.argv.includes('--wsl') }).then(
    () => console.log(`guest built in ${((Date.now() - started) / 1000).toFixed(1)} s`),
    (e: unknown) => {
      console.error(`vm:build failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
