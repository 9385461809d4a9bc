/**
 * Terminals in containers over the Engine API: `POST /containers/{id}/exec` with a TTY, started with the
 * connection hijacked into a raw duplex socket (with a TTY the engine does not multiplex, so the bytes are
 * the terminal's own), resized through `/exec/{id}/resize`; or attaching to the main process's TTY.
 */
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { TerminalEndReason, TerminalOptions, TerminalSize } from '../contract/terminal-types';
import { PidAnnouncement, announcingPid, hangUp } from './terminal-hangup';

const BASH = ['/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash'];
const SH = ['/bin/sh', '/usr/bin/sh'];

/** Whether a path exists in the container, asked without running anything in it (the archive stat). */
async function exists(docker: Docker, containerId: string, path: string): Promise<boolean> {
  try {
    await docker.getContainer(containerId).infoArchive({ path });
    return true;
  } catch {
    return false;
  }
}

async function firstExisting(docker: Docker, containerId: string, paths: string[]): Promise<string | undefined> {
  const found = await Promise.all(paths.map((p) => exists(docker, containerId, p)));
  return paths[found.indexOf(true)];
}

export async function terminalOptions(docker: Docker, containerId: string): Promise<TerminalOptions> {
  const info = await docker.getContainer(containerId).inspect();
  const running = info.State.Running && !info.State.Paused;
  const [bash, sh] = running ? await Promise.all([firstExisting(docker, containerId, BASH), firstExisting(docker, containerId, SH)]) : [];
  return {
    running,
    shell: bash ? 'bash' : sh ? 'sh' : null,
    canAttach: info.Config.Tty === true && info.Config.OpenStdin === true,
  };
}

export interface TerminalCommand {
  /** What runs, as the user would read it. */
  argv: string[];
  /** The container's sh, if it has one (used to end the process when the terminal closes). */
  sh: string | undefined;
}

/** What to run: the user's command through sh when there is one, else split into words; or the best shell. */
export async function terminalCommand(docker: Docker, containerId: string, command: string | undefined): Promise<TerminalCommand> {
  const [bash, sh] = await Promise.all([command ? undefined : firstExisting(docker, containerId, BASH), firstExisting(docker, containerId, SH)]);
  if (command) return { argv: sh ? [sh, '-c', command] : splitWords(command), sh };
  if (bash) return { argv: [bash], sh };
  if (sh) return { argv: [sh], sh };
  throw new UserError('This container has no shell (neither bash nor sh). Type a command that exists in it to run instead.', 'not-found');
}

/** Splits a command line into words, honouring quotes and backslashes, for containers without a shell. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      // In double quotes a backslash escapes only what sh lets it: $ ` " \ (else it stays).
      else if (c === '\\' && quote === '"' && '$`"\\'.includes(line[i + 1] ?? '')) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

export interface TerminalConnection {
  socket: Duplex;
  /** The exec the terminal runs in; none when attached to the main process. */
  execId?: string;
  /** The output to show, from what the socket gave (bookkeeping of Berth's own taken out). */
  output(chunk: Buffer): Buffer;
  resize(size: TerminalSize): Promise<void>;
  /** The terminal is closing while the process runs: end it, as closing a terminal window does. */
  hangUp(): Promise<void>;
  /** After the socket closed: why, in words. */
  ended(): Promise<{ reason: TerminalEndReason; exitCode?: number; message: string }>;
}

interface ContainerState {
  Running: boolean;
  Restarting: boolean;
  StartedAt: string;
}

