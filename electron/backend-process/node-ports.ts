/**
 * Electron's port shapes for a backend run as a plain Node child process (`child_process.fork` with
 * structured-clone serialisation): `process.parentPort` and MessagePortMain, carried over the child's one
 * IPC channel. Node cannot hand a MessagePort to another process, so a port here is a tunnel: its messages
 * travel on the IPC channel tagged with the port's number. The backend entry cannot tell the difference,
 * which is the point: tests, and anyone without Electron, run the very code the desktop app runs.
 *
 * On the wire, each IPC message is one of
 *   { via: 'parent', data, ports?: number[] }   a parentPort message, with the ports transferred alongside
 *   { via: 'port', port, data }                 a message on one port, either way
 *   { via: 'close', port }                      one end of a port closed
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { BackendMessage, MainMessage, PagePort, ParentPort, PortMessage } from './messages';
import type { BackendChild } from './supervisor';

type Wire = { via: 'parent'; data: unknown; ports?: number[] } | { via: 'port'; port: number; data: unknown } | { via: 'close'; port: number };

/** One end of a tunnelled port. Like MessagePortMain, it queues what arrives until `start()`. */
class TunnelPort extends EventEmitter implements PagePort {
  private queue: unknown[] | undefined = [];
  private closed = false;

  constructor(
    readonly id: number,
    private readonly post: (wire: Wire) => void,
    private readonly forget: (id: number) => void,
  ) {
    super();
  }

  postMessage(message: unknown): void {
    if (!this.closed) this.post({ via: 'port', port: this.id, data: message });
  }

  start(): void {
    const queued = this.queue ?? [];
    this.queue = undefined;
    for (const data of queued) this.emit('message', { data, ports: [] } satisfies PortMessage);
  }

  close(): void {
    if (this.closed) return;
    this.post({ via: 'close', port: this.id });
    this.remoteClosed();
  }

  /** From the tunnel: a message for this end. */
  deliver(data: unknown): void {
    if (this.closed) return;
    if (this.queue) this.queue.push(data);
    else this.emit('message', { data, ports: [] } satisfies PortMessage);
  }

  /** The other end closed, or the process at the other end is gone. */
  remoteClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.forget(this.id);
    this.emit('close');
  }
}

/** Ports by number, for one side of one IPC channel. */
class Tunnels {
  private readonly ports = new Map<number, TunnelPort>();

  constructor(private readonly post: (wire: Wire) => void) {}

  port(id: number): TunnelPort {
    let port = this.ports.get(id);
    if (!port) this.ports.set(id, (port = new TunnelPort(id, this.post, (gone) => this.ports.delete(gone))));
    return port;
  }

  /** Handles a tunnel message; false when it is a parentPort message for the caller. */
  route(wire: Wire): boolean {
    if (wire.via === 'port') this.ports.get(wire.port)?.deliver(wire.data);
    else if (wire.via === 'close') this.ports.get(wire.port)?.remoteClosed();
    else return false;
    return true;
  }

  closeAll(): void {
    for (const port of [...this.ports.values()]) port.remoteClosed();
  }
}

/**
 * In the backend child: a `process.parentPort` over the IPC channel. `onParentGone` runs when the channel
 * closes, which is how a Node child learns that its parent ended (however it ended).
 */
export function nodeParentPort(onParentGone: () => void): ParentPort {
  const send = (wire: Wire) => {
    if (process.connected) process.send?.(wire);
  };
  const tunnels = new Tunnels(send);
  const parent = new EventEmitter();
  process.on('message', (raw) => {
    const wire = raw as Wire;
    if (tunnels.route(wire) || wire.via !== 'parent') return;
    parent.emit('message', { data: wire.data, ports: (wire.ports ?? []).map((id) => tunnels.port(id)) } satisfies PortMessage);
  });
  process.once('disconnect', () => {
    tunnels.closeAll();
    onParentGone();
  });
  return {
    postMessage: (message) => send({ via: 'parent', data: message }),
    on: (event, listener) => parent.on(event, listener),
  };
}

/**
 * In the parent: starts `entry` (the bundled backend) as a Node child process and returns it in the shape
 * the supervisor drives. A page's end of a channel is a TunnelPort.
 */
export function forkNodeBackend(entry: string, options: { env?: NodeJS.ProcessEnv; stdio?: 'inherit' | 'pipe' } = {}): BackendChild<PagePort> & { process: ChildProcess } {
  const child = fork(entry, [], { serialization: 'advanced', env: options.env ?? process.env, stdio: options.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe', 'ipc'] : 'inherit' });
  const send = (wire: Wire) => {
    // A send that fails means the child is going away: its exit says so, so the error is not raised here.
    if (child.connected) child.send(wire, () => undefined);
  };
  const tunnels = new Tunnels(send);
  const events = new EventEmitter();
  let nextPort = 1;
  child.on('message', (raw) => {
    const wire = raw as Wire;
    if (!tunnels.route(wire) && wire.via === 'parent') events.emit('message', wire.data as BackendMessage);
  });
  // Errors on the channel (a write after the child died) are the exit's business, reported there.
  child.on('error', () => undefined);
  child.on('exit', (code, signal) => {
    tunnels.closeAll();
    // utilityProcess reports a killed process with a code too; keep the signal readable in the number.
    events.emit('exit', code ?? (signal ? 128 + os.constants.signals[signal] : 1));
  });
  return {
    process: child,
    get pid() {
      return child.pid;
    },
    send: (message: MainMessage) => send({ via: 'parent', data: message }),
    connectPage(page) {
      const id = nextPort++;
      const near = tunnels.port(id);
      send({ via: 'parent', data: { type: 'connect', page } satisfies MainMessage, ports: [id] });
      return near;
    },
    onMessage: (listener) => void events.on('message', listener),
    onExit: (listener) => void events.on('exit', listener),
    kill: () => void child.kill('SIGKILL'),
  };
}
