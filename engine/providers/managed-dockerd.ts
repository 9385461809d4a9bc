/**
 * The facts about Berth's managed dockerd as a process: where its program is, what to install when it is
 * missing, whether a process is provably Berth's dockerd for a data root (so a reused process id is never
 * taken for it), its log file, and what its end means in words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findExecutable } from '../find-executable';
import { processArguments } from '../ownership/process-identity';

export { findExecutable };


/** What to install to get dockerd, for the distribution this is. */
export function dockerdInstallHint(osRelease = readOsRelease()): string {
  const ids = `${osRelease.ID ?? ''} ${osRelease.ID_LIKE ?? ''}`;
  if (/debian|ubuntu/.test(ids)) return 'Install Docker’s engine: sudo apt-get install docker.io';
  if (/fedora|rhel|centos/.test(ids)) return 'Install Docker’s engine: sudo dnf install moby-engine';
  if (/arch/.test(ids)) return 'Install Docker’s engine: sudo pacman -S docker';
  if (/suse/.test(ids)) return 'Install Docker’s engine: sudo zypper install docker';
  return 'Install Docker’s engine (the package that provides the dockerd command) with your distribution’s package manager.';
}

function readOsRelease(): Record<string, string> {
  try {
    const text = fs.readFileSync('/etc/os-release', 'utf8');
    return Object.fromEntries(
      text
        .split('\n')
        .map((line) => /^([A-Z_]+)=("?)(.*)\2$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[3]!]),
    );
  } catch {
    return {};
  }
}

/**
 * Whether `pid` is a dockerd (or the rootless wrapper around one) started with `--data-root dataRoot`:
 * the only process Berth adopts or stops as its managed engine. A pid file alone proves nothing.
 */
export function isManagedDockerd(pid: number, dataRoot: string): boolean {
  const args = processArguments(pid);
  if (!args?.length) return false;
  const program = path.basename(args[0]!);
  if (!/dockerd|rootlesskit/.test(program)) return false;
  return args.some((a, i) => (a === '--data-root' && args[i + 1] === dataRoot) || a === `--data-root=${dataRoot}`);
}

const SIGNAL_NAMES: Record<string, string> = { terminated: 'SIGTERM', interrupt: 'SIGINT', quit: 'SIGQUIT', hangup: 'SIGHUP' };

/** The last lines of the log file (dockerd writes it directly, so it outlives any one Berth). */
export function readLogTail(file: string, maxLines: number, fromOffset = 0, maxBytes = 512 * 1024): string[] {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const start = Math.max(fromOffset, size - maxBytes);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    fs.readSync(fd, buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n').filter((l) => l.trim());
    if (start > fromOffset && start > 0) lines.shift(); // the first line may be cut
    return lines.slice(-maxLines);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The lines of the engine's latest run: the log file holds every run, each beginning "Starting up". */
export function currentRun(lines: string[]): string[] {
  for (let i = lines.length - 1; i >= 0; i--) if (/msg="Starting up"/.test(lines[i]!)) return lines.slice(i);
  return lines;
}

const withoutTime = (line: string) => line.replace(/^time="[^"]*"\s*/, '');

/** The signal dockerd logged that it was told to stop by ("Processing signal 'terminated'"), if any. */
export function stopSignal(lines: string[]): { signal: string; line: string } | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /Processing signal '(\w+)'/.exec(lines[i]!);
    if (m) return { signal: SIGNAL_NAMES[m[1]!] ?? m[1]!, line: withoutTime(lines[i]!) };
  }
  return undefined;
}

/** The line that says why dockerd failed: its last fatal or error line, else its last line. */
export function failureLine(lines: string[]): string {
  const kept = lines.filter((l) => l.trim());
  const failure = [...kept].reverse().find((l) => /level=(fatal|error)|failed to start/i.test(l));
  return withoutTime(failure ?? kept.at(-1) ?? '(nothing)');
}

/**
 * What happened when dockerd ended without this Berth asking. dockerd exits with code 0 only after it
 * was told to stop, so that case names the signal (and who sent it, when another Berth left a note);
 * a kill or a failure names the signal or the log line that matters.
 */
export function describeEnd(end: { code?: number | null; signal?: NodeJS.Signals | null; stoppedBy?: number }, lines: string[]): string {
  if (end.stoppedBy) return `Another Berth (process ${end.stoppedBy}) stopped the managed engine.`;
  if (end.signal) return `dockerd was ended by ${end.signal} from outside Berth. Its last log line: ${failureLine(lines)}`;
  const told = stopSignal(lines);
  if (end.code === 0 || (end.code === undefined && told)) {
    return told
      ? `The managed engine was stopped from outside Berth: dockerd received ${told.signal} (“${told.line}”).`
      : 'The managed engine was stopped from outside Berth.';
  }
  if (end.code === undefined || end.code === null) return `dockerd stopped running. Its log says: ${failureLine(lines)}`;
  return `dockerd failed (exit code ${end.code}). Its log says: ${failureLine(lines)}`;
}