async function containerState(docker: Docker, containerId: string): Promise<ContainerState | undefined> {
  try {
    return (await docker.getContainer(containerId).inspect()).State as ContainerState;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long a terminal closed at once waits for its shell to say its PID, so that it can be hung up. */
const PID_WAIT_MS = 2000;

/**
 * Whether a terminal's connection closed because of its container, from the container's state before and
 * after. `settle`: the process may have been killed by a stop that the engine has not recorded yet.
 */
async function whyEnded(docker: Docker, containerId: string, before: ContainerState, settle: boolean) {
  let after = await containerState(docker, containerId);
  // A restart is a stop and then a start: the socket closes during the stop, so "not running" may only be
  // the first half. Look again a few times before calling it stopped.
  for (let look = 0; settle && after && !after.Restarting && after.StartedAt === before.StartedAt && look < 4; look++) {
    await sleep(300);
    after = await containerState(docker, containerId);
  }
  if (!after) return { reason: 'container-stopped' as const, message: 'The container is gone.' };
  if (after.Restarting || (after.Running && after.StartedAt !== before.StartedAt)) {
    return { reason: 'container-restarted' as const, message: 'The container restarted, which ended this terminal.' };
  }
  if (!after.Running) return { reason: 'container-stopped' as const, message: 'The container stopped, which ended this terminal.' };
  return undefined;
}

export async function openExecTerminal(docker: Docker, containerId: string, command: TerminalCommand, size: TerminalSize): Promise<TerminalConnection> {
  const before = await containerState(docker, containerId);
  if (!before?.Running) throw new UserError('The container is not running: start it to open a terminal in it.', 'conflict');
  const { sh } = command;
  const announcement = new PidAnnouncement();
  const exec = await docker.getContainer(containerId).exec({
    Cmd: sh ? announcingPid(sh, command.argv) : command.argv,
    Tty: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    // Programs look at TERM to decide what the terminal can do; xterm.js is an xterm with 256 colours.
    Env: ['TERM=xterm-256color'],
  });
  const socket = (await exec.start({ hijack: true, stdin: true, Tty: true, Detach: false })) as Duplex;
  const resize = async ({ cols, rows }: TerminalSize) => {
    await exec.resize({ w: cols, h: rows });
  };
  // The engine creates the TTY at 80x24; say the real size at once (API 1.42's ConsoleSize is not in 1.41).
  await resize(size).catch(() => undefined);
  return {
    socket,
    execId: exec.id,
    output: (chunk) => (sh ? announcement.strip(chunk) : chunk),
    resize,
    hangUp: async () => {
      if (!sh) return;
      // Closed right after it opened (Berth quitting, say): the shell may not have announced itself yet.
      for (let waited = 0; !announcement.pid && !announcement.settled && waited < PID_WAIT_MS; waited += 20) await sleep(20);
      if (announcement.pid) await hangUp(docker, containerId, sh, announcement.pid);
    },
    ended: async () => {
      let exitCode: number | undefined;
      try {
        const info = await exec.inspect();
        if (!info.Running && info.ExitCode !== null) exitCode = info.ExitCode;
      } catch {
        // The exec is gone with its container; the container's state says why.
      }
      // A shell killed by a signal (exit code 128 + n) may have gone down with its container.
      const container = await whyEnded(docker, containerId, before, exitCode === undefined || exitCode >= 128);
      if (container) return { ...container, exitCode };
      return { reason: 'exited', exitCode, message: exitCode === undefined ? 'The process ended.' : `The process exited with code ${exitCode}.` };
    },
  };
}

export async function openAttachTerminal(docker: Docker, containerId: string, size: TerminalSize): Promise<TerminalConnection> {
  const container = docker.getContainer(containerId);
  const info = await container.inspect();
  if (!(info.Config.Tty && info.Config.OpenStdin)) {
    throw new UserError('This container was not started with a terminal and open input (docker run -it), so there is nothing to attach to. Open a shell instead.', 'not-supported');
  }
  const before = info.State as ContainerState;
  if (!before.Running) throw new UserError('The container is not running: start it to attach to it.', 'conflict');
  const socket = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Duplex;
  const resize = async ({ cols, rows }: TerminalSize) => {
    await container.resize({ w: cols, h: rows });
  };
  await resize(size).catch(() => undefined);
  return {
    socket,
    output: (chunk) => chunk,
    resize,
    // Closing an attached terminal detaches; the main process goes on.
    hangUp: async () => undefined,
    ended: async () => {
      const why = await whyEnded(docker, containerId, before, true);
      if (why) return why;
      const state = await containerState(docker, containerId);
      if (state?.Running) return { reason: 'detached', message: 'Detached from the container (Ctrl+P Ctrl+Q); it is still running.' };
      return { reason: 'lost', message: 'The connection to the container closed.' };
    },
  };
}
