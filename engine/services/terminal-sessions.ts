/**
 * The terminal sessions Berth keeps while it runs. A session owns its connection to the engine (the exec
 * or attach socket stays open here, whoever is watching) and its screen (see docker/terminal-screen.ts);
 * windows come and go as viewers. A session's process ending (it exited, its container stopped) leaves
 * the session with its screen and the reason, until the user closes it or reconnects it; closing hangs
 * the process up, as closing a terminal window does; Berth quitting closes them all.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { TerminalEvent, TerminalKind, TerminalSessionInfo, TerminalSize, TerminalWrite } from '../contract/terminal-types';
import { openAttachTerminal, openExecTerminal, terminalCommand } from '../docker/terminal';
import type { TerminalConnection } from '../docker/terminal';
import { TerminalScreen } from '../docker/terminal-screen';
import { EventQueue } from '../rpc/event-queue';

/** How long keystrokes wait behind a resize the engine has not answered yet. */
const RESIZE_WAIT_MS = 2000;
/** Ended sessions kept (with their screens) for the user to read; past this, the oldest go. */
const ENDED_KEPT = 20;
/** Output bigger than this waiting for a slow window is replaced by a fresh screen. */
const VIEWER_BACKLOG_BYTES = 4 << 20;

type ViewEvent = Exclude<TerminalEvent, { type: 'output' }> | { type: 'output'; data: Buffer };

interface Viewer {
  queue: EventQueue<ViewEvent>;
  /** Output that arrived while the screen was being taken; it follows the screen. */
  early: Buffer[] | undefined;
  backlog: number;
}

const line = (text: string) => `\r\n\x1b[2m── ${text} ──\x1b[0m\r\n`;

async function containerName(docker: Docker, containerId: string): Promise<string> {
  const info = await docker.getContainer(containerId).inspect();
  return info.Name.replace(/^\//, '');
}

class TerminalSession {
  info: TerminalSessionInfo;
  private connection: TerminalConnection | undefined;
  private readonly screen: TerminalScreen;
  private readonly viewers = new Set<Viewer>();
  private size: TerminalSize;
  private resized: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    info: Omit<TerminalSessionInfo, 'id' | 'command' | 'state' | 'openedAt'>,
    size: TerminalSize,
    private readonly changed: () => void,
  ) {
    this.info = { ...info, id: randomUUID(), command: [], state: 'ended', openedAt: Date.now() };
    this.size = size;
    this.screen = new TerminalScreen(size);
  }

  /** Starts the session's process: on open, and again on reconnect. Fails with a sentence for the user. */
  async start(docker: Docker): Promise<void> {
    const { containerId, kind } = this.info;
    let connection: TerminalConnection;
    let command: string[];
    if (kind.kind === 'attach') {
      connection = await openAttachTerminal(docker, containerId, this.size);
      command = ['(main process)'];
    } else {
      const what = await terminalCommand(docker, containerId, kind.kind === 'command' ? kind.command : undefined);
      connection = await openExecTerminal(docker, containerId, what, this.size);
      command = what.argv;
    }
    if (this.closed) {
      connection.socket.destroy();
      await connection.hangUp();
      return;
    }
    this.connection = connection;
    const { exitCode: _exit, message: _message, reason: _reason, ...rest } = this.info;
    this.info = { ...rest, command, execId: connection.execId, state: 'running' };
    this.broadcast({ type: 'started', command });
    this.changed();
    connection.socket.on('data', (chunk: Buffer) => {
      const shown = connection.output(chunk);
      if (shown.length) this.show(shown);
    });
    connection.socket.once('close', () => void this.onSocketClosed(connection));
    connection.socket.on('error', () => connection.socket.destroy());
  }

  input(w: TerminalWrite): void {
    const connection = this.connection;
    if (!connection) return;
    if (w.type === 'input') {
      const data = Buffer.from(w.data, w.binary ? 'latin1' : 'utf8');
      // Keystrokes sent after a resize reach the process after the engine has resized its terminal, so
      // a program that reads the size then (stty size, an editor starting) sees the new one.
      void this.resized.then(() => {
        const { socket } = connection;
        if (!socket.writableEnded && !socket.destroyed) socket.write(data);
      });
      return;
    }
    if (this.size.cols === w.cols && this.size.rows === w.rows) return;
    const size = (this.size = { cols: w.cols, rows: w.rows });
    this.screen.resize(size);
    // A resize that races the end of the process fails, and one the engine does not answer (an engine in
    // an emulated VM) is not waited for beyond RESIZE_WAIT_MS.
    this.resized = this.resized.then(() => Promise.race([connection.resize(size).catch(() => undefined), new Promise((r) => setTimeout(r, RESIZE_WAIT_MS).unref())]));
  }

  /** The session's events for one window: its screen first, then what happens, until `signal` aborts. */
  async *view(signal: AbortSignal): AsyncGenerator<TerminalEvent> {
    const queue = new EventQueue<ViewEvent>(signal, (queued, next) =>
      queued.type === 'output' && next.type === 'output' ? { type: 'output', data: Buffer.concat([queued.data, next.data]) } : undefined,
    );
    const viewer: Viewer = { queue, early: [], backlog: 0 };
    this.viewers.add(viewer);
    const forget = () => this.viewers.delete(viewer);
    signal.addEventListener('abort', forget, { once: true });
    this.sendScreen(viewer);
    try {
      for await (const event of queue) {
        if (event.type === 'output') {
          viewer.backlog -= event.data.length;
          yield { type: 'output', data: event.data.toString('base64') };
        } else yield event;
      }
    } finally {
      signal.removeEventListener('abort', forget);
      forget();
    }
  }

  /** Ends the session for good, its process too (hung up) when it still runs. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    if (connection && this.info.state === 'running') await connection.hangUp();
    connection?.socket.destroy();
    for (const v of this.viewers) v.queue.end();
    this.viewers.clear();
    this.screen.dispose();
  }

  private sendScreen(viewer: Viewer): void {
    viewer.early = [];
    this.screen.snapshot((data) => {
      if (!this.viewers.has(viewer)) return;
      viewer.queue.push({ type: 'screen', data, session: this.info });
      const early = viewer.early ?? [];
      viewer.early = undefined;
      viewer.backlog = 0;
      for (const chunk of early) this.toViewer(viewer, chunk);
    });
  }

  private toViewer(viewer: Viewer, data: Buffer): void {
    if (viewer.early) {
      viewer.early.push(data);
      return;
    }
    viewer.backlog += data.length;
    // A window that cannot keep up (a flood of output over a slow link) gets the screen anew instead of
    // an ever longer queue: the screen is what it would end up showing anyway.
    if (viewer.backlog > VIEWER_BACKLOG_BYTES) this.sendScreen(viewer);
    else viewer.queue.push({ type: 'output', data });
  }

  private show(data: Buffer): void {
    this.screen.write(data);
    for (const v of this.viewers) this.toViewer(v, data);
  }

  private broadcast(event: ViewEvent): void {
    for (const v of this.viewers) {
      if (v.early) continue; // The screen it is about to get already says so.
      v.queue.push(event);
    }
  }

  private async onSocketClosed(connection: TerminalConnection): Promise<void> {
    if (this.closed || this.connection !== connection) return;
    const why = await connection.ended();
    if (this.closed || this.connection !== connection) return;
    this.connection = undefined;
    this.info = { ...this.info, state: 'ended', reason: why.reason, message: why.message, exitCode: why.exitCode };
    this.show(Buffer.from(line(why.message)));
    this.broadcast({ type: 'ended', ...why });
    this.changed();
  }

  /** Marks the screen where a new process starts. */
  noteReconnect(): void {
    this.show(Buffer.from(line('reconnecting')));
  }
}

