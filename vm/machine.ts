/**
 * Berth's Linux VM under QEMU: start (probing the accelerator), readiness (reported by the guest, then
 * confirmed with /_ping over mutual TLS), clean stop through the guest with a forced stop after a timeout,
 * a death noticed the instant QEMU's control socket closes, and the host side while it runs: the private
 * socket, the `berth` docker context and the forwarded ports.
 *
 * QEMU runs detached, so the VM outlives a `berth vm start` in a terminal; whichever Berth process runs
 * it is its owner (owner.json). Another process sees it as running elsewhere, and adopts it if the owner
 * is gone.
 *
 * On Windows the driver may be WSL 2 instead (wsl/wsl-runtime.ts): the same guest, the same host side
 * (the user's pipe and the context), with WSL's own port relay in place of QEMU's forwards.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../engine/contract/errors';
import type { VmAccelerator, VmDriverName, VmForwardedPort, VmSettings, VmState, VmStatus } from '../engine/contract/vm-types';
import { ensureCertificates } from './host/certs';
import { CONTEXT_NAME } from './host/docker-context';
import { VmHostSide } from './host/host-side';
import { findProgram } from './find-program';
import {
  diskSizeGiB, diskUsedBytes, ensureDisk, guestDir, guestImage, ownerAlive, processAlive, qemuAlive, readOwner, readQemuPid, removeStaleFiles, vmFiles, writeOwner,
} from './machine-files';
import { Ownership } from '../engine/ownership/ownership';
import { processStartTime } from '../engine/ownership/process-identity';
import type { OwnerRecord, VmFiles } from './machine-files';
import { acceleratorCandidates, qemuInstallHint, qemuProgram } from './qemu/command';
import { consoleTail, lastProblem } from './qemu/console';
import { QmpClient } from './qemu/qmp';
import { bootGuest, waitForEngine } from './qemu/boot';
import { driversFor, hostLimits, loadVmSettings, saveVmSettings, validateSettings } from './settings';
import { WSL_INSTALL_HINT, WslRuntime } from './wsl/wsl-runtime';
import type { WslRuntimeOptions } from './wsl/wsl-runtime';
import { hostGuestArch } from './guest/contents';
import type { GuestArch } from './guest/contents';

export const VM_NAME = 'berth';
/** dockerd gives each container 10 s to stop, then the guest trims and unmounts. */
const STOP_TIMEOUT_MS = 45_000;

export interface VmMachineOptions {
  dataDir: string;
  runtimeDir: string;
  env?: NodeJS.ProcessEnv;
  /** For tests: the drivers to offer, and what stands in for wsl.exe. */
  drivers?: VmDriverName[];
  wsl?: Pick<WslRuntimeOptions, 'run' | 'keepAlive' | 'apiPort'>;
}

export class VmMachine extends EventEmitter<{ change: [VmStatus] }> {
  readonly files: VmFiles;
  private readonly env: NodeJS.ProcessEnv;
  private settings: VmSettings;
  private state: VmState = 'stopped';
  private error: string | undefined;
  private crashed = false;
  private owner: OwnerRecord | undefined;
  private qmp: QmpClient | undefined;
  private host: VmHostSide | undefined;
  private ports: VmForwardedPort[] = [];
  private stopping = false;
  private transition: Promise<unknown> = Promise.resolve();
  private watcher: fs.FSWatcher | undefined;
  /** Settles once the host side is cleaned up after QEMU went away. */
  private closing: Promise<void> = Promise.resolve();
  /** The disk's size as qemu-img last said (asking spawns a process, so not on every status). */
  private diskGiB: number | undefined;
  private readonly drivers: VmDriverName[];
  private readonly wsl: WslRuntime;
  /** Under WSL 2: the pid of the wsl.exe session keeping the distribution up, while this process runs it. */
  private wslPid: number | undefined;
  /** Every Berth using the VM leaves a lease here, so the owner never stops it under another on quit. */
  private readonly clients: Ownership<never>;
  private adopting = false;

