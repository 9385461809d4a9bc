/**
 * The Linux VM's shapes as they cross the boundary (plain data). vm/ uses them too, for types only.
 */

export type VmState = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

export type VmAcceleratorName = 'kvm' | 'hvf' | 'whpx' | 'tcg';

/** QEMU everywhere; on Windows also WSL 2, which imports the same guest as a distribution. */
export type VmDriverName = 'qemu' | 'wsl';

export interface VmSettings {
  cpus: number;
  memoryMiB: number;
  /** The data disk's size; it only ever grows. */
  diskGiB: number;
  /** Host folders shared with the guest at the same path (for `-v /path:/x`). */
  shares: string[];
  /** `auto` probes the host's accelerator and falls back to emulation (tcg). QEMU only. */
  accelerator: 'auto' | VmAcceleratorName;
  driver: VmDriverName;
}

export interface VmAccelerator {
  /** `hyperv`: WSL 2 runs the guest in Windows' own Hyper-V based VM. */
  name: VmAcceleratorName | 'hyperv';
  /** Why this one, in words: "KVM did not start the guest within 15 s on this machine, so ...". */
  reason: string;
}

export interface VmForwardedPort {
  port: number;
  protocol: 'tcp' | 'udp';
  /** The container that published it (name without the slash). */
  container: string;
  state: 'forwarded' | 'failed';
  /** Why it could not be forwarded, e.g. the host port is taken. */
  problem?: string;
}

export interface VmGuestImage {
  /** Whether `npm run vm:build` (or a packaged build) has produced the guest. */
  built: boolean;
  dir: string;
  /** The architecture it is built for (Debian's name): x86-64 runs accelerated on Intel and AMD, arm64 on Apple silicon. */
  arch?: 'amd64' | 'arm64';
  kernel?: string;
  engine?: string;
  /** Compressed image size (kernel, initramfs and read-only root image). */
  bytes?: number;
}

export interface VmStatus {
  /** Whether this machine can run the VM (QEMU found, or WSL on Windows). */
  supported: boolean;
  /** What to install when it cannot. */
  installHint?: string;
  driver: VmDriverName;
  /** The drivers this machine can choose between (WSL 2 is offered on Windows only). */
  drivers: VmDriverName[];
  /** The VM's name: typed by the user to confirm a factory reset. */
  name: string;
  state: VmState;
  /** The last failure, in words. */
  error?: string;
  /** The VM stopped without being asked to (QEMU died or was killed): offer a restart. */
  crashed: boolean;
  accelerator?: VmAccelerator;
  /** Where only this user can reach the engine (a unix socket, or a named pipe on Windows), the same as
   *  DOCKER_HOST writes it, and the docker context that points at it. */
  socket: string;
  dockerHost: string;
  context: string;
  pid?: number;
  /** Another Berth process (e.g. `berth vm start` in a terminal) runs this VM. */
  owner?: { pid: number; self: boolean };
  /** Other Berth processes using the VM now: stopping it stops theirs too, so the UI asks first. */
  others?: number;
  /** Seconds from QEMU's start until the engine answered, for the last start. */
  bootSeconds?: number;
  settings: VmSettings;
  /** Host limits for the settings form: CPUs and memory this machine has, the disk's current size. */
  limits: { cpus: number; memoryMiB: number; diskGiB: number };
  guest: VmGuestImage;
  disk: { file: string; exists: boolean };
  ports: VmForwardedPort[];
  /** Where the VM's files are: its disk, certificates and console log. */
  dir: string;
}

export interface VmDoctorCheck {
  name: string;
  ok: boolean;
  /** What was found, or what was repaired, or what the user must do. */
  detail: string;
  repaired?: boolean;
}