export class TerminalSessions {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly events = new EventEmitter<{ changed: [] }>();

  constructor() {
    this.events.setMaxListeners(0);
  }

  list(): TerminalSessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info);
  }

  async open(docker: Docker, containerId: string, kind: TerminalKind, size: TerminalSize): Promise<TerminalSessionInfo> {
    const name = await containerName(docker, containerId);
    const session = new TerminalSession({ containerId, containerName: name, kind }, size, () => this.onChange());
    await session.start(docker).catch(async (e: unknown) => {
      await session.close();
      throw e;
    });
    this.sessions.set(session.info.id, session);
    this.onChange();
    return session.info;
  }

  async reconnect(docker: Docker, sessionId: string): Promise<TerminalSessionInfo> {
    const session = this.get(sessionId);
    if (session.info.state === 'running') return session.info;
    session.noteReconnect();
    await session.start(docker);
    return session.info;
  }

  view(sessionId: string, signal: AbortSignal, onWrite: (receiver: (w: TerminalWrite) => void) => void): AsyncGenerator<TerminalEvent> {
    const session = this.get(sessionId);
    onWrite((w) => session.input(w));
    return session.view(signal);
  }

  async close(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    await session.close();
    this.onChange();
  }

  /** Berth is quitting: every process Berth started in a container is hung up, not left behind. */
  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.close()));
  }

  /** The list now, then again on every change, until `signal` aborts. */
  watch(signal: AbortSignal): AsyncIterable<TerminalSessionInfo[]> {
    // Lists replace each other: a slow window gets the latest, not every one in between.
    const queue = new EventQueue<TerminalSessionInfo[]>(signal, (_queued, next) => next);
    queue.push(this.list());
    const push = () => queue.push(this.list());
    this.events.on('changed', push);
    signal.addEventListener('abort', () => this.events.off('changed', push), { once: true });
    return queue;
  }

  private get(sessionId: string): TerminalSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new UserError('This terminal is closed (or Berth was restarted since it was opened). Open a new one.', 'not-found');
    return session;
  }

  private onChange(): void {
    const ended = [...this.sessions.values()].filter((s) => s.info.state === 'ended');
    for (const old of ended.slice(0, Math.max(0, ended.length - ENDED_KEPT))) {
      this.sessions.delete(old.info.id);
      void old.close();
    }
    this.events.emit('changed');
  }
}
