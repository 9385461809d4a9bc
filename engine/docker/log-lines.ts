/**
 * Turns the bytes of a logs request made with `timestamps=1` into lines: `{ stream, time, text }`.
 *
 * Without a TTY the engine sends one frame per log message ("<time> <text>\n"); a message longer than the
 * log driver's buffer (16 KiB) arrives as several frames, each with its own time and only the last with the
 * newline, and those are joined back into one line (keeping the first part's time). With a TTY there are
 * no frames: the bytes are "<time> <text>\r\n" lines that a chunk may cut anywhere.
 *
 * Bytes are gathered per line and decoded once the line is complete, so a UTF-8 character cut by a chunk
 * or a message split is never mangled.
 */
import { StreamDemuxer } from './demux';
import type { OutputStream } from './demux';

export interface ParsedLogLine {
  stream: OutputStream;
  /** RFC 3339 with nanoseconds, in UTC, as the engine wrote it. */
  time: string;
  text: string;
}

export type LineSink = (line: ParsedLogLine) => void;

const NEWLINE = 0x0a;
const SPACE = 0x20;
/** "2006-01-02T15:04:05.000000000+07:00" is 35 characters; anything longer is not a time. */
const MAX_TIME_LENGTH = 40;

interface PartialLine {
  time: string;
  pieces: Buffer[];
}

function decode(pieces: Buffer[], last: Buffer): string {
  const text = pieces.length ? Buffer.concat([...pieces, last]).toString('utf8') : last.toString('utf8');
  // TTY output ends lines with \r\n.
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** Splits "<time> <rest>" at the first space; a payload without a time gets an empty one. */
function splitTime(payload: Buffer): [time: string, rest: Buffer] {
  const space = payload.indexOf(SPACE);
  if (space <= 0 || space > MAX_TIME_LENGTH) return ['', payload];
  return [payload.toString('latin1', 0, space), payload.subarray(space + 1)];
}

export class LogLineParser {
  private readonly partial: Record<OutputStream, PartialLine | undefined> = { stdout: undefined, stderr: undefined };
  private readonly demuxer: StreamDemuxer | undefined;
  /** For TTY streams: the bytes of a line not yet ended. */
  private rawPieces: Buffer[] = [];

  /** What the engine wrote into the stream instead of frames (an error it met reading the log), if anything. */
  engineText = '';

  /** `tty`: the container has a TTY, so its logs are plain bytes rather than frames. */
  constructor(
    tty: boolean,
    private readonly sink: LineSink,
  ) {
    if (!tty) {
      this.demuxer = new StreamDemuxer(
        (stream, payload) => this.message(stream, payload),
        (bytes) => {
          if (this.engineText.length < 1000) this.engineText += bytes.toString('utf8', 0, Math.min(bytes.length, 1000));
        },
      );
    }
  }

  push(chunk: Buffer): void {
    if (this.demuxer) this.demuxer.push(chunk);
    else this.raw(chunk);
  }

  /** The stream ended: a last line without a newline is still a line. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const p = this.partial[stream];
      if (p) this.sink({ stream, time: p.time, text: decode(p.pieces.slice(0, -1), p.pieces.at(-1)!) });
      this.partial[stream] = undefined;
    }
    if (this.rawPieces.length) {
      const pieces = this.rawPieces;
      this.rawPieces = [];
      this.rawLine(decode(pieces.slice(0, -1), pieces.at(-1)!));
    }
  }

  /** One frame: normally one whole line; possibly part of a long line, or (other drivers) several lines. */
  private message(stream: OutputStream, payload: Buffer): void {
    const [time, rest] = splitTime(payload);
    let start = 0;
    for (;;) {
      const newline = rest.indexOf(NEWLINE, start);
      const partial = this.partial[stream];
      if (newline < 0) {
        if (start < rest.length) {
          // Copy: the payload is a view into a chunk that will be reused.
          const piece = Buffer.from(rest.subarray(start));
          if (partial) partial.pieces.push(piece);
          else this.partial[stream] = { time, pieces: [piece] };
        }
        return;
      }
      const piece = rest.subarray(start, newline);
      if (partial) {
        this.partial[stream] = undefined;
        this.sink({ stream, time: partial.time, text: decode(partial.pieces, piece) });
      } else {
        this.sink({ stream, time, text: decode([], piece) });
      }
      // Further lines in the same message (other log drivers) share its time.
      start = newline + 1;
      if (start >= rest.length) return;
    }
  }

  private raw(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline < 0) {
        if (start < chunk.length) this.rawPieces.push(Buffer.from(chunk.subarray(start)));
        return;
      }
      const pieces = this.rawPieces;
      this.rawPieces = [];
      this.rawLine(decode(pieces, chunk.subarray(start, newline)));
      start = newline + 1;
    }
  }

  private rawLine(line: string): void {
    const space = line.indexOf(' ');
    if (space <= 0 || space > MAX_TIME_LENGTH) this.sink({ stream: 'stdout', time: '', text: line });
    else this.sink({ stream: 'stdout', time: line.slice(0, space), text: line.slice(space + 1) });
  }
}
