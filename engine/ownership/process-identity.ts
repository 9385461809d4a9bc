/**
 * Who a process is, beyond its id: an id is reused once its process ends, so a record of "process 4242"
 * says nothing a minute later. A process is the same one only while its id, its start time (clock ticks
 * since boot, from /proc/PID/stat) and its program all match what was recorded. Where /proc does not
 * exist (macOS, Windows) only the id can be checked, and that is said by `startTime` being absent.
 *
 * This folder is a leaf: it imports nothing from engine/ or vm/, so both may use it.
 */
import fs from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  /** Field 22 of /proc/PID/stat; absent where /proc does not tell. */
  startTime?: string;
  /** The program it runs (/proc/PID/exe), when it can be read. */
  exe?: string;
}

export function processExists(pid: number | undefined): boolean {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The start time of `pid`, or undefined when there is no such process (or no /proc). */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

/** The arguments `pid` was started with, or undefined when they cannot be read. */
export function processArguments(pid: number): string[] | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
  } catch {
    return undefined;
  }
}

function processExe(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

const hasProc = (): boolean => process.platform === 'linux' && fs.existsSync('/proc/self/stat');

/** The identity of a running process now, or undefined when it does not exist. */
export function identify(pid: number): ProcessIdentity | undefined {
  if (!processExists(pid)) return undefined;
  if (!hasProc()) return { pid };
  const startTime = processStartTime(pid);
  if (startTime === undefined) return undefined;
  return { pid, startTime, exe: processExe(pid) };
}

export function ownIdentity(): ProcessIdentity {
  return identify(process.pid) ?? { pid: process.pid };
}

/** Whether the process a record names still runs: same id, same start time, same program. */
export function isAlive(recorded: ProcessIdentity | undefined): boolean {
  if (!recorded || !processExists(recorded.pid)) return false;
  if (!hasProc()) return true;
  const now = identify(recorded.pid);
  if (!now || recorded.startTime === undefined || now.startTime !== recorded.startTime) return false;
  // A program replaced by an upgrade reads "(deleted)" after its path; it is still the same process.
  return !recorded.exe || !now.exe || now.exe.replace(/ \(deleted\)$/, '') === recorded.exe.replace(/ \(deleted\)$/, '');
}

export function isValidIdentity(value: unknown): value is ProcessIdentity {
  const v = value as ProcessIdentity | undefined;
  return typeof v === 'object' && v !== null && Number.isInteger(v.pid) && v.pid > 0
    && (v.startTime === undefined || typeof v.startTime === 'string') && (v.exe === undefined || typeof v.exe === 'string');
}