  constructor(options: VmMachineOptions) {
    super();
    this.env = options.env ?? process.env;
    this.drivers = options.drivers ?? driversFor();
    this.files = vmFiles(options.dataDir, options.runtimeDir);
    this.clients = new Ownership<never>(this.files.runDir, 'vm', (_d): _d is never => false);
    this.settings = loadVmSettings(this.files.settings);
    this.wsl = new WslRuntime({ installDir: path.dirname(this.wslDisk), rootfsTar: path.join(guestDir(this.env), 'rootfs.tar'), env: this.env, ...options.wsl });
    this.diskGiB = this.readDiskGiB();
    this.refreshFromOwner();
  }

  get supported(): boolean {
    if (this.settings.driver === 'wsl') return this.wsl.supported;
    return Boolean(findProgram(qemuProgram(this.guestArch), this.env) && findProgram('qemu-img', this.env));
  }

  /** The architecture of the guest that is built: it decides which QEMU runs it. */
  private get guestArch(): GuestArch {
    return guestImage(guestDir(this.env)).arch ?? hostGuestArch();
  }

  private get wslDisk(): string {
    return path.join(this.files.dir, 'wsl', 'ext4.vhdx');
  }

  /** Whether this process runs the VM now (QEMU's control socket open, or WSL's session up). */
  private get attached(): boolean {
    return Boolean(this.qmp && !this.qmp.isClosed) || this.wslPid !== undefined;
  }

  status(): VmStatus {
    this.refreshFromOwner();
    const limits = hostLimits();
    const supported = this.supported;
    const owner = this.owner;
    const accelerator: VmAccelerator | undefined = owner ? { name: owner.accelerator, reason: owner.acceleratorReason } : undefined;
    const wsl = this.settings.driver === 'wsl';
    const image = (({ kernelFile: _k, initramfsFile: _i, ...image }) => image)(guestImage(guestDir(this.env)));
    return {
      supported,
      installHint: supported ? undefined : wsl ? WSL_INSTALL_HINT : qemuInstallHint(process.platform, this.guestArch),
      driver: this.settings.driver,
      drivers: this.drivers,
      name: VM_NAME,
      state: this.state,
      error: this.error,
      crashed: this.crashed,
      accelerator,
      socket: this.files.socket,
      dockerHost: this.files.endpoint.dockerHost,
      context: CONTEXT_NAME,
      pid: owner?.qemuPid,
      owner: owner ? { pid: owner.pid, self: owner.pid === process.pid } : undefined,
      others: this.state === 'running' ? this.others() : 0,
      bootSeconds: owner?.bootSeconds,
      settings: this.settings,
      limits: { ...limits, diskGiB: this.diskGiB ?? this.settings.diskGiB },
      guest: wsl ? { ...image, built: this.wsl.rootfsBuilt } : image,
      // Under WSL 2 the data lives in the distribution's own virtual disk, which `wsl --import` made.
      disk: wsl ? { file: this.wslDisk, exists: fs.existsSync(this.wslDisk) } : { file: this.files.disk, exists: fs.existsSync(this.files.disk) },
      ports: this.ports,
      dir: this.files.dir,
    };
  }

  /** Where the engine is offered to the user's tools. */
  get dockerHost(): string {
    return this.files.endpoint.dockerHost;
  }

  get consoleLog(): string {
    return this.files.consoleLog;
  }

  /** The data disk as the host sees it: its largest size and what its file takes now. */
  diskFacts(): { maxGiB?: number; onHostBytes?: number } {
    const status = this.status();
    return { maxGiB: status.driver === 'wsl' ? undefined : status.limits.diskGiB, onHostBytes: diskUsedBytes(status.disk.file) };
  }

  /** Other Berth processes using the VM now (its owner included when that is another process). */
  others(): number {
    const others = this.clients.others().map((c) => c.pid);
    const owner = this.owner;
    if (owner && owner.pid !== process.pid && ownerAlive(owner) && !others.includes(owner.pid)) others.push(owner.pid);
    return others.length;
  }

  consoleLines(max = 400): string[] {
    return consoleTail(this.files.consoleLog, max);
  }

