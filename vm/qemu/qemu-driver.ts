/**
 * The VM under QEMU: boot (probing the accelerator), readiness, a clean stop through the guest (ACPI power
 * button) with a forced stop after a timeout, and a death noticed the instant QEMU's control socket closes.
 * QEMU runs detached, so the VM outlives the process that started it; another Berth takes it over
 * through the same control socket.
 */
import fs from 'node:fs';
import { UserError } from '../../engine/contract/errors';
import type { VmStatus } from '../../engine/contract/vm-types';
import type { CertFiles } from '../host/certs';
import type { VmDriver, VmExit, VmRun, VmStartRequest } from '../driver';
import { findProgram } from '../find-program';
import { hostGuestArch } from '../guest/contents';
import type { GuestArch } from '../guest/contents';
import { ensureDisk, guestDir, guestImage, processAlive, qemuAlive, readQemuPid } from '../machine-files';
import type { OwnerRecord, VmFiles } from '../machine-files';
import { processStartTime } from '../../engine/ownership/process-identity';
import { bootGuest, waitForEngine } from './boot';
import { acceleratorCandidates, qemuInstallHint, qemuProgram } from './command';
import { consoleTail, lastProblem } from './console';
import { QmpClient } from './qmp';

/** dockerd gives each container 10 s to stop, then the guest trims and unmounts. */
export const STOP_TIMEOUT_MS = 45_000;
/** How long a new start waits for the last QEMU to finish exiting (it frees the guest's RAM first). */
export const EXIT_WAIT_MS = 15_000;

/** A QEMU this driver ran, by pid and start time, so a reused pid is never mistaken for it. */
interface QemuProcess {
  pid: number;
  start: string | undefined;
}

// Not qemuAlive: a QEMU that is exiting has already given up its memory, and its command line reads empty.
function stillThere(qemu: QemuProcess): boolean {
  return processAlive(qemu.pid) && (qemu.start === undefined || processStartTime(qemu.pid) === qemu.start);
}

export class QemuDriver implements VmDriver {
  readonly name = 'qemu' as const;
  readonly sizesDisk = true;
  private qmp: QmpClient | undefined;
  /** The QEMU whose control socket closed last: it may still be exiting, and holding the disk's lock. */
  private exiting: QemuProcess | undefined;

