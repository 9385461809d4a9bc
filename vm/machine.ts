/**
 * Berth's Linux VM, its life cycle: start, stop, restart, factory reset, a death noticed and said, and the
 * host side while it runs (the private socket, the `berth` docker context and the forwarded ports).
 * What runs the VM is its driver (driver.ts): QEMU (qemu/) everywhere, or WSL 2 (wsl/) on Windows.
 *
 * The VM outlives a `berth vm start` in a terminal; whichever Berth process runs it is its owner
 * (owner.json). Another process sees it as running elsewhere, and adopts it if the owner is gone.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { UserError } from '../engine/contract/errors';
import type { VmAccelerator, VmDriverName, VmForwardedPort, VmSettings, VmState, VmStatus } from '../engine/contract/vm-types';
import type { VmDriver } from './driver';
import { ensureCertificates } from './host/certs';
import { CONTEXT_NAME } from './host/docker-context';
import { VmHostSide } from './host/host-side';
import { diskSizeGiB, diskUsedBytes, ensureDisk, ownerAlive, processAlive, readOwner, removeStaleFiles, vmFiles, writeOwner } from './machine-files';
import { Ownership } from '../engine/ownership/ownership';
import { processStartTime } from '../engine/ownership/process-identity';
import type { OwnerRecord, VmFiles } from './machine-files';
import { QemuDriver, STOP_TIMEOUT_MS } from './qemu/qemu-driver';
import { driversFor, hostLimits, loadVmSettings, saveVmSettings, validateSettings } from './settings';
import type { WslRuntimeOptions } from './wsl/wsl-runtime';
import { WslVmDriver } from './wsl/wsl-vm-driver';

export const VM_NAME = 'berth';

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
  /** The driver running the VM from this process, while it does. */
  private active: VmDriver | undefined;
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
  private readonly driverImpls: Record<VmDriverName, VmDriver>;
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
    this.driverImpls = { qemu: new QemuDriver(this.files, this.env), wsl: new WslVmDriver(this.files.dir, this.env, options.wsl) };
    this.refreshFromOwner();
    // qemu-img answers later: until then the settings' size stands in for the disk's.
    void this.readDiskGiB();
  }

  get supported(): boolean {
    return this.driver.supported;
  }

  /** The driver the settings choose (the one that starts the VM next). */
  private get driver(): VmDriver {
    return this.driverImpls[this.settings.driver];
  }

  /** Whether this process runs the VM now. */
  private get attached(): boolean {
    return Boolean(this.active?.attached);
  }

  status(): VmStatus {
    this.refreshFromOwner();
    const limits = hostLimits();
    const supported = this.supported;
    const owner = this.owner;
    const accelerator: VmAccelerator | undefined = owner ? { name: owner.accelerator, reason: owner.acceleratorReason } : undefined;
    const driver = this.driver;
    return {
      supported,
      installHint: supported ? undefined : driver.installHint,
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
      pid: owner?.vmPid,
      owner: owner ? { pid: owner.pid, self: owner.pid === process.pid } : undefined,
      others: this.state === 'running' ? this.others() : 0,
      bootSeconds: owner?.bootSeconds,
      settings: this.settings,
      limits: { ...limits, diskGiB: this.diskGiB ?? this.settings.diskGiB },
      guest: driver.guest(),
      disk: driver.disk(),
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
    return { maxGiB: this.driver.sizesDisk ? status.limits.diskGiB : undefined, onHostBytes: diskUsedBytes(status.disk.file) };
  }

  /** Other Berth processes using the VM now (its owner included when that is another process). */
  others(): number {
    const others = this.clients.others().map((c) => c.pid);
    const owner = this.owner;
    if (owner && owner.pid !== process.pid && ownerAlive(owner) && !others.includes(owner.pid)) others.push(owner.pid);
    return others.length;
  }

  consoleLines(max = 400): string[] {
    return (this.active ?? this.driver).console(max);
  }

  /** Takes over a VM whose owner is gone (Berth crashed or a terminal was closed), or cleans up after one. */
  async resume(): Promise<VmStatus> {
    if (this.attached) return this.status();
    const owner = readOwner(this.files);
    if (owner && owner.pid !== process.pid && ownerAlive(owner)) return this.status();
    const driver = this.driverImpls[owner?.driver ?? 'qemu'];
    if (owner && driver.alive(owner)) {
      try {
        if (await driver.adopt(owner, ensureCertificates(this.files.certs), (error) => this.onExit(driver, error))) {
          this.active = driver;
          await this.attachHost({ ...owner, pid: process.pid });
          this.setState('running');
          return this.status();
        }
      } catch {
        driver.release();
        this.active = undefined;
      }
    }
    if (!driver.alive(owner)) removeStaleFiles(this.files);
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
      if (fs.existsSync(this.files.disk)) await ensureDisk(this.files.disk, valid.diskGiB);
      await this.readDiskGiB();
    }
    this.emit('change', this.status());
    return this.status();
  }

  /** Deletes the data disk (images, containers, volumes) after the user typed the VM's name. */
  factoryReset(typedName: string): Promise<VmStatus> {
    return this.serialise(async () => {
      if (typedName !== VM_NAME) throw new UserError(`Type the VM’s name, “${VM_NAME}”, to confirm that its disk is deleted.`, 'invalid-input');
      if (this.state !== 'stopped' && this.state !== 'failed') await this.doStop();
      await this.driver.reset();
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
    this.active?.release();
    this.active = undefined;
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
    const driver = this.driver;
    // A VM still running on this disk that could not be taken over is never booted beside: the second
    // would fail on the disk's lock, and cleaning up after it would drop the first one's records.
    const orphan = driver.orphan();
    if (orphan) {
      throw new UserError(`The VM’s QEMU is still running (process ${orphan}) but does not answer Berth. Stop it (kill ${orphan}) and start the VM again.`, 'engine-error');
    }
    driver.checkStart();
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
      this.active = driver;
      const run = await driver.start({ settings: this.settings, certs, mark: (what) => void mark(what) }, (error) => this.onExit(driver, error));
      await this.readDiskGiB();
      await this.attachHost({
        pid: process.pid,
        vmPid: run.pid,
        vmStart: run.startTime,
        apiPort: run.apiPort,
        driver: driver.name,
        accelerator: run.accelerator,
        acceleratorReason: run.acceleratorReason,
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

  /**
   * The VM went away (its driver noticed): the host side is taken down and its records removed. Unless
   * this process was stopping or still starting it, that is a crash, said in the driver's words.
   */
  private onExit(driver: VmDriver, error: string): void {
    if (this.active !== driver) return;
    const expected = this.stopping;
    this.closing = this.detachHost().then(() => {
      removeStaleFiles(this.files);
      this.owner = undefined;
      if (expected || this.state === 'starting') {
        if (this.state !== 'starting') this.setState('stopped');
        return;
      }
      this.crashed = true;
      this.error = error;
      this.setState('failed');
    });
  }

  private async doStop(options: { othersConfirmed?: boolean } = {}): Promise<VmStatus> {
    await this.resume();
    const owner = this.owner;
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
      while (processAlive(owner.vmPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (!processAlive(owner.vmPid)) {
        // The owner (which may well keep running) has stopped it.
        this.owner = undefined;
        this.setState('stopped');
        return this.status();
      }
      this.state = 'stopped'; // let the owner's records say what is true now
      return this.resume();
    }
    const driver = this.active;
    if (!driver?.attached) {
      this.setState('stopped');
      return this.status();
    }
    this.stopping = true;
    this.setState('stopping');
    // The forwards go while the VM still runs; then the driver stops it through the guest.
    await this.detachHost();
    const error = await driver.stop();
    if (error) this.error = error;
    await this.closing;
    if (this.state === 'stopping') {
      // A driver that says nothing once it stopped as asked (WSL): its records go here.
      removeStaleFiles(this.files);
      this.owner = undefined;
      this.active = undefined;
      this.setState('stopped');
    }
    return this.status();
  }

  /** Stops the VM at once (after a failed start, or a guest that hangs or does not shut down). */
  private async forceStop(): Promise<void> {
    this.stopping = true;
    await (this.active ?? this.driver).forceStop();
    await this.detachHost();
    removeStaleFiles(this.files);
  }

  /** The host side of a running VM: the private socket, the docker context and the port forwards. */
  private async attachHost(owner: OwnerRecord): Promise<void> {
    const driver = this.active ?? this.driver;
    this.host = await VmHostSide.attach(this.files, owner.apiPort, driver.ports(), driver.consoleLog, this.env, {
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
      if (this.state !== 'running' || !this.attached) return;
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

  /** For a VM run by another process: its state is what its owner record and QEMU's pid say. */
  private refreshFromOwner(): void {
    if (this.attached || this.state === 'starting' || this.state === 'stopping') return;
    const owner = readOwner(this.files);
    const driver = owner && this.driverImpls[owner.driver ?? 'qemu'];
    if (owner && owner.pid !== process.pid && ownerAlive(owner) && driver!.alive(owner)) {
      this.owner = owner;
      this.state = 'running';
      this.join();
    } else if (owner && owner.pid !== process.pid && !ownerAlive(owner) && driver!.alive(owner) && this.watcher && !this.adopting) {
      // Its owner quit and left it running: this Berth takes it over (and so becomes the one that stops it).
      this.adopting = true;
      setImmediate(() => void this.resume().catch(() => undefined).finally(() => (this.adopting = false)));
    } else if (this.state === 'running') {
      this.owner = undefined;
      this.state = 'stopped';
    }
  }

  /** Reads the disk's size (qemu-img, without blocking); a change is announced like any other. */
  private async readDiskGiB(): Promise<void> {
    const size = await diskSizeGiB(this.files.disk).catch(() => undefined);
    if (size === this.diskGiB) return;
    this.diskGiB = size;
    this.emit('change', this.status());
  }

  private setState(state: VmState): void {
    this.state = state;
    this.emit('change', this.status());
  }
}
