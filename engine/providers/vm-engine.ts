/**
 * Berth's Linux VM as an engine provider, as managed-provider.ts is for the host's dockerd (the only thing
 * "managed engine" names). On macOS and Windows the VM is Berth's own engine (containers need a Linux
 * kernel); on Linux it can be chosen when QEMU is installed. The engine is reached through the VM's private socket (vm/host/socket-proxy.ts).
 *
 * This is the one place engine/ reaches into vm/ (lint enforces it): vm/ knows nothing of the backend,
 * and the rest of engine/ knows the VM only through this class and the contract's VM types.
 */
import { EventEmitter } from 'node:events';
import type { EngineStatus } from '../contract/types';
import type { VmDoctorCheck, VmSettings, VmStatus } from '../contract/vm-types';
import type { BerthPaths } from '../paths';
import { VmMachine } from '../../vm/machine';
import { runDoctor } from '../../vm/doctor';
import { followConsole } from '../../vm/qemu/console';
import type { VmDiskFacts } from '../docker/disk-usage';
import { openConnection } from './provider';
import type { EngineCandidate, EngineProvider, OnQuit, ProviderState } from './provider';

export class VmEngine extends EventEmitter<{ change: [VmStatus]; state: [ProviderState] }> implements EngineProvider {
  readonly id = 'vm';
  readonly label = 'Berth’s Linux VM';
  /** The machine itself: for the VM's own tests. Engine code uses the methods below. */
  readonly machine: VmMachine;

  constructor(paths: BerthPaths, env: NodeJS.ProcessEnv = process.env) {
    super();
    this.machine = new VmMachine({ dataDir: paths.data, runtimeDir: paths.runtime, env });
    this.machine.on('change', (status) => {
      this.emit('change', status);
      this.emit('state', { running: status.state === 'running' });
    });
  }

  /** The address the VM's engine is offered on (whether or not it runs): its unix socket, or named pipe on Windows. */
  get dockerHost(): string {
    return this.machine.dockerHost;
  }

  /** Whether the VM is offered as an engine here: always where it is Berth's own engine (macOS, Windows), else when QEMU exists. */
  get offered(): boolean {
    return process.platform !== 'linux' || this.machine.supported;
  }

  discover(): EngineCandidate[] {
    return this.offered ? [{ id: 'vm', kind: 'vm', label: this.label, host: this.dockerHost }] : [];
  }

  listedWhenStopped(): boolean {
    return true;
  }

  connect(candidate: EngineCandidate) {
    return openConnection(candidate);
  }

  overlay(s: EngineStatus): EngineStatus | undefined {
    if (s.state === 'running') return undefined;
    const v = this.status();
    if (v.state === 'starting') return { ...s, state: 'starting', reason: 'Berth’s VM is starting…' };
    if (v.state !== 'running') return { ...s, state: 'stopped', reason: v.error ?? 'Berth’s VM is stopped. Start it to manage containers.' };
    return undefined;
  }

  noEngineHint() {
    return this.offered ? { start: 'start Berth’s VM' } : undefined;
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

  /** Stops the VM; `othersConfirmed` when the user agreed to stop it for the other Berths that use it. */
  stop(othersConfirmed = false): Promise<VmStatus> {
    return this.machine.stop({ othersConfirmed });
  }

  restart(othersConfirmed = false): Promise<VmStatus> {
    return this.machine.restart({ othersConfirmed });
  }

  updateSettings(settings: VmSettings): Promise<VmStatus> {
    return this.machine.updateSettings(settings);
  }

  factoryReset(name: string): Promise<VmStatus> {
    return this.machine.factoryReset(name);
  }

  /** The data disk as the host sees it: its largest size and what its file takes now. */
  diskFacts(): VmDiskFacts {
    return this.machine.diskFacts();
  }

  consoleLines(): string[] {
    return this.machine.consoleLines();
  }

  /** Calls `onLines` with each new line of the VM's console until the returned function is called. */
  followConsole(onLines: (lines: string[]) => void): () => void {
    return followConsole(this.machine.consoleLog, onLines);
  }

  doctor(): Promise<VmDoctorCheck[]> {
    return runDoctor(this.machine);
  }

  /**
   * Berth is quitting: a VM this process runs is stopped cleanly when the user's preference says so and
   * no other Berth uses it; otherwise it runs on and the next Berth takes it over. One run from a
   * terminal, or by another Berth, is left alone.
   */
  dispose(onQuit: OnQuit): Promise<void> {
    return this.machine.dispose({ onQuit });
  }
}
