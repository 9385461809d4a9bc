/** The contract of Berth's Linux VM: its status, lifecycle, settings, console and checks. */
import { z } from 'zod';
import { stopInput } from './app';
import { method, none, stream } from './define';
import type { VmDoctorCheck, VmStatus } from './vm-types';

/** A settings change; the backend checks it against this machine (CPUs, memory) and the current disk. */
export const vmSettingsInput = z
  .object({
    cpus: z.number().int().min(0).max(1024),
    memoryMiB: z.number().int().min(0).max(16 * 1024 * 1024),
    diskGiB: z.number().int().min(0).max(1024 * 1024),
    shares: z.array(z.string().max(4096)).max(16),
    accelerator: z.enum(['auto', 'kvm', 'hvf', 'whpx', 'tcg']),
    driver: z.enum(['qemu', 'wsl']),
  })
  .strict();

/** What the VM stream pushes: its status whenever it changes, and new console lines as the guest writes them. */
export type VmUpdate = { type: 'status'; status: VmStatus } | { type: 'console'; lines: string[] };

export const vmMethods = {
  'vm.status': method<VmStatus>()(none),
  'vm.start': method<VmStatus>()(none),
  'vm.stop': method<VmStatus>()(stopInput),
  'vm.restart': method<VmStatus>()(stopInput),
  'vm.updateSettings': method<VmStatus>()(vmSettingsInput),
  /** Deletes the data disk; `name` must be the VM's name, typed by the user. */
  'vm.factoryReset': method<VmStatus>()(z.object({ name: z.string().max(100) }).strict()),
  /** The guest console's last lines. */
  'vm.console': method<string[]>()(none),
  /** Checks the pieces one by one, repairing what it can. */
  'vm.doctor': method<VmDoctorCheck[]>()(none),
} as const;

export const vmStreams = {
  /** Status changes and console lines, for as long as the VM's page is open. */
  'vm.updates': stream<VmUpdate>()(none),
} as const;
