/**
 * Which bytes of a container's json-file log dockerd 20.10 would decode for a non-follow read, and reading
 * them forward in ranges through a reader (the guest's relay; files in memory in tests):
 *   - the files: the rotations max-file - 1 down to .1 (the oldest first; missing ones skipped), then the
 *     current file when it is not empty;
 *   - `tail` N > 0: from the newest file back, where each file's last lines start, found by reading
 *     backwards in blocks (only the block in hand is kept): the lines ending in a newline, the count carried
 *     to the older file when this one has fewer (dockerd's tailfile.NewTailReader); `tail` 0: nothing; all:
 *     every file from its start;
 *   - then forward from there, range by range with a few reads ahead (memory stays flat however large the
 *     log), handing on whole lines; a line still being written at the end is left out.
 * Sizes are taken once at the start, as dockerd does under its lock. Rotation does not lock anything here,
 * so every answer's inode and size are checked against that start: a file renamed or truncated meanwhile
 * throws LogRotated (the caller starts again, or leaves the read to dockerd) — unless the caller has already
 * sent part of its answer, when a renamed file is found again by its inode among the rotations and read on
 * from there (what dockerd's open files give it); one truncated or rotated away throws LogRotated.
 */

export interface LogRange {
  /** 0, or the errno (2: ENOENT). */
  error: number;
  size: number;
  inode: bigint;
  data: Buffer;
}

/** Reads up to `length` bytes of `path` at `offset` (it may return fewer, never more than `maxRead`). */
export interface LogFileReader {
  maxRead: number;
  read(path: string, offset: number, length: number): Promise<LogRange>;
}

export const ENOENT = 2;

export class LogRotated extends Error {}

export class LogUnreadable extends Error {}

export interface LogFile {
  path: string;
  size: number;
  inode: bigint;
}

/** A file of the answer, read from `start` to its size at the start of the read. */
export interface LogSegment {
  file: LogFile;
  start: number;
}

/** Bytes read backwards before looking for more newlines (one read of the relay's). */
const BLOCK = 256 * 1024;
/** Reads in flight at once: what waits in memory here (and on the guest's side) is at most this many. */
export const IN_FLIGHT = 8;
/**
 * The longest line carried from one range to the next. json-file's lines are at most ~100 KiB (16 KiB of
 * log, escaped); a file without newlines is not a json-file log, and is not gathered in memory.
 */
const MAX_LINE = 4 * 1024 * 1024;

async function stat(reader: LogFileReader, path: string): Promise<LogFile | undefined> {
  const r = await reader.read(path, 0, 0);
  if (r.error === ENOENT) return undefined;
  if (r.error) throw new LogUnreadable(`the guest could not read ${path} (errno ${r.error})`);
  return { path, size: r.size, inode: r.inode };
}

/** One read of [at, at + want) of the file as it was at the start; throws LogRotated if it is not. */
async function readChecked(reader: LogFileReader, file: LogFile, at: number, want: number): Promise<Buffer> {
  const r = await reader.read(file.path, at, want);
  if (r.error === ENOENT || (!r.error && (r.inode !== file.inode || r.size < file.size))) throw new LogRotated(`${file.path} changed while it was read`);
  if (r.error) throw new LogUnreadable(`the guest could not read ${file.path} (errno ${r.error})`);
  if (r.data.length !== want) throw new LogRotated(`${file.path} was shorter than it was`);
  return r.data;
}

/** The bytes [start, end) of a file, in reads of maxRead, IN_FLIGHT at a time. */
async function readRange(reader: LogFileReader, file: LogFile, start: number, end: number): Promise<Buffer> {
  const offsets: number[] = [];
  for (let at = start; at < end; at += reader.maxRead) offsets.push(at);
  const parts: Buffer[] = new Array(offsets.length);
  let next = 0;
  const worker = async () => {
    while (next < offsets.length) {
      const i = next++;
      const at = offsets[i]!;
      parts[i] = await readChecked(reader, file, at, Math.min(reader.maxRead, end - at));
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, offsets.length) }, worker));
  return Buffer.concat(parts);
}

/**
 * Where dockerd's tail of one file starts: its last `lines` newline-ended lines, and how many it found
 * (fewer when the file has fewer; then from its start). Reads backwards block by block, keeping none.
 */
export async function tailStart(reader: LogFileReader, file: LogFile, lines: number, block = BLOCK): Promise<{ start: number; found: number }> {
  // dockerd's tail reader takes a file of one byte or none as empty.
  if (file.size <= 1) return { start: file.size, found: 0 };
  let pos = file.size;
  let found = 0;
  while (pos > 0) {
    const from = Math.max(0, pos - block);
    const data = await readRange(reader, file, from, pos);
    let i = data.length;
    while (i > 0) {
      const nl = data.lastIndexOf(0x0a, i - 1);
      if (nl < 0) break;
      i = nl;
      if (found === lines) return { start: from + nl + 1, found };
      found++;
    }
    pos = from;
  }
  return { start: 0, found };
}