  /** Takes over a VM whose owner is gone (Berth crashed or a terminal was closed), or cleans up after one. */
  async resume(): Promise<VmStatus> {
    if (this.attached) return this.status();
    const owner = readOwner(this.files);
    const qemuPid = owner?.driver === 'wsl' ? owner.qemuPid : readQemuPid(this.files);
    if (owner && owner.pid !== process.pid && ownerAlive(owner)) return this.status();
    if (owner?.driver === 'wsl' && processAlive(qemuPid)) {
      const certs = ensureCertificates(this.files.certs);
      if (await this.wsl.running(certs).catch(() => false)) {
        await this.attachHost({ ...owner, pid: process.pid });
        this.adoptWsl(owner.qemuPid);
        this.setState('running');
        return this.status();
      }
    } else if (owner && qemuPid && qemuAlive(qemuPid, this.files, owner.qemuStart)) {
      try {
        this.qmp = await QmpClient.connect(this.files.qmpSocket, 3000);
        this.watchQmp(this.qmp);
        await this.attachHost({ ...owner, pid: process.pid });
        this.setState('running');
        return this.status();
      } catch {
        this.qmp?.close();
        this.qmp = undefined;
      }
    }
    if (!qemuAlive(qemuPid, this.files, owner?.qemuStart)) removeStaleFiles(this.files);
    this.owner = undefined;
    if (this.state === 'running') this.setState('stopped');
    return this.status();
  }

  start(): Promise<VmStatus> {
    return this.serialise(() => this.doStart());
  }

  /** Stops the VM; one another Berth runs only when `othersConfirmed` says the user agreed. */
  stop(options: { othersConfirmed?: boolean } = {}): Promise<VmStatus> {
    return this.serialise(() => this.doStop(options));
  }

  restart(options: { othersConfirmed?: boolean } = {}): Promise<VmStatus> {
    return this.serialise(async () => {
      await this.doStop(options);
      return this.doStart();
    });
  }

  async updateSettings(next: VmSettings): Promise<VmStatus> {
    const running = this.state !== 'stopped' && this.state !== 'failed';
    const valid = validateSettings(next, this.settings, fs.existsSync(this.files.disk), this.drivers, running);
    this.settings = valid;
    await saveVmSettings(this.files.settings, valid);
    // The disk grows now when the VM is stopped, or at the next start (the guest grows its file system).
    if (this.state === 'stopped' || this.state === 'failed') {
      if (fs.existsSync(this.files.disk)) ensureDisk(this.files.disk, valid.diskGiB);
      this.diskGiB = this.readDiskGiB();
    }
    this.emit('change', this.status());
    return this.status();
  }

  /** Deletes the data disk (images, containers, volumes) after the user typed the VM's name. */
  factoryReset(typedName: string): Promise<VmStatus> {
    return this.serialise(async () => {
      if (typedName !== VM_NAME) throw new UserError(`Type the VM’s name, “${VM_NAME}”, to confirm that its disk is deleted.`, 'invalid-input');
      if (this.state !== 'stopped' && this.state !== 'failed') await this.doStop();
      if (this.settings.driver === 'wsl') await this.wsl.reset();
      fs.rmSync(this.files.disk, { force: true });
      fs.rmSync(this.files.consoleLog, { force: true });
      this.diskGiB = undefined;
      this.crashed = false;
      this.error = undefined;
      this.setState('stopped');
      return this.status();
    });
  }

  /** Follows the owner's record when another process runs the VM, so this one's status stays true. */
  watchOwner(): void {
    if (this.watcher) return;
    fs.mkdirSync(this.files.runDir, { recursive: true, mode: 0o700 });
    this.watcher = fs.watch(this.files.runDir, (_e, name) => {
      if (name === 'owner.json' && !this.attached) this.emit('change', this.status());
      // Another Berth asks this one, the owner, to stop the VM: the user confirmed it there.
      if (name === 'stop-request.json' && this.attached && fs.existsSync(this.files.stopRequest)) {
        fs.rmSync(this.files.stopRequest, { force: true });
        void this.stop().catch(() => undefined);
      }
    });
    this.watcher.on('error', () => undefined);
    // Following another process's VM must never keep this process alive by itself.
    this.watcher.unref();
  }

