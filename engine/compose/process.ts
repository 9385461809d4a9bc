/**
 * Runs the chosen Compose on one project: the project's name, files, env files and profiles become
 * Compose's global options, its output streams line by line (stdout and stderr as a terminal interleaves
 * them), and a cancel stops it the way Ctrl-C would.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { ComposeCommand } from './finder';

export interface ProjectOptions {
  name: string;
  files: string[];
  workingDir: string;
  envFiles: string[];
  profiles: string[];
}

/**
 * Compose's global options for a project. Compose runs in the project's folder with the files named from
 * there, as a user in a terminal would run it: Compose writes those names into the containers' labels,
 * so what Berth creates is labelled exactly as what the CLI creates from the same folder.
 */
export function globalOptions(compose: ComposeCommand, project: ProjectOptions): string[] {
  const args = ['--ansi', 'never', '-p', project.name];
  if (path.dirname(project.files[0]!) !== project.workingDir) args.push('--project-directory', project.workingDir);
  for (const f of project.files) {
    const relative = path.relative(project.workingDir, f);
    args.push('-f', relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : f);
  }
  // Compose v1 reads a single --env-file.
  const envFiles = compose.generation === 1 ? project.envFiles.slice(0, 1) : project.envFiles;
  for (const e of envFiles) args.push('--env-file', e);
  for (const p of project.profiles) args.push('--profile', p);
  if (compose.kind === 'podman-compose') return args.filter((a, i) => a !== '--ansi' && args[i - 1] !== '--ansi');
  return args;
}

export interface ComposeRun {
  code: number | null;
  /** Every line, stdout and stderr together, in the order they came. */
  lines: string[];
  stdout: string;
}

/** How much output a run keeps for its error message (the end is what explains a failure). */
const KEPT_LINES = 2000;

/**
 * Runs Compose; `onLine` hears each line as it comes. Aborting sends SIGINT (Compose then stops what it
 * started, as after Ctrl-C), and SIGKILL a few seconds later if it is still there.
 */
export function runCompose(
  compose: ComposeCommand,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; signal?: AbortSignal; onLine?: (line: string, from: 'stdout' | 'stderr') => void },
): Promise<ComposeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(compose.program, [...compose.prefix, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stdout = '';
    const keep = (line: string, from: 'stdout' | 'stderr') => {
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
      options.onLine?.(line, from);
    };
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // Compose v1 draws progress with carriage returns; each redraw is a line of its own here.
    for (const [stream, from] of [
      [child.stdout, 'stdout'],
      [child.stderr, 'stderr'],
    ] as const) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (l) => {
        for (const part of l.split('\r')) if (part.trim()) keep(part.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''), from);
      });
    }
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (e) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code, lines, stdout });
    });
  });
}
