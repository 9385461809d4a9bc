/**
 * Berth's own engine on Linux: `dockerd` as a child process with a private data root under Berth's data
 * folder and a socket in a folder only the user can open. It is started and stopped only when the user
 * asks (or Berth quits), and its log is kept for the UI.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { UserError } from '../contract/errors';
import { PREFERENCE_DEFAULTS } from '../contract/preferences-types';
import type { ManagedEnginePreferences } from '../contract/preferences-types';
import type { ManagedEngineState, ManagedEngineStatus } from '../contract/types';
import type { BerthPaths } from '../paths';
import { writeManagedDaemonConfig } from './managed-engine-config';

const LOG_LINES = 2000;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

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

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class ManagedEngine extends EventEmitter<{ change: [ManagedEngineStatus] }> {
  readonly socket: string;
  readonly dataRoot: string;
  private readonly execRoot: string;
  private readonly pidFile: string;
  private readonly logFile: string;
  /** Written from the user's preferences before every start. */
  readonly configFile: string;
  private state: ManagedEngineState = 'stopped';
  private error: string | undefined;
  private child: ChildProcess | undefined;
  /** A dockerd left running by an earlier Berth (we are not its parent). */
  private adoptedPid: number | undefined;
  private readonly lines: string[] = [];
  private partial = '';

  constructor(
    paths: BerthPaths,
    /** The user's current preferences for this engine, read at each start. */
    private readonly preferences: () => ManagedEnginePreferences = () => PREFERENCE_DEFAULTS.managedEngine,
  ) {
    super();
    this.socket = path.join(paths.runtime, 'docker.sock');
    this.execRoot = path.join(paths.runtime, 'exec');
    this.pidFile = path.join(paths.runtime, 'dockerd.pid');
    this.dataRoot = path.join(paths.data, 'engine');
    this.logFile = path.join(paths.data, 'engine-log', 'dockerd.log');
    this.configFile = path.join(paths.data, 'engine-config', 'daemon.json');
    this.adoptLeftover();
  }

  get supported(): boolean {
    return process.platform === 'linux';
  }

  status(): ManagedEngineStatus {
    const installed = Boolean(findExecutable('dockerd'));
    return {
      supported: this.supported,
      installed,
      installHint: installed ? undefined : dockerdInstallHint(),
      state: this.state,
      error: this.error,
      socket: this.socket,
      dataRoot: this.dataRoot,
      pid: this.child?.pid ?? this.adoptedPid,
    };
  }

  log(): string[] {
    return this.partial ? [...this.lines, this.partial] : [...this.lines];
  }

  async start(): Promise<ManagedEngineStatus> {
    if (this.state === 'running' || this.state === 'starting') return this.status();
    if (!this.supported) {
      throw new UserError('A managed engine on the host needs Linux; on this system Berth runs its engine in a VM.', 'not-supported');
    }
    const command = this.command();
    this.error = undefined;
    this.setState('starting');
    try {
      fs.mkdirSync(path.dirname(this.socket), { recursive: true, mode: 0o700 });
      fs.chmodSync(path.dirname(this.socket), 0o700);
      fs.mkdirSync(this.dataRoot, { recursive: true, mode: 0o710 });
      fs.mkdirSync(path.dirname(this.logFile), { recursive: true, mode: 0o700 });
      this.removeStaleFiles();
      writeManagedDaemonConfig(this.configFile, this.preferences());
      const logStream = fs.createWriteStream(this.logFile, { flags: 'a', mode: 0o600 });
      const child = spawn(command.file, command.args, { stdio: ['ignore', 'pipe', 'pipe'] });
      this.child = child;
      const onData = (chunk: Buffer) => {
        logStream.write(chunk);
        this.appendLog(chunk.toString('utf8'));
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code, signal) => {
        logStream.end();
        if (this.child !== child) return;
        this.child = undefined;
        if (this.state !== 'stopping') {
          this.error = `dockerd exited unexpectedly (${signal ?? `code ${code}`}). Its log says: ${this.lastLogLine()}`;
          this.setState('failed');
        } else {
          this.setState('stopped');
        }
      });
      const spawned = await new Promise<Error | undefined>((resolve) => {
        child.once('spawn', () => resolve(undefined));
        child.once('error', resolve);
      });
      if (spawned) throw new UserError(`Could not start dockerd: ${spawned.message}`, 'engine-error');
      await this.waitUntilReady(child);
      this.setState('running');
      return this.status();
    } catch (e) {
      this.child?.kill('SIGKILL');
      this.child = undefined;
      this.error = e instanceof Error ? e.message : String(e);
      this.setState('failed');
      throw e instanceof UserError ? e : new UserError(this.error, 'engine-error');
    }
  }

  async stop(): Promise<ManagedEngineStatus> {
    const pid = this.child?.pid ?? this.adoptedPid;
    if (!pid || this.state === 'stopped') return this.status();
    this.setState('stopping');
    const child = this.child;
    const exited = child
      ? new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())))
      : this.waitForExit(pid);
    process.kill(pid, 'SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), delay(STOP_TIMEOUT_MS).then(() => true)]);
    if (timedOut && processAlive(pid)) {
      process.kill(pid, 'SIGKILL');
      await exited;
    }
    this.child = undefined;
    this.adoptedPid = undefined;
    this.removeStaleFiles();
    this.setState('stopped');
    return this.status();
  }

  async restart(): Promise<ManagedEngineStatus> {
    await this.stop();
    return this.start();
  }

  private command(): { file: string; args: string[] } {
    const dockerd = findExecutable('dockerd');
    if (!dockerd) throw new UserError(`dockerd is not installed. ${dockerdInstallHint()}`, 'not-installed');
    const args = [
      '--data-root', this.dataRoot,
      '--exec-root', this.execRoot,
      '--pidfile', this.pidFile,
      '--config-file', this.configFile,
      '-H', `unix://${this.socket}`,
      // Its own containerd namespace, so it never sees another engine's containers on a shared containerd.
      '--containerd-namespace', 'berth',
      '--containerd-plugins-namespace', 'berth-plugins',
    ];
    if (process.getuid?.() === 0) return { file: dockerd, args };
    const rootless = findExecutable('dockerd-rootless.sh');
    if (rootless) return { file: rootless, args };
    throw new UserError(
      'The managed engine needs root or rootless Docker: install the rootless extras (docker-ce-rootless-extras, or rootlesskit on Debian) or start Berth as root.',
      'permission-denied',
    );
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const docker = new Docker({ socketPath: this.socket, timeout: 1000 });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new UserError(`dockerd stopped while starting. Its log says: ${this.lastLogLine()}`, 'engine-error');
      }
      try {
        await docker.ping();
        return;
      } catch {
        await delay(200);
      }
    }
    throw new UserError(`dockerd did not become ready within ${START_TIMEOUT_MS / 1000} s. Its log says: ${this.lastLogLine()}`, 'engine-error');
  }

  private adoptLeftover(): void {
    try {
      const pid = Number(fs.readFileSync(this.pidFile, 'utf8').trim());
      if (pid > 0 && processAlive(pid) && fs.existsSync(this.socket)) {
        this.adoptedPid = pid;
        this.state = 'running';
      }
    } catch {
      // no pid file: nothing left over
    }
  }

  /** A crash leaves a pid file and a socket behind; dockerd refuses to start over them. */
  private removeStaleFiles(): void {
    for (const file of [this.pidFile, this.socket]) fs.rmSync(file, { force: true });
  }

  private async waitForExit(pid: number): Promise<void> {
    while (processAlive(pid)) await delay(100);
  }

  private appendLog(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > LOG_LINES) this.lines.splice(0, this.lines.length - LOG_LINES);
  }

  private lastLogLine(): string {
    const lines = this.log().filter((l) => l.trim());
    const failure = [...lines].reverse().find((l) => /level=(fatal|error)|failed to start/i.test(l));
    return (failure ?? lines.at(-1) ?? '(nothing)').replace(/^time="[^"]*"\s*/, '');
  }

  private setState(state: ManagedEngineState): void {
    this.state = state;
    this.emit('change', this.status());
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
