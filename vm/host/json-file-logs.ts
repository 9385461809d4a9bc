/**
 * dockerd 20.10's answer to a container log read (`GET /containers/{id}/logs` without `follow`), made from
 * the container's json-file log on the host's side of the VM's API channel. Under emulation dockerd spends
 * ~100-150 us of CPU on each line it serves; reading the file's bytes and doing this work natively is what
 * makes log reads through the VM fast. Everything here mirrors dockerd exactly (its request parsing, its
 * filters and its framing), and whatever it would not reproduce exactly is left to dockerd: `request()` and
 * `readPlan()` return undefined then, and the request goes to dockerd unchanged.
 *
 * Pure: no I/O. Reading the files (tail, rotations) is json-file-tail.ts; the HTTP side is log-reads.ts.
 */
import { isUtf8 } from 'node:buffer';

/** A point in time as dockerd compares them: whole seconds since the epoch and nanoseconds. */
export interface Instant {
  s: number;
  ns: number;
}

export interface LogQuery {
  stdout: boolean;
  stderr: boolean;
  timestamps: boolean;
  /** Lines from the end (counted over both streams, before since/until); -1: all. */
  tail: number;
  since?: Instant;
  until?: Instant;
}

export interface LogRequest {
  /** `/v1.41` or '' (unversioned): the inspect asks with the same, so dockerd judges the version. */
  versionPrefix: string;
  container: string;
  query: LogQuery;
}

const LOGS_PATH = /^(\/v\d+\.\d+)?\/containers\/([A-Za-z0-9][A-Za-z0-9_.-]*)\/logs$/;

/** Go's httputils.BoolValue: anything but empty, 0, no, false and none (trimmed, any case) is true. */
function boolValue(params: URLSearchParams, key: string): boolean {
  const v = (params.get(key) ?? '').trim().toLowerCase();
  return !(v === '' || v === '0' || v === 'no' || v === 'false' || v === 'none');
}

/** dockerd's strconv.Atoi of `tail`, where anything it cannot parse (or a negative number) means all. */
function tailLines(value: string): number {
  if (!/^[+-]?\d+$/.test(value)) return -1;
  const n = Number(value);
  // Beyond int64 Atoi fails (all lines); any count beyond the log's lines also reads all of it.
  return n < 0 || !Number.isSafeInteger(n) ? -1 : n;
}

/**
 * Unix seconds with an optional fraction, as dockerd's timetypes.ParseTimestamps reads them; undefined
 * for forms it reads differently or refuses (dockerd then answers, with its own error where there is one).
 */
export function parseUnixTime(value: string): Instant | undefined {
  const m = /^(\d{1,15})(?:\.(\d{1,9}))?$/.exec(value);
  if (!m) return undefined;
  return { s: Number(m[1]), ns: m[2] ? Number(m[2]) * 10 ** (9 - m[2].length) : 0 };
}

/**
 * The request, when it is a log read this module answers exactly; undefined for everything else: other
 * paths, `follow` (a stream dockerd keeps open), `details` (attributes as dockerd prints them), no stream
 * asked for, and since/until/query forms dockerd would refuse or read differently.
 */
