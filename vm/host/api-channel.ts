/**
 * The host's end of the engine's API channel: QEMU's virtio-serial port, a unix socket in the VM's private
 * runtime folder (0700, so only this user can open it), carrying every connection to the guest's dockerd
 * at once. The guest's end is vm/guest/relay/berth-api-relay.c, which documents the framing: OPEN, DATA,
 * EOF, CLOSE and CREDIT frames per stream, each direction of each stream with a window of WINDOW bytes.
 *
 * Why not the emulated network: under emulation each packet through QEMU's user network is expensive and
 * dockerd writes each log line on its own, so the API over TCP ran at ~1,000 lines a second. This channel
 * crosses in large writes and needs no TLS (nothing but this user can reach either end).
 */
import crypto from 'node:crypto';
import net from 'node:net';

const T_OPEN = 1;
const T_DATA = 2;
const T_EOF = 3;
const T_CLOSE = 4;
const T_CREDIT = 5;
const HEADER = 9;
/** Must match the relay's WINDOW and MAX_FRAME. */
const WINDOW = 256 * 1024;
const MAX_FRAME = 64 * 1024;
const MAGIC = Buffer.from([0x7f, 0x42, 0x45, 0x52, 0x54, 0x48, 0x4d, 0x31]); // \x7fBERTHM1

interface Stream {
  local: net.Socket;
  /** Bytes the guest still accepts from us. */
  credit: number;
  /** What the local client sent beyond the guest's window, in order. */
  queue: Buffer[];
  /** The local client ended its sending side: EOF goes once the queue is sent. */
  ended: boolean;
  eofSent: boolean;
}

export class ApiChannel {
  private readonly streams = new Map<number, Stream>();
  private nextId = 1;
  private input: Buffer = Buffer.alloc(0);
  private synced = false;
  private closed = false;
  private readonly hello = Buffer.concat([MAGIC, crypto.randomBytes(8)]);

  private constructor(private readonly socket: net.Socket) {}

  /**
   * Connects to QEMU's end and waits until the guest's relay answers the greeting; rejects when the socket
   * is not there or the relay does not answer within `timeoutMs`, so the caller can use the network instead.
   */
  static connect(path: string, timeoutMs = 20_000): Promise<ApiChannel> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(path);
      const channel = new ApiChannel(socket);
      const timer = setTimeout(() => fail(new Error(`the guest's API relay did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(e);
      };
      socket.once('error', fail);
      socket.once('connect', () => socket.write(channel.hello));
      let answered = false;
      socket.on('data', (chunk: Buffer) => {
        channel.receive(chunk);
        if (!answered && channel.synced && !channel.closed) {
          answered = true;
          clearTimeout(timer);
          socket.off('error', fail);
          socket.on('error', () => channel.close());
          resolve(channel);
        }
      });
      socket.on('close', () => {
        channel.close();
        fail(new Error('the API channel closed before the guest answered'));
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Carries one client connection to the guest's dockerd until either side closes it. */
  handle(local: net.Socket): void {
    if (this.closed) {
      local.destroy();
      return;
    }
    const id = this.nextId++;
    const stream: Stream = { local, credit: WINDOW, queue: [], ended: false, eofSent: false };
    this.streams.set(id, stream);
    this.send(T_OPEN, id);
    local.on('data', (chunk: Buffer) => {
      stream.queue.push(chunk);
      this.pump(id, stream);
    });
    local.on('end', () => {
      stream.ended = true;
      this.pump(id, stream);
    });
    local.on('error', () => local.destroy());
    local.on('close', () => {
      if (this.streams.delete(id)) this.send(T_CLOSE, id);
    });
  }

  /** Ends every connection and lets go of QEMU's socket. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) s.local.destroy();
    this.streams.clear();
    this.socket.destroy();
  }

  /** Sends what the window allows, and pauses the client while the guest's dockerd catches up. */
  private pump(id: number, stream: Stream): void {
    while (stream.queue.length && stream.credit > 0) {
      const head = stream.queue[0]!;
      const n = Math.min(head.length, stream.credit, MAX_FRAME);
      this.send(T_DATA, id, head.subarray(0, n));
      stream.credit -= n;
      if (n === head.length) stream.queue.shift();
      else stream.queue[0] = head.subarray(n);
    }
    if (stream.queue.length) stream.local.pause();
    else {
      stream.local.resume();
      if (stream.ended && !stream.eofSent) {
        stream.eofSent = true;
        this.send(T_EOF, id);
      }
    }
  }

  private send(type: number, id: number, payload?: Buffer): void {
    if (this.closed) return;
    const header = Buffer.allocUnsafe(HEADER);
    header[0] = type;
    header.writeUInt32BE(id, 1);
    header.writeUInt32BE(payload?.length ?? 0, 5);
    this.socket.write(payload?.length ? Buffer.concat([header, payload]) : header);
  }

  private receive(chunk: Buffer): void {
    this.input = this.input.length ? Buffer.concat([this.input, chunk]) : chunk;
    let at = 0;
    if (!this.synced) {
      // Whatever a previous host connection left in flight comes before the relay's answer.
      const found = this.input.indexOf(this.hello);
      if (found < 0) {
        this.input = this.input.subarray(Math.max(0, this.input.length - this.hello.length));
        return;
      }
      this.synced = true;
      at = found + this.hello.length;
    }
    while (this.input.length - at >= HEADER) {
      const len = this.input.readUInt32BE(at + 5);
      if (this.input.length - at < HEADER + len) break;
      this.onFrame(this.input[at]!, this.input.readUInt32BE(at + 1), this.input.subarray(at + HEADER, at + HEADER + len));
      at += HEADER + len;
    }
    this.input = this.input.subarray(at);
  }

  private onFrame(type: number, id: number, payload: Buffer): void {
    const stream = this.streams.get(id);
    if (!stream) return;
    switch (type) {
      case T_DATA: {
        const n = payload.length;
        // The payload is a view of the input buffer, which is kept until written: no copy.
        stream.local.write(payload, () => this.credit(id, n));
        return;
      }
      case T_EOF:
        stream.local.end();
        return;
      case T_CLOSE:
        this.streams.delete(id);
        // Whatever was written still reaches the client, then its connection closes.
        stream.local.end(() => stream.local.destroy());
        return;
      case T_CREDIT:
        stream.credit += payload.readUInt32BE(0);
        this.pump(id, stream);
        return;
      default:
        // The relay speaks another protocol than this Berth: nothing on this channel can be trusted.
        this.close();
    }
  }

  private credit(id: number, n: number): void {
    if (!this.streams.has(id)) return;
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(n, 0);
    this.send(T_CREDIT, id, b);
  }
}