  constructor(
    private readonly files: VmFiles,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The architecture of the guest that is built: it decides which QEMU runs it. */
  private get arch(): GuestArch {
    return guestImage(guestDir(this.env)).arch ?? hostGuestArch();
  }

  get supported(): boolean {
    return Boolean(findProgram(qemuProgram(this.arch), this.env) && findProgram('qemu-img', this.env));
  }

  get installHint(): string {
    return qemuInstallHint(process.platform, this.arch);
  }

  guest(): VmStatus['guest'] {
    return (({ kernelFile: _k, pvhKernelFile: _p, initramfsFile: _i, rootFile: _f, apiRelay: _r, ...image }) => image)(guestImage(guestDir(this.env)));
  }

  disk(): { file: string; exists: boolean } {
    return { file: this.files.disk, exists: fs.existsSync(this.files.disk) };
  }

  get attached(): boolean {
    return Boolean(this.qmp && !this.qmp.isClosed);
  }

  alive(record: OwnerRecord | undefined): boolean {
    return qemuAlive(readQemuPid(this.files) ?? record?.vmPid, this.files, record?.vmStart);
  }

  orphan(): number | undefined {
    const pid = readQemuPid(this.files);
    return qemuAlive(pid, this.files) ? pid : undefined;
  }

  checkStart(): void {
    if (!this.supported) throw new UserError(`Berth’s VM needs QEMU, which is not installed. ${this.installHint}`, 'not-installed');
    const image = guestImage(guestDir(this.env));
    if (!image.built || !image.kernelFile || !image.initramfsFile) {
      throw new UserError(`The VM’s guest image is not built (looked in ${image.dir}). Build it with: npm run vm:build`, 'not-installed');
    }
  }

  async start(request: VmStartRequest, onExit: VmExit): Promise<VmRun> {
    this.checkStart();
    await this.previousGone();
    const image = guestImage(guestDir(this.env));
    await ensureDisk(this.files.disk, request.settings.diskGiB);
    const arch = image.arch ?? hostGuestArch();
    const booted = await bootGuest({
      files: this.files,
      arch,
      settings: request.settings,
      certs: request.certs,
      kernel: image.kernelFile!,
      pvhKernel: image.pvhKernelFile,
      initramfs: image.initramfsFile!,
      apiRelay: Boolean(image.apiRelay),
      rootDisk: image.rootFile,
      candidates: acceleratorCandidates(request.settings.accelerator, process.platform, arch),
      env: this.env,
    });
    request.mark(`guest init running under ${booted.accelerator.name}`);
    const startTime = processStartTime(booted.pid);
    this.watch(booted.qmp, onExit, { pid: booted.pid, start: startTime });
    await waitForEngine(this.files, request.certs, booted, () => request.mark('the guest reports its engine ready'));
    request.mark('/_ping answered over mutual TLS');
    return {
      pid: booted.pid,
      startTime,
      apiPort: booted.apiPort,
      accelerator: booted.accelerator.name,
      acceleratorReason: booted.accelerator.reason,
    };
  }

  async adopt(record: OwnerRecord, _certs: CertFiles, onExit: VmExit): Promise<boolean> {
    try {
      const pid = readQemuPid(this.files) ?? record.vmPid;
      this.watch(await QmpClient.connect(this.files.qmpSocket, 3000), onExit, pid ? { pid, start: pid === record.vmPid ? record.vmStart : undefined } : undefined);
      return true;
    } catch {
      this.release();
      return false;
    }
  }

  async stop(): Promise<string | undefined> {
    const qmp = this.qmp;
    if (!qmp || qmp.isClosed) return undefined;
    const closed = new Promise<void>((resolve) => (qmp.isClosed ? resolve() : qmp.once('close', () => resolve())));
    // ACPI power button → the guest's init stops dockerd, trims and unmounts the disk, powers off.
    await qmp.execute('system_powerdown').catch(() => undefined);
    const clean = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), STOP_TIMEOUT_MS))]);
    let error: string | undefined;
    if (!clean) {
      error = `The guest did not shut down within ${STOP_TIMEOUT_MS / 1000} s, so Berth stopped it forcibly.`;
      await this.forceStop();
    }
    await closed;
    return error;
  }

  async forceStop(): Promise<void> {
    const pid = readQemuPid(this.files);
    await this.qmp?.execute('quit').catch(() => undefined);
    if (pid) {
      const deadline = Date.now() + 5000;
      while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Only this disk's QEMU: a pid file naming a process that has since been reused is never acted on.
      if (qemuAlive(pid, this.files)) process.kill(pid, 'SIGKILL');
    }
  }

  /**
   * The QEMU that ran last has let go of the disk. Its control socket closes before it has (a QEMU
   * killed with a 1 GiB guest was seen still holding the disk's lock when the next one opened it), so a
   * start right after a crash, a stop or a restart waits for the process to be gone.
   */
  private async previousGone(): Promise<void> {
    const last = this.exiting;
    if (!last) return;
    const began = Date.now();
    const deadline = began + EXIT_WAIT_MS;
    while (stillThere(last) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (this.env.BERTH_VM_DEBUG) console.error(`[berth] waited ${Date.now() - began} ms for the last QEMU (process ${last.pid}) to be gone`);
    if (stillThere(last)) {
      throw new UserError(`The VM’s last QEMU (process ${last.pid}) is still exiting and holds the VM’s disk. Start the VM again in a moment, or stop that process (kill ${last.pid}).`, 'engine-error');
    }
    this.exiting = undefined;
  }

  release(): void {
    // Closing the control socket is not QEMU going away: the VM keeps its records for the next Berth.
    const qmp = this.qmp;
    this.qmp = undefined;
    qmp?.close();
  }

  async reset(): Promise<void> {
    fs.rmSync(this.files.disk, { force: true });
  }

  ports(): QmpClient | undefined {
    return this.qmp;
  }

  get consoleLog(): string {
    return this.files.consoleLog;
  }

  console(max: number): string[] {
    return consoleTail(this.files.consoleLog, max);
  }

  /**
   * QEMU's control socket closing is QEMU going: said at once, whoever stopped it. The process itself
   * may take a moment longer (it frees the guest's RAM before it closes the disk), which the next start
   * waits out.
   */
  private watch(qmp: QmpClient, onExit: VmExit, qemu: QemuProcess | undefined): void {
    this.qmp = qmp;
    qmp.once('close', () => {
      if (this.qmp !== qmp) return;
      this.qmp = undefined;
      this.exiting = qemu;
      onExit(`The VM stopped unexpectedly (QEMU exited). The console’s last line: ${lastProblem(this.files.consoleLog) ?? '(nothing)'}`);
    });
  }
}
