// Process, mount and command helpers for the test harness (Linux only, reads /proc).
import { execFile } from 'node:child_process';
import fs from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  state: string;
  start: string;
  cmdline: string;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs a command without a shell; never throws, a missing binary gives code 127. */
export function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 127) : 0;
      resolve({ code, stdout, stderr: stderr || (err ? err.message : '') });
    });
  });
}

export function procInfo(pid: number): ProcInfo | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses, so split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, state: rest[0] ?? '', ppid: Number(rest[1]), start: rest[19] ?? '', cmdline };
  } catch {
    return null;
  }
}

export function listProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = procInfo(Number(name));
    if (info) out.push(info);
  }
  return out;
}

/** Alive and still the same program: zombies count as dead, and `marker` guards against pid reuse. */
export function alive(pid: number, marker?: string): boolean {
  if (!pid) return false;
  const info = procInfo(pid);
  return !!info && info.state !== 'Z' && (!marker || info.cmdline.includes(marker));
}

export async function waitGone(pid: number, marker: string | undefined, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid, marker)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** SIGTERM, wait, then SIGKILL. */
export async function terminate(pid: number, marker: string | undefined, graceMs: number): Promise<void> {
  if (!alive(pid, marker)) return;
  signal(pid, 'SIGTERM');
  if (await waitGone(pid, marker, graceMs)) return;
  signal(pid, 'SIGKILL');
  await waitGone(pid, marker, 5000);
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Processes matching `pick`, plus all their descendants (zombies and this process excluded). */
export function processTree(pick: (p: ProcInfo) => boolean): ProcInfo[] {
  const procs = listProcs().filter((p) => p.state !== 'Z' && p.pid !== process.pid);
  const picked = new Map<number, ProcInfo>();
  for (const p of procs) if (pick(p)) picked.set(p.pid, p);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!picked.has(p.pid) && picked.has(p.ppid)) {
        picked.set(p.pid, p);
        grew = true;
      }
    }
  }
  return [...picked.values()];
}

/** SIGKILLs a snapshot taken earlier, skipping pids that were reused since. */
export function killSnapshot(snapshot: ProcInfo[]): void {
  for (const p of snapshot) {
    const now = procInfo(p.pid);
    if (now && now.start === p.start && now.state !== 'Z') signal(p.pid, 'SIGKILL');
  }
}

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function mountsUnder(dir: string): string[] {
  let text = '';
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const points = text
    .split('\n')
    .map((line) => unescapeMount(line.split(' ')[4] ?? ''))
    .filter((mp) => mp === dir || mp.startsWith(dir + '/'));
  // Deepest first, so parents are not busy because of their children.
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** Lazy-unmounts everything under `dir` (overlay layers, netns bind mounts, shm). */
export async function unmountUnder(dir: string): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const points = mountsUnder(dir);
    if (points.length === 0) return;
    for (const mp of points) await run('umount', ['-l', mp]);
  }
}

export function tailFile(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