/**
 * The files and starting points dockerd would read for `tail` lines (-1: all), oldest first; undefined when
 * the current log file is not there (dockerd then answers itself).
 */
export async function logSegments(reader: LogFileReader, logPath: string, maxFiles: number, tail: number): Promise<LogSegment[] | undefined> {
  const found = await Promise.all(rotationNames(logPath, maxFiles).map((n) => stat(reader, n)));
  const current = found.pop();
  if (!current) return undefined;
  const files = found.filter((f): f is LogFile => f !== undefined);
  if (current.size > 0) files.push(current);
  if (tail === 0) return [];
  if (tail < 0) return files.map((file) => ({ file, start: 0 }));
  const segments: LogSegment[] = [];
  let wanted = tail;
  for (let i = files.length - 1; i >= 0 && wanted > 0; i--) {
    const { start, found: n } = await tailStart(reader, files[i]!, wanted);
    if (n === 0) continue;
    wanted -= n;
    segments.unshift({ file: files[i]!, start });
  }
  return segments;
}

/** The log's files, the oldest rotation first and the current file last. */
function rotationNames(logPath: string, maxFiles: number): string[] {
  const names: string[] = [];
  for (let i = maxFiles - 1; i >= 1; i--) names.push(`${logPath}.${i}`);
  names.push(logPath);
  return names;
}

/** Where a file renamed by a rotation went: the rotation with its inode, no shorter than it was. */
async function relocate(reader: LogFileReader, file: LogFile, logPath: string, maxFiles: number): Promise<LogFile> {
  for (const name of rotationNames(logPath, maxFiles).reverse()) {
    const f = await stat(reader, name);
    if (f && f.inode === file.inode && f.size >= file.size) return { ...file, path: name };
  }
  throw new LogRotated(`${file.path} was rotated away or truncated while it was read`);
}

export interface LinesOptions {
  logPath: string;
  maxFiles: number;
  /** Whether a renamed file is followed by its inode (part of the answer is out) or throws LogRotated. */
  followRenames: () => boolean;
}

/**
 * The segments' bytes as runs of whole lines (each ending in a newline), a range at a time, with at most
 * IN_FLIGHT reads ahead of the consumer: a consumer that waits (a slow client) holds the reads back, and
 * one that stops (`return`, a client gone) stops them.
 */
export async function* wholeLines(reader: LogFileReader, segments: LogSegment[], opts: LinesOptions): AsyncGenerator<Buffer> {
  for (const segment of segments) {
    let file = segment.file;
    let carry: Buffer = Buffer.alloc(0);
    let next = segment.start; // the next offset to ask for
    const ahead: { at: number; data: Promise<Buffer> }[] = [];
    const fill = () => {
      while (ahead.length < IN_FLIGHT && next < file.size) {
        const at = next;
        const data = readChecked(reader, file, at, Math.min(reader.maxRead, file.size - at));
        data.catch(() => undefined); // one read ahead may fail after the consumer has stopped
        ahead.push({ at, data });
        next += reader.maxRead;
      }
    };
    fill();
    while (ahead.length) {
      const { at, data: pending } = ahead[0]!;
      let data: Buffer;
      try {
        data = await pending;
      } catch (e) {
        if (!(e instanceof LogRotated) || !opts.followRenames()) throw e;
        file = await relocate(reader, file, opts.logPath, opts.maxFiles);
        ahead.length = 0;
        next = at;
        fill();
        continue;
      }
      ahead.shift();
      fill();
      // The line cut by the range's start is joined to its beginning on its own; the rest is not copied.
      const first = data.indexOf(0x0a);
      if (first < 0) {
        carry = Buffer.concat([carry, data]);
        if (carry.length > MAX_LINE) throw new LogUnreadable(`${file.path} has a line over ${MAX_LINE} bytes: not a json-file log`);
        continue;
      }
      const last = data.lastIndexOf(0x0a);
      if (carry.length) yield Buffer.concat([carry, data.subarray(0, first + 1)]);
      else yield data.subarray(0, first + 1);
      if (last > first) yield data.subarray(first + 1, last + 1);
      carry = data.subarray(last + 1);
    }
    // A line being written as the size was taken is left for the next read (dockerd's lock orders it after).
  }
}

/** All the bytes wholeLines hands on, gathered (tests; small logs). */
export async function logBytes(reader: LogFileReader, logPath: string, maxFiles: number, tail: number): Promise<Buffer[] | undefined> {
  const segments = await logSegments(reader, logPath, maxFiles, tail);
  if (!segments) return undefined;
  const parts: Buffer[] = [];
  for await (const lines of wholeLines(reader, segments, { logPath, maxFiles, followRenames: () => false })) parts.push(lines);
  return parts;
}