  /**
   * This process is done with the VM. `stopVm` stops one it runs (the command line); `onQuit` is the
   * user's preference for the app, applied only when no other Berth uses the VM: otherwise it runs on and
   * the next Berth takes it over. A VM another process runs is never stopped from here.
   */
  async dispose(options: { stopVm?: boolean; onQuit?: 'stop' | 'keep-running' }): Promise<void> {
    this.watcher?.close();
    this.watcher = undefined;
    const stop = options.stopVm || (options.onQuit === 'stop' && this.clients.others().length === 0);
    if (stop && this.attached) await this.stop().catch(() => undefined);
    else await this.detachHost();
    this.clients.leave();
    // A VM left running keeps its records (pid file, owner), so the next Berth takes it over: closing the
    // control socket here is not QEMU going away.
    const qmp = this.qmp;
    this.qmp = undefined;
    qmp?.close();
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const next = this.transition.then(work, work);
    this.transition = next.catch(() => undefined);
    return next;
  }

  private async doStart(): Promise<VmStatus> {
    await this.resume();
    if (this.state === 'running') return this.status();
    if (this.owner && ownerAlive(this.owner)) return this.status();
    // A QEMU still running on this disk that could not be taken over is never booted beside: the second
    // would fail on the disk's lock, and cleaning up after it would drop the first one's records.
    const orphan = this.settings.driver === 'qemu' ? readQemuPid(this.files) : undefined;
    if (qemuAlive(orphan, this.files)) {
      throw new UserError(`The VM’s QEMU is still running (process ${orphan}) but does not answer Berth. Stop it (kill ${orphan}) and start the VM again.`, 'engine-error');
    }
    if (this.settings.driver === 'wsl') return this.startWsl();
    if (!this.supported) throw new UserError(`Berth’s VM needs QEMU, which is not installed. ${qemuInstallHint(process.platform, this.guestArch)}`, 'not-installed');
    const image = guestImage(guestDir(this.env));
    if (!image.built || !image.kernelFile || !image.initramfsFile) {
      throw new UserError(`The VM’s guest image is not built (looked in ${image.dir}). Build it with: npm run vm:build`, 'not-installed');
    }
    this.error = undefined;
    this.crashed = false;
    this.stopping = false;
    this.setState('starting');
    const started = Date.now();
    // BERTH_VM_DEBUG=1 prints where a start spends its time.
    const mark = (what: string) => this.env.BERTH_VM_DEBUG && console.error(`[berth] vm start +${((Date.now() - started) / 1000).toFixed(2)} s: ${what}`);
    try {
      fs.mkdirSync(this.files.dir, { recursive: true, mode: 0o700 });
      fs.mkdirSync(this.files.runDir, { recursive: true, mode: 0o700 });
      fs.chmodSync(this.files.runDir, 0o700);
      const certs = ensureCertificates(this.files.certs);
      ensureDisk(this.files.disk, this.settings.diskGiB);
      this.diskGiB = this.readDiskGiB();
      const arch = image.arch ?? hostGuestArch();
      const booted = await bootGuest({
        files: this.files,
        arch,
        settings: this.settings,
        certs,
        kernel: image.kernelFile,
        initramfs: image.initramfsFile,
        candidates: acceleratorCandidates(this.settings.accelerator, process.platform, arch),
        env: this.env,
      });
      mark(`guest init running under ${booted.accelerator.name}`);
      this.qmp = booted.qmp;
      this.watchQmp(booted.qmp);
      await waitForEngine(this.files, certs, booted, () => mark('the guest reports its engine ready'));
      mark('/_ping answered over mutual TLS');
      await this.attachHost({
        pid: process.pid,
        qemuPid: booted.pid,
        apiPort: booted.apiPort,
        accelerator: booted.accelerator.name,
        acceleratorReason: booted.accelerator.reason,
        startedAt: started,
        bootSeconds: Math.round((Date.now() - started) / 100) / 10,
      });
      this.setState('running');
      return this.status();
    } catch (e) {
      await this.forceStop();
      this.error = e instanceof Error ? e.message : String(e);
      this.setState('failed');
      throw e instanceof UserError ? e : new UserError(this.error, 'engine-error');
    }
  }

