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
import { Duplex } from 'node:stream';

const T_OPEN = 1;
const T_DATA = 2;
const T_EOF = 3;
const T_CLOSE = 4;
const T_CREDIT = 5;
const T_READ = 6;
const T_FILE = 7;
const T_CAPS = 8;
const CAP_READ = 1;
const HEADER = 9;
/** The relay's FILE answer: error (4), size (8), inode (8), then the bytes. */
const FILE_HEAD = 20;
/** The most one READ returns (the relay's READ_MAX). */
export const MAX_READ = 256 * 1024;
/** Must match the relay's WINDOW and MAX_FRAME. */
const WINDOW = 256 * 1024;
const MAX_FRAME = 64 * 1024;
const MAGIC = Buffer.from([0x7f, 0x42, 0x45, 0x52, 0x54, 0x48, 0x4d, 0x31]); // \x7fBERTHM1

/** One READ's answer: `error` is 0 or the guest's errno (ENOENT: no such file). */
export interface FileRange {
  error: number;
  size: number;
  inode: bigint;
  data: Buffer;
}

interface Stream {
  local: Duplex;
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
  /** What arrived since, while the frame at the start of `input` is incomplete (joined once it is whole). */
  private more: Buffer[] = [];
  private moreLength = 0;
  private needed = 0;
  private synced = false;
  private closed = false;
  private readonly hello = Buffer.concat([MAGIC, crypto.randomBytes(8)]);
  private capabilities = 0;
  private readonly reads = new Map<number, { resolve(r: FileRange): void; reject(e: Error): void }>();
  private nextRead = 1;

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

  /**
   * Whether the guest's relay reads containers' json-file logs (READ): a relay built before it never says
   * so, and its streams to dockerd keep working.
   */
  get canReadLogFiles(): boolean {
    return !this.closed && (this.capabilities & CAP_READ) !== 0;
  }

  /**
   * Reads up to `length` bytes (at most MAX_READ) of a container's json-file log in the guest, at `offset`;
   * the relay refuses every other path. Rejects only when the channel closes.
   */
  readLogFile(guestPath: string, offset: number, length: number): Promise<FileRange> {
    if (!this.canReadLogFiles) return Promise.reject(new Error('the guest cannot read log files'));
    const id = this.nextRead++;
    const p = Buffer.alloc(12 + Buffer.byteLength(guestPath));
    p.writeBigUInt64BE(BigInt(offset), 0);
    p.writeUInt32BE(Math.min(length, MAX_READ), 8);
    p.write(guestPath, 12);
    return new Promise((resolve, reject) => {
      this.reads.set(id, { resolve, reject });
      this.send(T_READ, id, p);
    });
  }

  /** A connection to the guest's dockerd, as a stream (for requests Berth's host side makes itself). */
  open(): Duplex {
    const [ours, theirs] = duplexPair();
    this.handle(theirs);
    return ours;
  }

  /** Carries one client connection to the guest's dockerd until either side closes it. */
  handle(local: Duplex): void {
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
    for (const r of this.reads.values()) r.reject(new Error('the API channel closed'));
    this.reads.clear();
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
    // A large frame (a log file's range) comes in many chunks: joined once, not once per chunk.
    if (this.input.length + this.moreLength + chunk.length < this.needed) {
      this.more.push(chunk);
      this.moreLength += chunk.length;
      return;
    }
    this.input = this.input.length || this.more.length ? Buffer.concat([this.input, ...this.more, chunk]) : chunk;
    this.more = [];
    this.moreLength = 0;
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
    this.needed = this.input.length >= HEADER ? HEADER + this.input.readUInt32BE(5) : 0;
  }

  private onFrame(type: number, id: number, payload: Buffer): void {
    if (type === T_CAPS) {
      if (payload.length >= 4) this.capabilities = payload.readUInt32BE(0);
      return;
    }
    if (type === T_FILE) {
      const read = this.reads.get(id);
      if (!read || payload.length < FILE_HEAD) return;
      this.reads.delete(id);
      // A copy: the payload is a view of the input buffer, which moves on.
      read.resolve({ error: payload.readUInt32BE(0), size: Number(payload.readBigUInt64BE(4)), inode: payload.readBigUInt64BE(12), data: Buffer.from(payload.subarray(FILE_HEAD)) });
      return;
    }
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

/**
 * Two connected in-memory streams, like the two ends of a socket pair (Node 20 has no stream.duplexPair):
 * what one writes the other reads, with backpressure, half-closes and destroy carried across.
 */
export function duplexPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const waiting: ((() => void) | undefined)[] = [undefined, undefined];
  const make = (i: number) =>
    new Duplex({
      allowHalfOpen: true,
      write(chunk: Buffer, _enc, callback) {
        if (ends[1 - i]!.push(chunk)) callback();
        else waiting[1 - i] = callback;
      },
      final(callback) {
        ends[1 - i]!.push(null);
        callback();
      },
      read() {
        const callback = waiting[i];
        waiting[i] = undefined;
        callback?.();
      },
      destroy(error, callback) {
        const other = ends[1 - i]!;
        if (!other.destroyed) other.destroy();
        callback(error);
      },
    });
  ends.push(make(0), make(1));
  return [ends[0]!, ends[1]!];
}
