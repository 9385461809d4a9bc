/**
 * Berth's Linux VM as an engine provider, as managed-engine.ts is for the host's dockerd (the only thing
 * "managed engine" names). On macOS and Windows the VM is Berth's own engine (containers need a Linux
 * kernel); on Linux it can be chosen when QEMU is installed. The engine is reached through the VM's private socket (vm/host/socket-proxy.ts).
 */
import { EventEmitter } from 'node:events';
import type { VmDoctorCheck, VmSettings, VmStatus } from '../contract/vm-types';
import type { BerthPaths } from '../paths';
import { VmMachine } from '../../vm/machine';
import { runDoctor } from '../../vm/doctor';
import { diskUsedBytes } from '../../vm/machine-files';
import type { VmDiskFacts } from '../docker/disk-usage';

export class VmEngine extends EventEmitter<{ change: [VmStatus] }> {
  readonly machine: VmMachine;

  constructor(paths: BerthPaths, env: NodeJS.ProcessEnv = process.env) {
    super();
    this.machine = new VmMachine({ dataDir: paths.data, runtimeDir: paths.runtime, env });
    this.machine.on('change', (status) => this.emit('change', status));
  }

  /** The address the VM's engine is offered on (whether or not it runs): its unix socket, or named pipe on Windows. */
  get dockerHost(): string {
    return this.machine.files.endpoint.dockerHost;
  }

  /** Whether the VM is offered as an engine here: always where it is Berth's own engine (macOS, Windows), else when QEMU exists. */
  get offered(): boolean {
    return process.platform !== 'linux' || this.machine.supported;
  }

  /** Adopts a VM left running by an earlier Berth, and follows one run from a terminal. */
  async resume(): Promise<void> {
    this.machine.watchOwner();
    await this.machine.resume().catch((e: unknown) => console.warn('[berth] could not look after the VM:', e));
  }

  status(): VmStatus {
    return this.machine.status();
  }

  start(): Promise<VmStatus> {
    return this.machine.start();
  }

  stop(): Promise<VmStatus> {
    return this.machine.stop();
  }

  restart(): Promise<VmStatus> {
    return this.machine.restart();
  }

  updateSettings(settings: VmSettings): Promise<VmStatus> {
    return this.machine.updateSettings(settings);
  }

  factoryReset(name: string): Promise<VmStatus> {
    return this.machine.factoryReset(name);
  }

  /** The data disk as the host sees it: its largest size and what its file takes now. */
  diskFacts(): VmDiskFacts {
    const status = this.machine.status();
    return { maxGiB: status.driver === 'wsl' ? undefined : status.limits.diskGiB, onHostBytes: diskUsedBytes(status.disk.file) };
  }

  consoleLines(): string[] {
    return this.machine.consoleLines();
  }

  doctor(): Promise<VmDoctorCheck[]> {
    return runDoctor(this.machine);
  }

  /** Berth is quitting: a VM this process runs is stopped cleanly; one run from a terminal is left alone. */
  dispose(): Promise<void> {
    return this.machine.dispose({ stopVm: true });
  }
}
