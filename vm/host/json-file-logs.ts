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

/**
 * Turns whole json-file lines (each ending in a newline) into dockerd's output: entries before `since`
 * skipped, reading stopped at the first after `until`, the streams asked for kept, each with its 9-digit
 * timestamp when asked, and in an 8-byte frame header (stream, 0, 0, 0, length) unless the container has a
 * TTY. Throws on a line that is not a json-file entry (the caller then leaves the read to dockerd).
 */
export function formatEntries(lines: Buffer, query: LogQuery, tty: boolean): Formatted {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < lines.length) {
    let end = lines.indexOf(0x0a, at);
    if (end < 0) end = lines.length;
    const line = lines.toString('utf8', at, end);
    at = end + 1;
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { log?: unknown; stream?: unknown; time?: unknown };
    const log = entry.log ?? '';
    if (typeof log !== 'string' || typeof entry.time !== 'string') throw new Error(`not a json-file entry: ${line.slice(0, 80)}`);
    const time = entryTime(entry.time);
    if (!time) throw new Error(`an entry's time dockerd would read otherwise: ${entry.time}`);
    if (query.since && before(time.at, query.since)) continue;
    if (query.until && before(query.until, time.at)) return { chunks, stop: true };
    const stream = entry.stream === 'stdout' && query.stdout ? 1 : entry.stream === 'stderr' && query.stderr ? 2 : 0;
    if (!stream) continue;
    const text = Buffer.from(query.timestamps ? `${time.text} ${log}` : log, 'utf8');
    if (!tty) {
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(text.length, 4);
      chunks.push(header);
    }
    if (text.length) chunks.push(text);
  }
  return { chunks, stop: false };
}