  /** The WSL 2 driver's start: the distribution, its engine, then the same host side as under QEMU. */
  private async startWsl(): Promise<VmStatus> {
    if (!this.wsl.supported) throw new UserError(`Berth’s VM under WSL 2 needs WSL, which is not turned on. ${WSL_INSTALL_HINT}`, 'not-installed');
    this.error = undefined;
    this.crashed = false;
    this.stopping = false;
    this.setState('starting');
    const started = Date.now();
    let pid: number | undefined;
    try {
      fs.mkdirSync(this.files.dir, { recursive: true, mode: 0o700 });
      fs.mkdirSync(this.files.runDir, { recursive: true, mode: 0o700 });
      const certs = ensureCertificates(this.files.certs);
      pid = await this.wsl.start(certs);
      await this.attachHost({
        pid: process.pid,
        qemuPid: pid,
        apiPort: this.wsl.apiPort,
        driver: 'wsl',
        accelerator: 'hyperv',
        acceleratorReason: 'WSL 2 runs the guest in Windows’ own Hyper-V based VM.',
        startedAt: started,
        bootSeconds: Math.round((Date.now() - started) / 100) / 10,
      });
      this.adoptWsl(pid);
      this.setState('running');
      return this.status();
    } catch (e) {
      await this.detachHost();
      await this.wsl.stop(pid).catch(() => undefined);
      this.wslPid = undefined;
      removeStaleFiles(this.files);
      this.error = e instanceof Error ? e.message : String(e);
      this.setState('failed');
      throw e instanceof UserError ? e : new UserError(this.error, 'engine-error');
    }
  }

  /** Runs the WSL VM from this process, and notices when it goes away without being asked. */
  private adoptWsl(pid: number): void {
    this.wslPid = pid;
    this.wsl.watch(pid, (why) => {
      void this.serialise(async () => {
        if (this.wslPid !== pid) return;
        this.wslPid = undefined;
        await this.detachHost();
        removeStaleFiles(this.files);
        this.owner = undefined;
        this.crashed = true;
        this.error = `The VM stopped unexpectedly (${why}).`;
        this.setState('failed');
      });
    });
  }