export function logRequest(method: string, target: string): LogRequest | undefined {
  if (method !== 'GET') return undefined;
  const q = target.indexOf('?');
  const m = LOGS_PATH.exec(q < 0 ? target : target.slice(0, q));
  if (!m) return undefined;
  const search = q < 0 ? '' : target.slice(q + 1);
  // Go refuses ';' in a query and malformed escapes; URLSearchParams would let them by.
  if (/;|%(?![0-9A-Fa-f]{2})|#/.test(search)) return undefined;
  const params = new URLSearchParams(search);
  if (boolValue(params, 'follow') || boolValue(params, 'details')) return undefined;
  const query: LogQuery = { stdout: boolValue(params, 'stdout'), stderr: boolValue(params, 'stderr'), timestamps: boolValue(params, 'timestamps'), tail: tailLines(params.get('tail') ?? '') };
  if (!query.stdout && !query.stderr) return undefined;
  const since = params.get('since') ?? '';
  if (since !== '') {
    query.since = parseUnixTime(since);
    if (!query.since) return undefined;
  }
  const until = params.get('until') ?? '';
  if (until !== '' && until !== '0') {
    query.until = parseUnixTime(until);
    if (!query.until) return undefined;
  }
  return { versionPrefix: m[1] ?? '', container: m[2]!, query };
}

/** What reading a container's log needs from its inspect answer. */
export interface LogReadPlan {
  id: string;
  /** The log's path in the guest. */
  logPath: string;
  tty: boolean;
  /** json-file's max-file: the current file and up to max-file - 1 rotations (.1 newest). */
  maxFiles: number;
}

interface InspectAnswer {
  Id?: unknown;
  LogPath?: unknown;
  State?: { Dead?: unknown; Status?: unknown };
  Config?: { Tty?: unknown };
  HostConfig?: { LogConfig?: { Type?: unknown; Config?: Record<string, unknown> | null } };
}

/** Go's strconv.ParseBool's true values (json-file's `compress`). */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/**
 * The plan, when the container logs to an uncompressed json-file whose path is the one dockerd gives it;
 * undefined (dockerd answers) otherwise, or when dockerd would refuse the read (a dead container, one
 * being removed).
 */
export function readPlan(inspect: unknown): LogReadPlan | undefined {
  const c = inspect as InspectAnswer;
  const id = c?.Id;
  if (typeof id !== 'string' || !/^[0-9a-f]{64}$/.test(id)) return undefined;
  if (c.State?.Dead === true || c.State?.Status === 'removing') return undefined;
  const log = c.HostConfig?.LogConfig;
  if (log?.Type !== 'json-file') return undefined;
  const opts = log.Config ?? {};
  const compress = opts.compress;
  if (typeof compress === 'string' && GO_TRUE.has(compress)) return undefined;
  let maxFiles = 1;
  if (opts['max-file'] !== undefined) {
    if (typeof opts['max-file'] !== 'string' || !/^\d+$/.test(opts['max-file'])) return undefined;
    maxFiles = Number(opts['max-file']);
    if (maxFiles < 1 || maxFiles > 1000) return undefined;
  }
  const logPath = c.LogPath;
  if (typeof logPath !== 'string' || !logPath.startsWith('/') || !logPath.endsWith(`/containers/${id}/${id}-json.log`)) return undefined;
  return { id, logPath, tty: c.Config?.Tty === true, maxFiles };
}

const ENTRY_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/** An entry's time: the instant, and dockerd's fixed 9-digit RFC 3339 form of it (for `timestamps`). */
export function entryTime(value: string): { at: Instant; text: string } | undefined {
  const m = ENTRY_TIME.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const nanos = (frac + '000000000').slice(0, 9);
  const offset = zone === 'Z' ? 0 : (zone!.startsWith('-') ? -1 : 1) * (Number(zone!.slice(1, 3)) * 3600 + Number(zone!.slice(4, 6)) * 60);
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  // Go prints a zero offset as Z whichever way it was written.
  return { at: { s: wall - offset, ns: Number(nanos) }, text: `${y}-${mo}-${d}T${h}:${mi}:${s}.${nanos}${offset === 0 ? 'Z' : zone}` };
}

const before = (a: Instant, b: Instant) => a.s < b.s || (a.s === b.s && a.ns < b.ns);

/** The output of a run of entries, and whether dockerd stops reading here (an entry after `until`). */
export interface Formatted {
  chunks: Buffer[];
  stop: boolean;
}

const LOG_OPEN = Buffer.from('{"log":"');
const STREAM_SEP = Buffer.from('","stream":"');
const TIME_SEP = Buffer.from('","time":"');
const STREAM_AT = STREAM_SEP.length;
/** `YYYY-MM-DDTHH:MM:SS`, the part of an entry's time shared by the entries of one second. */
const SECOND = 19;

/** Where an entry's parts are in the line, for the entry json-file writes; undefined for any other. */
interface Quick {
  logStart: number;
  logEnd: number;
  stream: 0 | 1 | 2;
  timeStart: number;
  timeEnd: number;
}

/**
 * The entry json-file writes, `{"log":"…","stream":"stdout|stderr","time":"…Z"}`, found without decoding:
 * the log's bytes are the line's own when the string has no escape (valid UTF-8 is what Go's decoder gives
 * back), and the first `","stream":"` ends the string (a quote inside it is always escaped). Anything else
 * (escapes, attributes, other streams, other times): undefined, and JSON.parse reads the line.
 */
function quickEntry(lines: Buffer, at: number, end: number): Quick | undefined {
  if (lines.compare(LOG_OPEN, 0, LOG_OPEN.length, at, at + LOG_OPEN.length) !== 0) return undefined;
  const logStart = at + LOG_OPEN.length;
  const logEnd = lines.indexOf(STREAM_SEP, logStart);
  if (logEnd < 0 || logEnd >= end) return undefined;
  const st = logEnd + STREAM_AT;
  // "stdout" / "stderr"
  if (lines[st] !== 0x73 || lines[st + 1] !== 0x74 || lines[st + 2] !== 0x64) return undefined;
  const stream = lines[st + 3] === 0x6f && lines[st + 4] === 0x75 && lines[st + 5] === 0x74 ? 1 : lines[st + 3] === 0x65 && lines[st + 4] === 0x72 && lines[st + 5] === 0x72 ? 2 : 0;
  if (!stream || lines.compare(TIME_SEP, 0, TIME_SEP.length, st + 6, st + 6 + TIME_SEP.length) !== 0) return undefined;
  const timeStart = st + 6 + TIME_SEP.length;
  if (end - timeStart < SECOND + 4 || lines[end - 1] !== 0x7d || lines[end - 2] !== 0x22 || lines[end - 3] !== 0x5a || lines[timeStart + SECOND] !== 0x2e) return undefined;
  if (!isUtf8(lines.subarray(logStart, logEnd))) return undefined;
  return { logStart, logEnd, stream, timeStart, timeEnd: end - 2 };
}

const SIMPLE_ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };

/**
 * Copies a JSON string's body (between its quotes) into `out` decoded, as Go's decoder does: the escapes
 * become their bytes, \uXXXX its UTF-8 (a surrogate without its pair: U+FFFD). Returns the end in `out`, or
 * -1 for an escape JSON does not have (the line is then JSON.parse's to refuse).
 */
function unescapeInto(src: Buffer, start: number, end: number, out: Buffer, o: number): number {
  let at = start;
  while (at < end) {
    let bs = src.indexOf(0x5c, at);
    if (bs < 0 || bs >= end) bs = end;
    o += src.copy(out, o, at, bs);
    if (bs === end) break;
    const c = src[bs + 1]!;
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      out[o++] = simple;
      at = bs + 2;
      continue;
    }
    if (c !== 0x75 || bs + 6 > end) return -1;
    let code = parseInt(src.toString('latin1', bs + 2, bs + 6), 16);
    if (!/^[0-9a-fA-F]{4}$/.test(src.toString('latin1', bs + 2, bs + 6))) return -1;
    at = bs + 6;
    if (code >= 0xd800 && code < 0xdc00 && src[at] === 0x5c && src[at + 1] === 0x75 && at + 6 <= end) {
      const low = parseInt(src.toString('latin1', at + 2, at + 6), 16);
      if (low >= 0xdc00 && low < 0xe000) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        at += 6;
      }
    }
    if (code >= 0xd800 && code < 0xe000) code = 0xfffd;
    o += out.write(String.fromCodePoint(code), o, 'utf8');
  }
  return o;
}

/**
 * Turns whole json-file lines (each ending in a newline) into dockerd's output: entries before `since`
 * skipped, reading stopped at the first after `until`, the streams asked for kept, each with its 9-digit
 * timestamp when asked, and in an 8-byte frame header (stream, 0, 0, 0, length) unless the container has a
 * TTY. Throws on a line that is not a json-file entry (the caller then leaves the read to dockerd).
 */
