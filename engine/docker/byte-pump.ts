/**
 * A readable byte stream (a terminal's socket) as an AsyncIterable of chunks, for a stream handler to
 * return. Each chunk goes out as soon as the consumer asks, so a keystroke's echo is never held back;
 * whatever piled up while the consumer was busy goes out as one chunk (up to `maxChunk`), and past
 * `highWater` queued bytes the socket is paused until the consumer catches up.
 */
import type { Readable } from 'node:stream';

export class BytePump implements AsyncIterable<Buffer> {
  private queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private paused = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: Readable,
    private readonly maxChunk = 256 * 1024,
    private readonly highWater = 1024 * 1024,
  ) {
    source.on('data', (chunk: Buffer) => {
      this.queue.push(chunk);
      this.queued += chunk.length;
      if (this.queued >= this.highWater && !this.paused) {
        this.paused = true;
        source.pause();
      }
      this.notify();
    });
    const end = () => {
      this.ended = true;
      this.notify();
    };
    source.once('end', end);
    source.once('close', end);
    source.once('error', end);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      if (this.queue.length) {
        yield this.take();
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  private take(): Buffer {
    let size = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || size + this.queue[n]!.length <= this.maxChunk)) size += this.queue[n++]!.length;
    const parts = this.queue.splice(0, n);
    this.queued -= size;
    if (this.paused && this.queued < this.highWater / 2) {
      this.paused = false;
      this.source.resume();
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