  private async doStop(options: { othersConfirmed?: boolean } = {}): Promise<VmStatus> {
    await this.resume();
    const owner = this.owner;
    if (this.wslPid !== undefined) {
      const pid = this.wslPid;
      this.wslPid = undefined;
      this.stopping = true;
      this.setState('stopping');
      await this.detachHost();
      await this.wsl.stop(pid).catch((e: unknown) => (this.error = `WSL did not stop the distribution cleanly: ${(e as Error).message}`));
      removeStaleFiles(this.files);
      this.owner = undefined;
      this.setState('stopped');
      return this.status();
    }
    if (owner && owner.pid !== process.pid && ownerAlive(owner)) {
      // Another Berth process runs it: never stopped from here unless the user agreed to stop it for that one too.
      if (!options.othersConfirmed) {
        throw new UserError(`Another Berth (process ${owner.pid}) runs the VM. Stopping it stops that Berth’s containers too: confirm to stop it for everyone.`, 'conflict');
      }
      // Ask that process, which stops the VM cleanly: the app through a request it watches for (it keeps
      // running), `berth vm start` in a terminal with SIGTERM (it stops the VM and exits).
      this.setState('stopping');
      if (owner.takesStopRequests) fs.writeFileSync(this.files.stopRequest, JSON.stringify({ by: process.pid }), { mode: 0o600 });
      else process.kill(owner.pid, 'SIGTERM');
      const deadline = Date.now() + STOP_TIMEOUT_MS + 5000;
      while (processAlive(owner.qemuPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (!processAlive(owner.qemuPid)) {
        // The owner (which may well keep running) has stopped it.
        this.owner = undefined;
        this.setState('stopped');
        return this.status();
      }
      this.state = 'stopped'; // let the owner's records say what is true now
      return this.resume();
    }
    const qmp = this.qmp;
    if (!qmp || qmp.isClosed) {
      this.setState('stopped');
      return this.status();
    }
    this.stopping = true;
    this.setState('stopping');
    const closed = new Promise<void>((resolve) => (qmp.isClosed ? resolve() : qmp.once('close', () => resolve())));
    await this.detachHost();
    // ACPI power button → the guest's init stops dockerd, trims and unmounts the disk, powers off.
    await qmp.execute('system_powerdown').catch(() => undefined);
    const clean = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), STOP_TIMEOUT_MS))]);
    if (!clean) {
      this.error = `The guest did not shut down within ${STOP_TIMEOUT_MS / 1000} s, so Berth stopped it forcibly.`;
      await this.forceStop();
    }
    await closed;
    await this.closing;
    return this.status();
  }

  /** Kills QEMU (after a failed start, or a guest that does not shut down). */
  private async forceStop(): Promise<void> {
    const pid = readQemuPid(this.files) ?? this.owner?.qemuPid;
    this.stopping = true;
    await this.qmp?.execute('quit').catch(() => undefined);
    if (pid) {
      const deadline = Date.now() + 5000;
      while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Only this disk's QEMU: a pid file naming a process that has since been reused is never acted on.
      if (qemuAlive(pid, this.files)) process.kill(pid, 'SIGKILL');
    }
    await this.detachHost();
    removeStaleFiles(this.files);
  }

  /** The host side of a running VM: the private socket, the docker context and the port forwards. */
  private async attachHost(owner: OwnerRecord): Promise<void> {
    this.host = await VmHostSide.attach(this.files, owner.apiPort, this.qmp!, this.env, {
      onPorts: (ports) => {
        this.ports = ports;
        this.emit('change', this.status());
      },
      onGuestHung: (line) => {
        if (this.state === 'running') void this.onGuestHung(line);
      },
    });
    const record: OwnerRecord = {
      ...owner,
      ownerStart: processStartTime(process.pid),
      qemuStart: owner.driver === 'wsl' ? undefined : processStartTime(owner.qemuPid),
      takesStopRequests: Boolean(this.watcher),
    };
    this.owner = record;
    writeOwner(this.files, record);
    this.join();
  }

  private join(): void {
    try {
      this.clients.join();
    } catch {
      // the run folder is not there yet: the lease is left at the next look
    }
  }

  /** QEMU runs on but the guest answers nothing: stop it, say why, offer a restart. */
  private onGuestHung(line: string): Promise<void> {
    return this.serialise(async () => {
      if (this.state !== 'running' || !this.qmp) return;
      this.stopping = true;
      await this.forceStop();
      await this.closing;
      this.crashed = true;
      this.error = `The VM’s Linux kernel hung (${line}), so Berth stopped it. Start it again.`;
      this.setState('failed');
    });
  }

  private async detachHost(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    await host?.detach();
    this.ports = [];
  }

  private watchQmp(qmp: QmpClient): void {
    qmp.once('close', () => {
      if (this.qmp !== qmp) return;
      this.qmp = undefined;
      const expected = this.stopping;
      this.closing = this.detachHost().then(() => {
        removeStaleFiles(this.files);
        this.owner = undefined;
        if (expected || this.state === 'starting') {
          if (this.state !== 'starting') this.setState('stopped');
          return;
        }
        this.crashed = true;
        this.error = `The VM stopped unexpectedly (QEMU exited). The console’s last line: ${lastProblem(this.files.consoleLog) ?? '(nothing)'}`;
        this.setState('failed');
      });
    });
  }

  /** For a VM run by another process: its state is what its owner record and QEMU's pid say. */
  private refreshFromOwner(): void {
    if (this.attached || this.state === 'starting' || this.state === 'stopping') return;
    const owner = readOwner(this.files);
    if (owner && owner.pid !== process.pid && ownerAlive(owner) && qemuAlive(owner.qemuPid, this.files, owner.qemuStart)) {
      this.owner = owner;
      this.state = 'running';
      this.join();
    } else if (owner && owner.pid !== process.pid && !ownerAlive(owner) && qemuAlive(owner.qemuPid, this.files, owner.qemuStart) && this.watcher && !this.adopting) {
      // Its owner quit and left it running: this Berth takes it over (and so becomes the one that stops it).
      this.adopting = true;
      setImmediate(() => void this.resume().catch(() => undefined).finally(() => (this.adopting = false)));
    } else if (this.state === 'running') {
      this.owner = undefined;
      this.state = 'stopped';
    }
  }

  private readDiskGiB(): number | undefined {
    try {
      return diskSizeGiB(this.files.disk);
    } catch {
      return undefined;
    }
  }

  private setState(state: VmState): void {
    this.state = state;
    this.emit('change', this.status());
  }
}