export function formatEntries(lines: Buffer, query: LogQuery, tty: boolean): Formatted {
  // The output is never longer than the lines: each entry's JSON around its log is longer than a frame
  // header and a timestamp, and decoding an escape never lengthens it.
  const out = Buffer.allocUnsafe(lines.length + 64);
  let o = 0;
  const needTime = Boolean(query.timestamps || query.since || query.until);
  // Entries of one second share their date: Date.UTC once per second, not per line.
  let second = Buffer.alloc(0);
  let secondAt = 0;
  let at = 0;
  while (at < lines.length) {
    let end = lines.indexOf(0x0a, at);
    if (end < 0) end = lines.length;
    const lineStart = at;
    at = end + 1;
    let trimmed = end;
    while (trimmed > lineStart && (lines[trimmed - 1] === 0x20 || lines[trimmed - 1] === 0x0d || lines[trimmed - 1] === 0x09)) trimmed--;
    if (trimmed === lineStart) continue;
    const q = quickEntry(lines, lineStart, trimmed);
    let log: Buffer | undefined;
    let stream: number;
    let time: { at: Instant; text: string } | undefined;
    let quickTime = false;
    if (q) {
      stream = q.stream;
      quickTime = q.timeEnd - q.timeStart - SECOND - 2 <= 9;
      if (!quickTime) time = entryTime(lines.toString('latin1', q.timeStart, q.timeEnd));
    } else {
      const line = lines.toString('utf8', lineStart, end);
      const entry = JSON.parse(line) as { log?: unknown; stream?: unknown; time?: unknown };
      const text = entry.log ?? '';
      if (typeof text !== 'string' || typeof entry.time !== 'string') throw new Error(`not a json-file entry: ${line.slice(0, 80)}`);
      log = Buffer.from(text, 'utf8');
      stream = entry.stream === 'stdout' ? 1 : entry.stream === 'stderr' ? 2 : 0;
      time = entryTime(entry.time);
      if (!time) throw new Error(`an entry's time dockerd would read otherwise: ${entry.time}`);
    }
    const wanted = (stream === 1 && query.stdout) || (stream === 2 && query.stderr);
    if (!wanted && !needTime) continue;
    let instant: Instant | undefined;
    if (quickTime && (query.since || query.until)) {
      const ts = q!.timeStart;
      if (second.length !== SECOND || lines.compare(second, 0, SECOND, ts, ts + SECOND) !== 0) {
        second = Buffer.from(lines.subarray(ts, ts + SECOND));
        const t = entryTime(`${second.toString('latin1')}Z`);
        if (!t) throw new Error(`an entry's time dockerd would read otherwise: ${lines.toString('latin1', q!.timeStart, q!.timeEnd)}`);
        secondAt = t.at.s;
      }
      let ns = 0;
      const fracEnd = q!.timeEnd - 1;
      for (let i = ts + SECOND + 1; i < ts + SECOND + 10; i++) {
        const d = i < fracEnd ? lines[i]! - 0x30 : 0;
        if (d < 0 || d > 9) throw new Error('an entry time with a fraction dockerd would read otherwise');
        ns = ns * 10 + d;
      }
      instant = { s: secondAt, ns };
    } else if (time) instant = time.at;
    if (instant && query.since && before(instant, query.since)) continue;
    if (instant && query.until && before(query.until, instant)) return { chunks: [out.subarray(0, o)], stop: true };
    if (!wanted) continue;
    const headerAt = o;
    if (!tty) o += 8;
    if (query.timestamps) {
      if (quickTime) {
        // YYYY-MM-DDTHH:MM:SS.fffffffffZ, the fraction padded to nine digits, then a space.
        const ts = q!.timeStart;
        o += lines.copy(out, o, ts, q!.timeEnd - 1);
        for (let n = q!.timeEnd - 1 - ts - SECOND - 1; n < 9; n++) out[o++] = 0x30;
        out[o++] = 0x5a;
      } else o += out.write(time!.text, o, 'latin1');
      out[o++] = 0x20;
    }
    if (log) o += log.copy(out, o);
    else {
      const e = unescapeInto(lines, q!.logStart, q!.logEnd, out, o);
      if (e < 0) throw new Error(`not a json-file entry: ${lines.toString('utf8', lineStart, Math.min(end, lineStart + 80))}`);
      o = e;
    }
    if (!tty) {
      out[headerAt] = stream;
      out[headerAt + 1] = out[headerAt + 2] = out[headerAt + 3] = 0;
      out.writeUInt32BE(o - headerAt - 8, headerAt + 4);
    }
  }
  return { chunks: [out.subarray(0, o)], stop: false };
}
