/**
 * What runs Berth's VM: QEMU (qemu/qemu-driver.ts) on every desktop, or WSL 2 (wsl/wsl-vm-driver.ts) on
 * Windows. The machine (machine.ts) keeps the life cycle (states, ownership between Berth processes, the
 * host side: socket, context, forwards) and asks its driver only what differs between the two.
 */
import type { VmAcceleratorName, VmDriverName, VmStatus } from '../engine/contract/vm-types';
import type { CertFiles } from './host/certs';
import type { OwnerRecord } from './machine-files';
import type { QmpClient } from './qemu/qmp';
import type { VmSettings } from '../engine/contract/vm-types';

/** What a started (or taken over) VM tells the machine, for its owner record. */
export interface VmRun {
  /** The process whose life is the VM's: QEMU, or under WSL the wsl.exe session keeping it up. */
  pid: number;
  /** That process's start time where the system says it, so a reused pid is never taken for it. */
  startTime?: string;
  /** Where the engine's API answers over mutual TLS, on the host's loopback. */
  apiPort: number;
  accelerator: VmAcceleratorName | 'hyperv';
  acceleratorReason: string;
}

export interface VmStartRequest {
  settings: VmSettings;
  certs: CertFiles;
  /** Says where a start spends its time (BERTH_VM_DEBUG). */
  mark: (what: string) => void;
}

/** Called once when the VM goes away; `error` is the sentence to show if nobody asked it to stop. */
export type VmExit = (error: string) => void;

export interface VmDriver {
  readonly name: VmDriverName;
  /** Whether this computer can run the VM with this driver, and if not what to install. */
  readonly supported: boolean;
  readonly installHint: string;
  /** The guest this driver boots, as the VM's status shows it. */
  guest(): VmStatus['guest'];
  /** The data disk (images, containers, volumes), and whether the VM's settings decide its largest size. */
  disk(): { file: string; exists: boolean };
  readonly sizesDisk: boolean;

  /** Whether this process runs the VM now. */
  readonly attached: boolean;
  /** Whether the VM a record (or the driver's own pid file) names still runs: only that one is adopted or stopped. */
  alive(record: OwnerRecord | undefined): boolean;
  /** A VM process of this driver that runs with no owner record that could be taken over. */
  orphan(): number | undefined;

  /** Throws a sentence (UserError) when a start cannot even be tried: nothing installed, no guest built. */
  checkStart(): void;
  /** Boots the VM and waits until its engine answers. */
  start(request: VmStartRequest, onExit: VmExit): Promise<VmRun>;
  /** Takes over a VM another Berth left running; false when it cannot be reached. */
  adopt(record: OwnerRecord, certs: CertFiles, onExit: VmExit): Promise<boolean>;
  /** Stops the VM through its guest; resolves with a sentence when it had to be stopped forcibly or not cleanly. */
  stop(): Promise<string | undefined>;
  /** Stops it at once (after a failed start, or a guest that hangs). */
  forceStop(): Promise<void>;
  /** This process lets go of a VM left running (the next Berth takes it over). */
  release(): void;
  /** Deletes this driver's data disk (factory reset); the VM is stopped. */
  reset(): Promise<void>;

  /** What adds container port forwards on the host: QEMU's control socket; none where the driver relays ports itself. */
  ports(): QmpClient | undefined;
  /** The guest's serial console, watched for a hung kernel; none where the driver has no serial console. */
  readonly consoleLog: string | undefined;
  console(max: number): string[];
}
