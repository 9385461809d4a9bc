/**
 * The Engine API multiplexes a container's stdout and stderr into one byte stream when the container has
 * no TTY (logs, attach, exec): each frame is an 8-byte header (stream type in byte 0, payload length as a
 * big-endian uint32 in bytes 4..7) followed by the payload. A network chunk may end anywhere, in a
 * header or in a payload, and may hold thousands of frames.
 *
 * This demuxer is linear in the bytes it sees: payloads are handed out as views into the chunk they came
 * in (a copy is made only for a payload that straddles chunks), and nothing recurses. dockerode's own
 * `demuxStream` copies the rest of the buffer for every frame (quadratic) and overflows the stack at
 * about 3,000 frames in one chunk, which a busy container's log easily holds.
 */

export type OutputStream = 'stdout' | 'stderr';

/** Receives each frame's payload; the buffer is only valid during the call unless copied. */
export type FrameSink = (stream: OutputStream, payload: Buffer) => void;

/**
 * Receives what follows where a frame header should be but is not one: the engine has written plain text
 * into the stream (dockerd reports a failure while reading a log that way: "Error grabbing logs: …").
 */
export type NotFrameSink = (bytes: Buffer) => void;

const HEADER_SIZE = 8;

/** A frame header has a stream type of 0, 1 or 2 and three zero bytes after it. */
const isHeader = (b: Buffer, at: number) => b[at]! <= 2 && b[at + 1] === 0 && b[at + 2] === 0 && b[at + 3] === 0;

export class StreamDemuxer {
  private readonly header = Buffer.alloc(HEADER_SIZE);
  private headerFill = 0;
  private stream: OutputStream = 'stdout';
  /** Payload bytes still to come for the current frame (0 between frames). */
  private remaining = 0;
  /** Pieces of a payload that straddles chunks. */
  private pieces: Buffer[] = [];

  /** Set once something that is not a frame header arrived: everything from there goes to `notFrame`. */
  private notFrames = false;

  constructor(
    private readonly sink: FrameSink,
    private readonly notFrame: NotFrameSink = () => undefined,
  ) {}

  /** Feeds one chunk; calls the sink once per complete frame, in order. */
  push(chunk: Buffer): void {
    if (this.notFrames) return this.notFrame(chunk);
    let offset = 0;
    const length = chunk.length;
    while (offset < length) {
      if (this.remaining === 0) {
        // Fast path: a whole header in this chunk and no header in progress.
        if (this.headerFill === 0 && length - offset >= HEADER_SIZE) {
          if (!isHeader(chunk, offset)) return this.lost(chunk.subarray(offset));
          this.startFrame(chunk[offset]!, chunk.readUInt32BE(offset + 4));
          offset += HEADER_SIZE;
        } else {
          const take = Math.min(HEADER_SIZE - this.headerFill, length - offset);
          chunk.copy(this.header, this.headerFill, offset, offset + take);
          this.headerFill += take;
          offset += take;
          if (this.headerFill < HEADER_SIZE) return;
          this.headerFill = 0;
          if (!isHeader(this.header, 0)) return this.lost(Buffer.concat([this.header, chunk.subarray(offset)]));
          this.startFrame(this.header[0]!, this.header.readUInt32BE(4));
        }
        if (this.remaining === 0) {
          // An empty frame carries nothing worth reporting.
          continue;
        }
      }
      const take = Math.min(this.remaining, length - offset);
      const piece = chunk.subarray(offset, offset + take);
      offset += take;
      this.remaining -= take;
      if (this.remaining > 0) {
        this.pieces.push(piece);
        return;
      }
      if (this.pieces.length) {
        this.pieces.push(piece);
        const whole = Buffer.concat(this.pieces);
        this.pieces = [];
        this.sink(this.stream, whole);
      } else {
        this.sink(this.stream, piece);
      }
    }
  }

  /** Whether the input so far ended exactly at a frame boundary. */
  get atBoundary(): boolean {
    return this.remaining === 0 && this.headerFill === 0;
  }

  private lost(rest: Buffer): void {
    this.notFrames = true;
    this.notFrame(Buffer.from(rest));
  }

  private startFrame(type: number, size: number): void {
    // 0 is stdin (echoed back by attach); treat it like stdout. 2 is stderr.
    this.stream = type === 2 ? 'stderr' : 'stdout';
    this.remaining = size;
  }
}
