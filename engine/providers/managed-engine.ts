/**
 * Berth's own engine on Linux: `dockerd` with a private data root under Berth's data folder and a socket
 * (0600) in a folder only the user can open. It is started and stopped only when the user asks, or when
 * its owner quits and the user's preference says to stop it.
 *
 * One engine, one owner: the Berth that started it records itself (ownership.ts). Every other Berth that
 * finds it running attaches as a client, which never stops it on its own account; when the owner quits
 * and leaves the engine running, the next Berth takes ownership. Only a process proven to be dockerd for
 * this data root (its arguments and start time) is ever adopted or sent a signal.
 *
 * dockerd runs in its own process group and writes its log straight to a file, so it outlives the Berth
 * that started it and every Berth reads the same log.
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
import { Ownership } from '../ownership/ownership';
import { identify, isAlive, isValidIdentity } from '../ownership/process-identity';
import type { ProcessIdentity } from '../ownership/process-identity';
import type { OnQuit } from './provider';
import { writeManagedDaemonConfig } from './managed-engine-config';
import { currentRun, describeEnd, dockerdInstallHint, failureLine, findExecutable, isManagedDockerd, readLogTail, stopSignal } from './managed-dockerd';

export { dockerdInstallHint, findExecutable } from './managed-dockerd';

const LOG_LINES = 2000;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
/** How often a Berth looks at the engine's process and log (cheap: a /proc read and a file size). */
const WATCH_MS = 500;

/** What the owner records about the engine it runs. */
interface EngineRecord {
  /** dockerd, once spawned. */
  engine?: ProcessIdentity;
  /** Its API answers. */
  ready: boolean;
}
const isEngineRecord = (v: unknown): v is EngineRecord =>
  typeof v === 'object' && v !== null && typeof (v as EngineRecord).ready === 'boolean'
  && ((v as EngineRecord).engine === undefined || isValidIdentity((v as EngineRecord).engine));


export class ManagedEngine extends EventEmitter<{ change: [ManagedEngineStatus] }> {
  readonly socket: string;
  readonly dataRoot: string;
  private readonly execRoot: string;
  private readonly pidFile: string;
  private readonly logFile: string;
  readonly configFile: string;
  /** Left by a Berth that stops an engine it does not own, so the owner can say who stopped it. */
  private readonly stopNote: string;
  private readonly ownership: Ownership<EngineRecord>;
  private state: ManagedEngineState = 'stopped';
  private error: string | undefined;
  private child: ChildProcess | undefined;
  /** The dockerd this Berth follows (its own child, or one another Berth started or left running). */
  private engine: ProcessIdentity | undefined;
  /** Where this run's lines begin in the log file. */
  private runOffset = 0;
  private watchTimer: NodeJS.Timeout | undefined;
  /** This Berth is starting or stopping the engine now: the records are its own to change. */
  private busy = false;
  private disposed = false;

  constructor(
    paths: BerthPaths,
    /** The user's current preferences for this engine, read at each start. */
    private readonly preferences: () => ManagedEnginePreferences = () => PREFERENCE_DEFAULTS.managedEngine,
  ) {
    super();
    this.socket = path.join(paths.runtime, 'docker.sock');
    this.execRoot = path.join(paths.runtime, 'exec');
    this.pidFile = path.join(paths.runtime, 'dockerd.pid');
    this.stopNote = path.join(paths.runtime, 'dockerd.stopped-by.json');
    this.dataRoot = path.join(paths.data, 'engine');
    this.logFile = path.join(paths.data, 'engine-log', 'dockerd.log');
    this.configFile = path.join(paths.data, 'engine-config', 'daemon.json');
    this.ownership = new Ownership(paths.runtime, 'managed-engine', isEngineRecord);
    if (this.supported) this.follow();
  }

  get supported(): boolean {
    return process.platform === 'linux';
  }

  status(): ManagedEngineStatus {
    const installed = Boolean(findExecutable('dockerd'));
    const record = this.state === 'stopped' || this.state === 'failed' ? undefined : this.ownership.liveOwner();
    return {
      supported: this.supported,
      installed,
      installHint: installed ? undefined : dockerdInstallHint(),
      state: this.state,
      error: this.error,
      socket: this.socket,
      dataRoot: this.dataRoot,
      pid: this.engine?.pid,
      owner: record ? { pid: record.owner.pid, self: record.owner.pid === process.pid } : undefined,
      others: this.engine ? this.ownership.others().length : 0,
    };
  }

  /** Other Berth processes using the engine now. */
  others(): number {
    return this.engine ? this.ownership.others().length : 0;
  }

  log(): string[] {
    return readLogTail(this.logFile, LOG_LINES);
  }

