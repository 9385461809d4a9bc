/**
 * Which bytes of a container's json-file log dockerd 20.10 would decode for a non-follow read, fetched in
 * large ranges through a reader (the guest's relay; a plain file in tests):
 *   - the files: the rotations max-file - 1 down to .1 (the oldest first; missing ones skipped), then the
 *     current file when it is not empty;
 *   - `tail` N > 0: from the newest file back, each file's last lines found by reading backwards in
 *     blocks (not the whole file): the lines ending in a newline, the count carried to the older file
 *     when this one has fewer (dockerd's tailfile.NewTailReader); `tail` 0: nothing; all: every byte.
 * Sizes are taken once at the start, as dockerd does under its lock. Rotation does not lock anything here,
 * so every answer's inode and size are checked against that start; a file renamed or truncated meanwhile
 * throws LogRotated and the caller starts again (or leaves the read to dockerd).
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

interface LogFile {
  path: string;
  size: number;
  inode: bigint;
}

/** Bytes read backwards before looking for more newlines; four reads of the relay's at a time. */
const BLOCK = 256 * 1024;
/** Reads in flight at once, which bounds what waits in memory on the guest's side. */
const IN_FLIGHT = 8;
/**
 * The most log bytes a read of everything takes here: the answer is gathered whole (so a rotation seen on
 * the way can still start it again), and beyond this dockerd streams it instead, at its own pace.
 */
export const MAX_ALL_BYTES = 256 * 1024 * 1024;

async function stat(reader: LogFileReader, path: string): Promise<LogFile | undefined> {
  const r = await reader.read(path, 0, 0);
  if (r.error === ENOENT) return undefined;
  if (r.error) throw new LogUnreadable(`the guest could not read ${path} (errno ${r.error})`);
  return { path, size: r.size, inode: r.inode };
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
      const want = Math.min(reader.maxRead, end - at);
      const r = await reader.read(file.path, at, want);
      if (r.error === ENOENT || r.inode !== file.inode || r.size < file.size) throw new LogRotated(`${file.path} changed while it was read`);
      if (r.error) throw new LogUnreadable(`the guest could not read ${file.path} (errno ${r.error})`);
      if (r.data.length !== want) throw new LogRotated(`${file.path} was shorter than it was`);
      parts[i] = r.data;
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, offsets.length) }, worker));
  return Buffer.concat(parts);
}

/**
 * dockerd's tail of one file: the last `lines` newline-ended lines, and how many it found (fewer when the
 * file has fewer; then from its start). Reads backwards block by block.
 */
export async function tailOfFile(reader: LogFileReader, file: LogFile, lines: number, block = BLOCK): Promise<{ data: Buffer; found: number }> {
  // dockerd's tail reader takes a file of one byte or none as empty.
  if (file.size <= 1) return { data: Buffer.alloc(0), found: 0 };
  const blocks: Buffer[] = [];
  let pos = file.size;
  let found = 0;
  let end = -1; // just after the last newline
  let start = 0;
  scan: while (pos > 0) {
    const from = Math.max(0, pos - block);
    const data = await readRange(reader, file, from, pos);
    blocks.unshift(data);
    let i = data.length;
    while (i > 0) {
      const nl = data.lastIndexOf(0x0a, i - 1);
      if (nl < 0) break;
      i = nl;
      if (found === lines) {
        start = from + nl + 1;
        break scan;
      }
      found++;
      if (end < 0) end = from + nl + 1;
    }
    pos = from;
  }
  if (found === 0) return { data: Buffer.alloc(0), found: 0 };
  const all = Buffer.concat(blocks);
  const base = file.size - all.length;
  return { data: all.subarray(start - base, end - base), found };
}

/**
 * The json-file bytes dockerd would decode for a read of `tail` lines (-1: all), in order, each part
 * made of whole lines; undefined when the current log file is not there or the whole of a log larger than
 * MAX_ALL_BYTES is asked for (dockerd then answers itself).
 */
export async function logBytes(reader: LogFileReader, logPath: string, maxFiles: number, tail: number): Promise<Buffer[] | undefined> {
  const names: string[] = [];
  for (let i = maxFiles - 1; i >= 1; i--) names.push(`${logPath}.${i}`);
  names.push(logPath);
  const found = await Promise.all(names.map((n) => stat(reader, n)));
  const current = found.pop();
  if (!current) return undefined;
  const files = found.filter((f): f is LogFile => f !== undefined);
  if (current.size > 0) files.push(current);
  if (tail === 0) return [];
  if (tail < 0) {
    if (files.reduce((sum, f) => sum + f.size, 0) > MAX_ALL_BYTES) return undefined;
    const parts: Buffer[] = [];
    for (const f of files) {
      const data = await readRange(reader, f, 0, f.size);
      // A line being written as the size was taken is left for the next read (dockerd's lock orders it after).
      parts.push(data.subarray(0, data.lastIndexOf(0x0a) + 1));
    }
    return parts;
  }
  const parts: Buffer[] = [];
  let wanted = tail;
  for (let i = files.length - 1; i >= 0 && wanted > 0; i--) {
    const { data, found: n } = await tailOfFile(reader, files[i]!, wanted);
    wanted -= n;
    parts.unshift(data);
  }
  return parts;
}
