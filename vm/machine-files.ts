/**
 * Where the VM keeps its things, and the small facts about them the lifecycle needs: the guest image,
 * the data disk, the record of which process runs the VM, and the clean-up of what a crash leaves behind.
 *
 *   <data>/vm/     settings.json, data.qcow2, certs/, console.log, qemu.log, accelerators.json, guest/
 *   <runtime>/vm/  docker.sock (0600, folder 0700), api.sock (QEMU's end of the API channel), qmp.sock,
 *                  qemu.pid, owner.json
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VmAcceleratorName, VmDriverName, VmGuestImage } from '../engine/contract/vm-types';
import type { CertFiles } from './host/certs';
import { guestFolderName, hostGuestArch } from './guest/contents';
import { hostEndpoint } from './host/endpoint';
import type { HostEndpoint } from './host/endpoint';
import { isAlive, processStartTime } from '../engine/ownership/process-identity';

export interface VmFiles {
  dir: string;
  runDir: string;
  settings: string;
  disk: string;
  certs: string;
  consoleLog: string;
  qemuLog: string;
  accelerators: string;
  guestConfig: string;
  guestShares: string;
  /** Where the engine is offered to the user's tools: see host/endpoint.ts. */
  endpoint: HostEndpoint;
  /** The endpoint's path: the unix socket, or the named pipe on Windows. */
  socket: string;
  qmpSocket: string;
  /** QEMU's end of the API channel (virtio-serial; host/api-channel.ts), where the guest has the relay. */
  apiChannel: string;
  pidFile: string;
  owner: string;
  /** Left by a Berth that asks the owner to stop the VM (the user confirmed it there). */
  stopRequest: string;
}

export function vmFiles(dataDir: string, runtimeDir: string, platform: NodeJS.Platform = process.platform): VmFiles {
  const dir = path.join(dataDir, 'vm');
  const runDir = path.join(runtimeDir, 'vm');
  const endpoint = hostEndpoint(runDir, platform);
  return {
    dir,
    runDir,
    settings: path.join(dir, 'settings.json'),
    disk: path.join(dir, 'data.qcow2'),
    certs: path.join(dir, 'certs'),
    consoleLog: path.join(dir, 'console.log'),
    qemuLog: path.join(dir, 'qemu.log'),
    accelerators: path.join(dir, 'accelerators.json'),
    guestConfig: path.join(dir, 'guest', 'config'),
    guestShares: path.join(dir, 'guest', 'shares'),
    endpoint,
    socket: endpoint.path,
    qmpSocket: path.join(runDir, 'qmp.sock'),
    apiChannel: path.join(runDir, 'api.sock'),
    pidFile: path.join(runDir, 'qemu.pid'),
    owner: path.join(runDir, 'owner.json'),
    stopRequest: path.join(runDir, 'stop-request.json'),
  };
}

/** Who runs the VM now: the Berth process serving its socket, and what it started QEMU with. */
export interface OwnerRecord {
  pid: number;
  /** The owner's start time (/proc), so a reused process id is never taken for the owner. */
  ownerStart?: string;
  /** The process whose life is the VM's: QEMU, or under WSL the wsl.exe session keeping it up. */
  vmPid: number;
  /** Its start time (/proc), so a reused process id is never adopted or killed as the VM's. */
  vmStart?: string;
  /** The owner is the app, which stops the VM when another Berth asks (stop-request.json); the command line is sent SIGTERM instead. */
  takesStopRequests?: boolean;
  apiPort: number;
  driver?: VmDriverName;
  accelerator: VmAcceleratorName | 'hyperv';
  acceleratorReason: string;
  startedAt: number;
  bootSeconds?: number;
}

export function readOwner(files: VmFiles): OwnerRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(files.owner, 'utf8')) as OwnerRecord & { qemuPid?: number; qemuStart?: string };
    // A record written by an earlier Berth names the VM's process qemuPid (under WSL too).
    const { qemuPid, qemuStart, ...rest } = record;
    return { ...rest, vmPid: rest.vmPid ?? qemuPid!, vmStart: rest.vmStart ?? qemuStart };
  } catch {
    return undefined;
  }
}

export function writeOwner(files: VmFiles, owner: OwnerRecord): void {
  fs.writeFileSync(`${files.owner}.tmp`, JSON.stringify(owner), { mode: 0o600 });
  fs.renameSync(`${files.owner}.tmp`, files.owner);
}