  async start(): Promise<ManagedEngineStatus> {
    if (this.state === 'running' || this.state === 'starting') return this.status();
    if (!this.supported) {
      throw new UserError('A managed engine on the host needs Linux; on this system Berth runs its engine in a VM.', 'not-supported');
    }
    this.follow();
    if (this.engine) return this.status(); // another Berth runs it (or left it running): use that one
    const command = this.command();
    fs.mkdirSync(path.dirname(this.socket), { recursive: true, mode: 0o700 });
    fs.chmodSync(path.dirname(this.socket), 0o700);
    const other = this.ownership.claim({ ready: false });
    if (other) {
      this.follow();
      return this.status();
    }
    this.error = undefined;
    this.busy = true;
    this.setState('starting');
    try {
      fs.mkdirSync(this.dataRoot, { recursive: true, mode: 0o710 });
      fs.mkdirSync(path.dirname(this.logFile), { recursive: true, mode: 0o700 });
      this.removeStaleFiles();
      writeManagedDaemonConfig(this.configFile, this.preferences());
      const log = fs.openSync(this.logFile, 'a', 0o600);
      this.runOffset = fs.fstatSync(log).size;
      // Its own process group and its own log file: a Ctrl-C in Berth's terminal, or Berth quitting, does
      // not reach it; only an explicit stop does.
      const child = spawn(command.file, command.args, { stdio: ['ignore', log, log], detached: true });
      fs.closeSync(log);
      this.child = child;
      child.on('exit', (code, signal) => this.onChildExit(child, code, signal));
      const spawned = await new Promise<Error | undefined>((resolve) => {
        child.once('spawn', () => resolve(undefined));
        child.once('error', resolve);
      });
      if (spawned) throw new UserError(`Could not start dockerd: ${spawned.message}`, 'engine-error');
      this.engine = identify(child.pid!) ?? { pid: child.pid! };
      this.ownership.update({ engine: this.engine, ready: false });
      await this.waitUntilReady(child);
      // Identified again now: a wrapper script (or dockerd-rootless.sh) has exec'd into another program since.
      this.engine = identify(child.pid!) ?? this.engine;
      this.ownership.update({ engine: this.engine, ready: true });
      this.ownership.join();
      this.busy = false;
      this.setState('running');
      this.watch();
      return this.status();
    } catch (e) {
      this.busy = false;
      this.child?.kill('SIGKILL');
      this.child = undefined;
      this.engine = undefined;
      this.ownership.clear();
      this.error = e instanceof Error ? e.message : String(e);
      this.setState('failed');
      throw e instanceof UserError ? e : new UserError(this.error, 'engine-error');
    }
  }

