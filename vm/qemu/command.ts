/**
 * The QEMU command line for Berth's VM, and which accelerators to try on this host, in order.
 * The accelerator is never trusted: the machine probes each one (vm/machine.ts) and falls back to tcg
 * when the guest does not come up.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { VmAcceleratorName, VmSettings } from '../../engine/contract/vm-types';
import { archName, hostGuestArch } from '../guest/contents';
import type { GuestArch } from '../guest/contents';

export interface QemuFiles {
  kernel: string;
  initramfs: string;
  /** The guest's read-only root image (erofs or squashfs), when the guest has one. */
  rootDisk?: string;
  disk: string;
  qmpSocket: string;
  consoleLog: string;
  pidFile: string;
  /** x86-64 only: a firmware that boots the kernel sooner than QEMU's default SeaBIOS (qboot), when found. */
  firmware?: string;
  /**
   * QEMU's end of the API channel (a unix socket QEMU listens on), where the guest has the relay that
   * answers on it (vm/guest/relay): the engine's API then leaves the guest by virtio-serial, not the network.
   */
  apiChannel?: string;
  /** fw_cfg files handed to the guest: certificates and its config. */
  guestFiles: Record<string, string>;
}

export interface QemuPlan {
  settings: VmSettings;
  /** The guest's architecture (its manifest says): which QEMU runs it and on which machine. */
  arch: GuestArch;
  accelerator: VmAcceleratorName;
  apiHostPort: number;
  files: QemuFiles;
  /** Folders shared over virtio-9p: tag → host path. */
  shares: { tag: string; path: string }[];
  /** TCG's translation cache in MiB (TCG_TB_SIZE_MIB unless set). */
  tbSizeMiB?: number;
  /** Kernel arguments added after Berth's own, for measuring what one changes (BERTH_VM_KERNEL_ARGS). */
  extraKernelArgs?: string;
}

export const GUEST_API_PORT = 2376;

/**
 * Under emulation the VM gets one vCPU whatever the settings say: with two, multi-threaded TCG has hung the
 * guest kernel ("soft lockup" in runc on a container's first start) on the machines Berth is developed
 * on, as the feasibility study saw too, and one vCPU boots within a second of two.
 */
export function vcpusFor(accelerator: VmAcceleratorName, cpus: number): number {
  return accelerator === 'tcg' ? 1 : cpus;
}