export function processAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` is the QEMU that runs this VM's disk now: a qemu-system process whose arguments name the
 * disk (where /proc tells; elsewhere, whether the process exists), started when its record says. Only
 * such a process is adopted or sent a signal.
 */
export function qemuAlive(pid: number | undefined, files?: VmFiles, startTime?: string): boolean {
  if (!pid || !processAlive(pid)) return false;
  let args: string;
  try {
    args = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1');
  } catch {
    return process.platform !== 'linux';
  }
  if (!args.includes('qemu-system')) return false;
  if (files && !args.includes(files.disk)) return false;
  return startTime === undefined || processStartTime(pid) === startTime;
}

/** Whether the Berth process a record names still runs (and is not another process with its old id). */
export function ownerAlive(owner: OwnerRecord | undefined): boolean {
  if (!owner) return false;
  return owner.ownerStart === undefined ? processAlive(owner.pid) : isAlive({ pid: owner.pid, startTime: owner.ownerStart });
}

export function readQemuPid(files: VmFiles): number | undefined {
  try {
    const pid = Number(fs.readFileSync(files.pidFile, 'utf8').trim());
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Removes what a crashed VM or Berth left: pid file, QMP socket, the host socket, the owner record. */
export function removeStaleFiles(files: VmFiles): string[] {
  const removed: string[] = [];
  // A named pipe goes away with the process that served it; only a unix socket's file stays behind.
  const socket = files.endpoint.kind === 'socket' ? [files.socket] : [];
  for (const file of [files.pidFile, files.qmpSocket, files.apiChannel, ...socket, files.owner, files.stopRequest]) {
    if (fs.existsSync(file)) {
      fs.rmSync(file, { force: true });
      removed.push(path.basename(file));
    }
  }
  return removed;
}

/**
 * Where the built guest is: BERTH_VM_GUEST_DIR, the package's resources/guest, or vm/dist/guest-<arch> of a
 * clone: this computer's architecture first, then the other (which runs only emulated, and says so).
 */
export function guestDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BERTH_VM_GUEST_DIR) return env.BERTH_VM_GUEST_DIR;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const own = hostGuestArch();
  const folders = [guestFolderName(own), guestFolderName(own === 'amd64' ? 'arm64' : 'amd64')];
  // Sources (vm/*.ts), a bundle in the repo's dist/, or a bundle built elsewhere (BERTH_DIST) run from the repo.
  const candidates = folders.flatMap((f) => [path.resolve(here, 'dist', f), path.resolve(here, '../../vm/dist', f), path.resolve('vm/dist', f)]);
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.unshift(path.join(resources, 'guest'));
  return candidates.find((d) => fs.existsSync(path.join(d, 'manifest.json'))) ?? path.resolve('vm/dist', guestFolderName(own));
}

export function guestImage(dir: string): VmGuestImage & { kernelFile?: string; pvhKernelFile?: string; initramfsFile?: string; rootFile?: string; apiRelay?: boolean } {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      arch?: 'amd64' | 'arm64';
      kernelVersion: string;
      compression: string;
      root?: { file: string };
      packages: { name: string; version: string }[];
      outputs: Record<string, { bytes: number }>;
      apiRelay?: unknown;
    };
    const initramfs = `initramfs.cpio.${manifest.compression}`;
    const kernelFile = path.join(dir, 'vmlinuz');
    const initramfsFile = path.join(dir, initramfs);
    // Guests built before the read-only root image had their whole root in the initramfs.
    const rootFile = manifest.root ? path.join(dir, path.basename(manifest.root.file)) : undefined;
    if (!fs.existsSync(kernelFile) || !fs.existsSync(initramfsFile) || (rootFile && !fs.existsSync(rootFile))) return { built: false, dir };
    // x86-64 guests since PVH boot also carry their kernel unpacked, for emulation (vm/guest/build.ts).
    const pvhKernelFile = fs.existsSync(path.join(dir, 'vmlinux-pvh')) ? path.join(dir, 'vmlinux-pvh') : undefined;
    const engine = manifest.packages.find((p) => p.name === 'docker.io')?.version.replace(/\+.*$/, '');
    const bytes = Object.values(manifest.outputs).reduce((n, o) => n + o.bytes, 0);
    // Guests built before arm64 was offered were all x86-64.
    return { built: true, dir, arch: manifest.arch ?? 'amd64', kernel: manifest.kernelVersion, engine, bytes, kernelFile, pvhKernelFile, initramfsFile, rootFile, apiRelay: Boolean(manifest.apiRelay) };
  } catch {
    return { built: false, dir };
  }
}

/** qemu-img, run without blocking: a disk being grown or inspected must not hold up everything else. */
const qemuImg = (args: string[]) => promisify(execFile)('qemu-img', args, { encoding: 'utf8' });

/** The data disk's virtual size in GiB (qemu-img info), or undefined when it does not exist. */
export async function diskSizeGiB(disk: string): Promise<number | undefined> {
  if (!(await fs.promises.stat(disk).catch(() => undefined))) return undefined;
  const { stdout } = await qemuImg(['info', '--output=json', '-U', disk]);
  const info = JSON.parse(stdout) as { 'virtual-size': number };
  return Math.round(info['virtual-size'] / 2 ** 30);
}

/** Bytes the disk file really takes on the host (it is sparse: deleted data given back by fstrim shrinks it). */
export function diskUsedBytes(disk: string): number | undefined {
  try {
    return fs.statSync(disk).blocks * 512;
  } catch {
    return undefined;
  }
}

/** Creates the sparse qcow2 data disk, or grows it to `sizeGiB`. It is formatted by the guest. */
export async function ensureDisk(disk: string, sizeGiB: number): Promise<void> {
  const current = await diskSizeGiB(disk);
  if (current === undefined) {
    await fs.promises.mkdir(path.dirname(disk), { recursive: true, mode: 0o700 });
    await qemuImg(['create', '-q', '-f', 'qcow2', '-o', 'lazy_refcounts=on', disk, `${sizeGiB}G`]);
  } else if (current < sizeGiB) {
    await qemuImg(['resize', '-q', disk, `${sizeGiB}G`]);
  }
}

/** GET /_ping over mutual TLS; resolves true when the engine answers OK. */
export function pingTls(certs: CertFiles, port: number, timeoutMs = 3000, withClientCert = true): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        path: '/_ping',
        ca: fs.readFileSync(certs.ca),
        cert: withClientCert ? fs.readFileSync(certs.cert) : undefined,
        key: withClientCert ? fs.readFileSync(certs.key) : undefined,
        servername: 'localhost',
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(res.statusCode === 200 && body === 'OK'));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}