  /**
   * Stops the engine, whoever started it: the user asked (the UI asks first when other Berths use it).
   * The process is proven to be this data root's dockerd before it is sent anything.
   */
  async stop(): Promise<ManagedEngineStatus> {
    this.follow();
    const engine = this.engine;
    if (!engine || this.state === 'stopped' || this.state === 'failed') return this.status();
    if (!isAlive(engine) || !isManagedDockerd(engine.pid, this.dataRoot)) {
      this.forget();
      this.setState('stopped');
      return this.status();
    }
    // Every other Berth following this engine reads who stopped it here.
    fs.writeFileSync(this.stopNote, JSON.stringify({ by: process.pid, engine }), { mode: 0o600 });
    this.busy = true;
    this.setState('stopping');
    const child = this.child;
    const exited = child
      ? new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))
      : this.waitForExit(engine);
    process.kill(engine.pid, 'SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), delay(STOP_TIMEOUT_MS).then(() => true)]);
    if (timedOut && isAlive(engine) && isManagedDockerd(engine.pid, this.dataRoot)) {
      process.kill(engine.pid, 'SIGKILL');
      await exited;
    }
    this.child = undefined;
    this.forget();
    for (const file of [this.pidFile, this.socket]) fs.rmSync(file, { force: true });
    this.error = undefined;
    this.busy = false;
    this.setState('stopped');
    return this.status();
  }

  async restart(): Promise<ManagedEngineStatus> {
    await this.stop();
    return this.start();
  }

  /**
   * Berth is quitting. The owner stops the engine when the user's preference says so and no other
   * Berth uses it; otherwise the engine runs on and the next Berth takes it over. A client only leaves.
   */
  async dispose(onQuit: OnQuit): Promise<void> {
    this.disposed = true;
    clearInterval(this.watchTimer);
    const owns = this.ownership.ownedBySelf();
    if (owns && this.engine && onQuit === 'stop' && this.ownership.others().length === 0) {
      await this.stop().catch(() => undefined);
    } else if (owns) {
      this.ownership.release();
    }
    this.ownership.leave();
    this.child?.removeAllListeners('exit');
    this.child?.unref();
    this.child = undefined;
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
        throw new UserError(`dockerd stopped while starting. Its log says: ${failureLine(this.runLog())}`, 'engine-error');
      }
      // dockerd makes its socket 0660 for the docker group; only this user may open Berth's engine.
      if (fs.existsSync(this.socket)) fs.chmodSync(this.socket, 0o600);
      try {
        await docker.ping();
        fs.chmodSync(this.socket, 0o600);
        return;
      } catch {
        await delay(100);
      }
    }
    throw new UserError(`dockerd did not become ready within ${START_TIMEOUT_MS / 1000} s. Its log says: ${failureLine(this.runLog())}`, 'engine-error');
  }

  /**
   * Looks at the records and the processes they name, and follows what they prove: an engine another
   * Berth owns (as a client), one whose owner is gone (taken over), or none. A pid file from an older
   * Berth counts only when its process is this data root's dockerd.
   */
  private follow(): void {
    if (this.child || this.busy || this.disposed) return;
    const record = this.ownership.read();
    let engine = record?.data.engine;
    if (engine && !(isAlive(engine) && isManagedDockerd(engine.pid, this.dataRoot))) engine = undefined;
    if (!engine && !record) engine = this.leftoverFromPidFile();
    if (!engine) {
      if (record && isAlive(record.owner) && !record.data.ready) {
        // Another Berth is starting it right now.
        if (this.state !== 'starting') this.setState('starting');
        this.watch();
        return;
      }
      if (record && !isAlive(record.owner)) this.ownership.clear();
      if (this.engine) this.onEngineGone();
      else if (this.state === 'starting') this.setState('stopped'); // that start did not come to anything
      return;
    }
    if (!this.engine || this.engine.pid !== engine.pid) this.runOffset = 0;
    this.engine = engine;
    const owner = record && isAlive(record.owner) ? record : undefined;
    if (!owner) this.ownership.claim({ engine, ready: true }); // its owner is gone: take it over
    this.ownership.join();
    const ready = owner ? owner.data.ready : true;
    const shuttingDown = this.isShuttingDown();
    const state: ManagedEngineState = shuttingDown ? 'stopping' : ready ? 'running' : 'starting';
    if (state !== this.state) {
      if (shuttingDown) this.error = undefined;
      this.setState(state);
    }
    this.watch();
  }

  private leftoverFromPidFile(): ProcessIdentity | undefined {
    try {
      const pid = Number(fs.readFileSync(this.pidFile, 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 0 || !isManagedDockerd(pid, this.dataRoot)) return undefined;
      return identify(pid);
    } catch {
      return undefined;
    }
  }

  /** While an engine runs: notice it shutting down (its log says so at once) and going away. */
  private watch(): void {
    if (this.watchTimer || this.disposed) return;
    this.watchTimer = setInterval(() => {
      if (!this.engine && this.state !== 'starting') {
        clearInterval(this.watchTimer);
        this.watchTimer = undefined;
        return;
      }
      if (this.child) {
        if (this.state === 'running' && this.isShuttingDown()) this.setState('stopping');
        return;
      }
      this.follow();
    }, WATCH_MS);
    this.watchTimer.unref();
  }

  /** dockerd logs "Processing signal" the moment it is told to stop, and takes seconds more to exit. */
  private isShuttingDown(): boolean {
    return this.engine !== undefined && stopSignal(currentRun(readLogTail(this.logFile, 50, this.runOffset, 16 * 1024))) !== undefined;
  }

  private onChildExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    if (this.busy) return; // this Berth asked: stop() finishes the clean-up
    this.onEngineGone({ code, signal });
  }

  /** The engine went away without this Berth stopping it: say what happened, in words. */
  private onEngineGone(end: { code?: number | null; signal?: NodeJS.Signals | null } = {}): void {
    const lines = this.runLog();
    const stoppedBy = this.stoppedByOther();
    const told = end.code === 0 || stoppedBy !== undefined || (end.code === undefined && !end.signal && stopSignal(lines));
    this.error = describeEnd({ ...end, stoppedBy }, lines);
    this.forget();
    this.setState(told ? 'stopped' : 'failed');
  }

  private stoppedByOther(): number | undefined {
    try {
      const note = JSON.parse(fs.readFileSync(this.stopNote, 'utf8')) as { by: number; engine: ProcessIdentity };
      return note.engine?.pid === this.engine?.pid && note.by !== process.pid ? note.by : undefined;
    } catch {
      return undefined;
    }
  }

  private forget(): void {
    if (this.engine && this.ownership.ownedBySelf()) this.ownership.clear();
    this.ownership.leave();
    this.engine = undefined;
    clearInterval(this.watchTimer);
    this.watchTimer = undefined;
  }

  private runLog(): string[] {
    return currentRun(readLogTail(this.logFile, 200, this.runOffset));
  }

  /** A crash leaves a pid file and a socket behind; dockerd refuses to start over them. */
  private removeStaleFiles(): void {
    for (const file of [this.pidFile, this.socket, this.stopNote]) fs.rmSync(file, { force: true });
  }

  private async waitForExit(engine: ProcessIdentity): Promise<void> {
    while (isAlive(engine)) await delay(100);
  }

  private setState(state: ManagedEngineState): void {
    this.state = state;
    this.emit('change', this.status());
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