/** Whether /dev/kvm can be opened by this user (it existing is not enough). */
function kvmUsable(): boolean {
  try {
    fs.accessSync('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The accelerators worth trying here, best first, each with why it is (or is not) tried. */
export function acceleratorCandidates(
  choice: VmSettings['accelerator'],
  platform = process.platform,
  guestArch: GuestArch = hostGuestArch(),
  hostArch: string = process.arch,
): { name: VmAcceleratorName; why: string }[] {
  if (choice !== 'auto') return [{ name: choice, why: 'chosen in the VM’s settings' }];
  const tcg = { name: 'tcg' as const, why: 'emulation works everywhere' };
  if (guestArch !== hostGuestArch(hostArch)) {
    const why = `the guest is built for ${archName(guestArch)} and this computer is ${archName(hostGuestArch(hostArch))}: only emulation runs it (build the guest for this computer: npm run vm:build)`;
    return [{ name: 'tcg', why }];
  }
  if (platform === 'darwin') return [{ name: 'hvf', why: 'macOS’s Hypervisor.framework' }, tcg];
  if (platform === 'win32') return [{ name: 'whpx', why: 'the Windows Hypervisor Platform' }, tcg];
  if (platform === 'linux' && kvmUsable()) return [{ name: 'kvm', why: '/dev/kvm can be opened' }, tcg];
  return [{ name: 'tcg', why: platform === 'linux' ? '/dev/kvm is missing or cannot be opened by this user' : 'no hardware accelerator is known here' }];
}

/**
 * TCG's translation cache (MiB). It is resident in full once the guest has run a while (QEMU's default is
 * 1 GiB). 64 against 256, alternated in one run: idle QEMU 467 against 659 MiB, warm boots and the log read
 * no slower (README, the VM's figures).
 */
export const TCG_TB_SIZE_MIB = 64;

function accelArgs(name: VmAcceleratorName, arch: GuestArch, tbSizeMiB = TCG_TB_SIZE_MIB): string[] {
  switch (name) {
    case 'tcg':
      // Multi-threaded TCG with a small translation cache (TCG_TB_SIZE_MIB). An emulated arm64 CPU signs pointers with
      // QEMU's cheap implementation-defined algorithm, not the architected QARMA, which is slow to emulate.
      return ['-accel', `tcg,thread=multi,tb-size=${tbSizeMiB}`, '-cpu', arch === 'arm64' ? 'max,pauth-impdef=on' : 'max'];
    case 'kvm':
      return ['-accel', 'kvm', '-cpu', 'host'];
    case 'hvf':
      return ['-accel', 'hvf', '-cpu', 'host'];
    case 'whpx':
      // QEMU's tracker has "Unexpected VP exit code 4" with the in-kernel irqchip on whpx.
      return ['-accel', 'whpx,kernel-irqchip=off', '-cpu', 'max'];
  }
}

export function qemuArgs(plan: QemuPlan): string[] {
  const { settings, files } = plan;
  const fwcfg = Object.entries(files.guestFiles).flatMap(([name, file]) => ['-fw_cfg', `name=opt/berth/${name},file=${file}`]);
  const shares = plan.shares.flatMap((s, i) => [
    '-fsdev', `local,id=fs${i},path=${s.path},security_model=none`,
    '-device', `virtio-9p-pci,fsdev=fs${i},mount_tag=${s.tag}`,
  ]);
  return [
    '-name', 'berth',
    // arm64's virt machine: no firmware, the kernel started directly, a device tree, a PL011 serial port,
    // and the newest interrupt controller the accelerator can give (KVM on a GICv3-only host has no GICv2).
    '-machine', plan.arch === 'arm64' ? 'virt,gic-version=max' : 'q35',
    ...accelArgs(plan.accelerator, plan.arch, plan.tbSizeMiB),
    '-smp', String(vcpusFor(plan.accelerator, settings.cpus)),
    '-m', String(settings.memoryMiB),
    '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
    // qboot does only what a direct kernel boot needs (no option ROMs, no boot menu, no disk probing):
    // under emulation it reaches the kernel about 2 s sooner than SeaBIOS.
    ...(plan.arch === 'amd64' && files.firmware ? ['-bios', files.firmware] : []),
    '-kernel', files.kernel,
    '-initrd', files.initramfs,
    // apparmor=0: Debian's kernel enables AppArmor and the guest has no apparmor_parser.
    '-append', `console=${plan.arch === 'arm64' ? 'ttyAMA0' : 'ttyS0'} quiet apparmor=0 panic=-1${plan.extraKernelArgs ? ` ${plan.extraKernelArgs}` : ''}`,
    '-chardev', `file,id=con,path=${files.consoleLog}`, '-serial', 'chardev:con',
    // The API's forward, on the host's loopback only; container ports are added at run time over QMP.
    '-netdev', `user,id=n0,ipv6=off,hostfwd=tcp:127.0.0.1:${plan.apiHostPort}-10.0.2.15:${GUEST_API_PORT}`,
    // No option ROM: SeaBIOS would otherwise load iPXE's, and the VM never boots from the network.
    '-device', 'virtio-net-pci,netdev=n0,romfile=',
    '-drive', `if=none,id=d0,file=${files.disk},format=qcow2,discard=unmap,cache=writeback`,
    '-device', 'virtio-blk-pci,drive=d0',
    // The root image after the data disk, so the data disk stays /dev/vda; the initramfs finds the root by
    // its serial. Read-only: one image serves every boot, and QEMU's shared lock lets others read it too.
    ...(files.rootDisk
      ? ['-drive', `if=none,id=r0,file=${files.rootDisk},format=raw,readonly=on`, '-device', 'virtio-blk-pci,drive=r0,serial=berth-root']
      : []),
    '-device', 'virtio-rng-pci',
    // Free page reporting: the guest's kernel hands memory it no longer uses (a container's, once it
    // exited) back to QEMU, which releases it to the host, so an idle VM does not keep its peak.
    '-device', 'virtio-balloon-pci,free-page-reporting=on',
    ...shares,
    ...(files.apiChannel
      ? ['-device', 'virtio-serial-pci,max_ports=2', '-chardev', `socket,id=api,path=${files.apiChannel},server=on,wait=off`, '-device', 'virtserialport,chardev=api,name=berth.api']
      : []),
    ...fwcfg,
    '-qmp', `unix:${files.qmpSocket},server=on,wait=off`,
    '-pidfile', files.pidFile,
  ];
}

/**
 * qboot, where this QEMU installed it (Debian's qemu-system-data, Homebrew, QEMU's own installer all ship
 * it beside SeaBIOS). Without it the VM boots with SeaBIOS, as before.
 */
export function qbootFirmware(program: string | undefined, exists: (file: string) => boolean = fs.existsSync): string | undefined {
  const dirs = ['/usr/share/qemu', '/usr/local/share/qemu', '/opt/homebrew/share/qemu'];
  // QEMU's data folder beside its program: <prefix>/bin/qemu-system-x86_64 → <prefix>/share/qemu; on Windows <dir>/share.
  if (program) dirs.unshift(path.join(path.dirname(program), '..', 'share', 'qemu'), path.join(path.dirname(program), 'share'));
  return dirs.map((d) => path.join(d, 'qboot.rom')).find((f) => exists(f));
}

/** The QEMU that runs a guest of this architecture, on any host. */
export function qemuProgram(arch: GuestArch): string {
  return arch === 'arm64' ? 'qemu-system-aarch64' : 'qemu-system-x86_64';
}

export function qemuInstallHint(platform = process.platform, arch: GuestArch = hostGuestArch()): string {
  if (platform === 'darwin') return 'Install QEMU: brew install qemu';
  if (platform === 'win32') return 'Install QEMU for Windows (qemu.org), or enable WSL 2: wsl --install';
  return `Install QEMU: sudo apt-get install ${arch === 'arm64' ? 'qemu-system-arm' : 'qemu-system-x86'} qemu-utils`;
}
