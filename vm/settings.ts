/**
 * The VM's settings: what the user may choose, the limits of this machine, and the sentences that say
 * why a value is refused. Kept in <data>/vm/settings.json, written atomically.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { UserError } from '../engine/contract/errors';
import { vmSettingsInput } from '../engine/contract/vm';
import type { VmSettings } from '../engine/contract/vm-types';

export const MIN_MEMORY_MIB = 512;
/** The host keeps at least this much for itself. */
const HOST_RESERVE_MIB = 1024;
export const MAX_DISK_GIB = 2048;

export function hostLimits(): { cpus: number; memoryMiB: number } {
  return { cpus: os.cpus().length, memoryMiB: Math.floor(os.totalmem() / 2 ** 20) };
}

/** The drivers a platform offers: WSL 2 exists on Windows only. */
export function driversFor(platform: NodeJS.Platform = process.platform): VmSettings['driver'][] {
  return platform === 'win32' ? ['wsl', 'qemu'] : ['qemu'];
}

export function defaultSettings(platform: NodeJS.Platform = process.platform): VmSettings {
  const { cpus, memoryMiB } = hostLimits();
  return {
    // Two vCPUs unless the host has only one; 2 GiB unless the host is small.
    cpus: Math.min(2, cpus),
    memoryMiB: Math.min(2048, Math.max(MIN_MEMORY_MIB, Math.floor(memoryMiB / 4))),
    diskGiB: 64,
    shares: [os.homedir()],
    accelerator: 'auto',
    // On Windows WSL 2 is there on most machines that run containers; QEMU must be installed first.
    driver: driversFor(platform)[0]!,
  };
}


/**
 * Checks a settings change against this machine and the current disk; throws a UserError that says
 * what is wrong and what is allowed.
 */
export function validateSettings(next: VmSettings, current: VmSettings, diskExists: boolean, drivers = driversFor(), running = false): VmSettings {
  const { cpus, memoryMiB } = hostLimits();
  const problems: string[] = [];
  if (!drivers.includes(next.driver)) problems.push('WSL 2 exists only on Windows: on this machine the VM runs under QEMU.');
  else if (running && next.driver !== current.driver) problems.push('Stop the VM before changing its driver: the two keep separate disks.');
  if (next.cpus < 1) problems.push('The VM needs at least 1 CPU.');
  else if (next.cpus > cpus) problems.push(`This machine has ${cpus} CPU${cpus === 1 ? '' : 's'}: give the VM ${cpus} or fewer.`);
  const maxMemory = Math.max(MIN_MEMORY_MIB, memoryMiB - HOST_RESERVE_MIB);
  if (next.memoryMiB < MIN_MEMORY_MIB) problems.push(`The VM needs at least ${MIN_MEMORY_MIB} MiB of memory.`);
  else if (next.memoryMiB > maxMemory) {
    problems.push(`This machine has ${memoryMiB} MiB of memory and keeps ${HOST_RESERVE_MIB} MiB for itself: give the VM ${maxMemory} MiB or less.`);
  }
  if (next.diskGiB > MAX_DISK_GIB) problems.push(`The disk can be at most ${MAX_DISK_GIB} GiB.`);
  else if (diskExists && next.diskGiB < current.diskGiB) {
    problems.push(
      `The disk is ${current.diskGiB} GiB and can only grow: shrinking it would cut off images, containers and volumes stored at its end. To start smaller, reset the VM to factory settings.`,
    );
  } else if (next.diskGiB < 8) problems.push('The disk needs at least 8 GiB.');
  const shares = [...new Set(next.shares.map((s) => s.trim()).filter(Boolean))];
  for (const share of shares) {
    if (!path.isAbsolute(share)) problems.push(`“${share}” is not a full path: shared folders start with /.`);
    else if (share === '/') problems.push('Sharing the whole file system is not allowed: choose a folder such as your home folder.');
    else if (/[\n\r\t]/.test(share)) problems.push(`“${share}” contains a line break or a tab, which a shared folder’s path cannot.`);
    else if (!fs.existsSync(share) || !fs.statSync(share).isDirectory()) problems.push(`“${share}” is not a folder on this machine.`);
  }
  if (problems.length) throw new UserError(problems.join(' '), 'invalid-input');
  return { ...next, shares };
}

export function loadVmSettings(file: string, platform: NodeJS.Platform = process.platform): VmSettings {
  try {
    const parsed = vmSettingsInput.partial().safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) return { ...defaultSettings(platform), ...parsed.data };
  } catch {
    // no file yet, or unreadable: the defaults
  }
  return defaultSettings(platform);
}

export async function saveVmSettings(file: string, settings: VmSettings): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 });
}
