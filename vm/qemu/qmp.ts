/**
 * A client of QEMU's machine protocol (QMP) over its unix socket: commands with answers, events, and a
 * `close` the moment QEMU goes away, which is how Berth notices at once that a VM died (no polling).
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class QmpError extends Error {
  constructor(
    message: string,
    readonly qmpClass?: string,
  ) {
    super(message);
  }
}

export class QmpClient extends EventEmitter<{ event: [string, unknown]; close: [] }> {
  private buffer = '';
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    super();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('close', () => this.onClose());
    socket.on('error', () => undefined);
  }

  /** Connects, waits for the greeting and enters command mode. */
  static connect(socketPath: string, timeoutMs = 5000): Promise<QmpClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection(socketPath);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`QEMU's control socket ${socketPath} did not answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      let greeting = '';
      const onGreeting = (chunk: Buffer) => {
        greeting += chunk.toString('utf8');
        if (!greeting.includes('\n')) return;
        socket.off('data', onGreeting);
        clearTimeout(timer);
        const client = new QmpClient(socket);
        client.buffer = greeting.slice(greeting.indexOf('\n') + 1);
        client.execute('qmp_capabilities').then(() => resolve(client), reject);
      };
      socket.on('data', onGreeting);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('QEMU is not running'));
    const id = String(this.nextId++);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.write(JSON.stringify({ execute: command, arguments: args, id }) + '\n');
    });
  }

  /** A human monitor command (hostfwd_add and friends have no QMP form in QEMU 7.2); returns its output. */
  async hmp(commandLine: string): Promise<string> {
    return this.execute<string>('human-monitor-command', { 'command-line': commandLine });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (!line) continue;
      let msg: { id?: string; return?: unknown; error?: { class?: string; desc?: string }; event?: string; data?: unknown };
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      if (msg.event) {
        this.emit('event', msg.event, msg.data);
        continue;
      }
      const waiter = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
      if (!waiter) continue;
      this.pending.delete(msg.id!);
      if (msg.error) waiter.reject(new QmpError(msg.error.desc ?? 'QEMU refused the command', msg.error.class));
      else waiter.resolve(msg.return);
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.pending.values()) waiter.reject(new Error('QEMU exited'));
    this.pending.clear();
    this.emit('close');
  }
}
