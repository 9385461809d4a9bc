/**
 * One chunk of a log search (log-search.ts): a stretch of the log read with `tail=<its lines and all newer
 * chunks'>` and tested line by line. It ends just before the first line of the next chunk in the log (the
 * newer one), or after the log's last line for the newest chunk.
 *
 * Chunks are requested at once, before the newer chunk's first line is known: the engine's time is then
 * spent reading, not waiting for one answer before asking the next. Where that line is already known the
 * engine is told to stop there (`until=<its time>`); otherwise the answer runs on past it and is closed
 * here once it does. Either way the lines are tested only once the boundary is known (they wait in the
 * feed meanwhile, which costs nothing: the newer chunk's first line comes with its answer's first bytes).
 */
import type { LogAnchor } from '../contract/logs-types';
import { LogFeed, engineTime, requestLogs } from './log-feed';
import type { ParsedLogLine } from './log-lines';
import type { LogSource } from './log-pages';

/** A chunk's first line, and how many lines at its start share that line's time. */
export interface ChunkHead {
  first: ParsedLogLine | undefined;
  sameTime: number;
}

/** A value that arrives later and can also be looked at now (`known`). */
export class Later<T> {
  known = false;
  value: T | undefined;
  readonly promise: Promise<T>;
  private resolve!: (value: T) => void;

  constructor() {
    this.promise = new Promise((resolve) => (this.resolve = resolve));
  }

  set(value: T): void {
    if (this.known) return;
    this.known = true;
    this.value = value;
    this.resolve(value);
  }
}

/**
 * Whether engine time `a` is later than `b`. Both are RFC 3339 in UTC as dockerd writes them, whose
 * fractions drop trailing zeros: without the "Z" they compare as strings (a fraction that is a prefix of
 * another is the smaller). Anything else is compared by value.
 */
export function timeAfter(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a.endsWith('Z') && b.endsWith('Z') && a.length >= 20 && b.length >= 20) return a.slice(0, -1) > b.slice(0, -1);
  const [as, an] = engineTime(a).split('.') as [string, string];
  const [bs, bn] = engineTime(b).split('.') as [string, string];
  return Number(as) !== Number(bs) ? Number(as) > Number(bs) : an > bn;
}

const BATCH = { maxLines: 8192, maxDelayMs: 0 };
/**
 * Lines after the first match that are enough to send it with (more than a screen holds, so the UI can
 * center it), once the lines the engine has sent so far are read: the rest of the `after` asked for would
 * wait for the engine (5–35 ms near the end of a log, by a trace), and the UI reads on below as the user scrolls.
 */
const ENOUGH_AFTER = 100;

/** How many lines to keep around a chunk's first match (sent with the search's `found`). */
export interface AroundLines {
  before: number;
  after: number;
}

/** The lines around a chunk's first match: `lines[focus]` is the match, `lines[0]` the chunk's line `firstIndex`. */
export interface MatchContext {
  lines: ParsedLogLine[];
  focus: number;
  firstIndex: number;
  /** The lines run to the chunk's end (it had fewer than `after` lines after the match). */
  toEnd: boolean;
}

export class ChunkScan {
  lines = 0;
  readonly matches: { index: number; line: ParsedLogLine; at: number }[] = [];
  /** Known early: once the boundary is, and the chunk's first lines are read. */
  readonly head = new Later<ChunkHead>();
  /**
   * The first line of the engine's answer, before the boundary is applied (undefined: the answer held none,
   * or reading it failed). Two chunks whose answers start at the same line both start at the log's first
   * line; an older chunk's answer that starts earlier says this chunk does not start the log.
   */
  readonly answerFirst = new Later<ParsedLogLine | undefined>();
  /**
   * The lines around the first match, when asked for (`around`): the `before` lines read before it are
   * kept as they pass (a ring, so nothing else is held), then `after` lines are gathered behind it.
   */
  context: MatchContext | undefined;
  private readonly recent: ParsedLogLine[] = [];
  /** Resolves when the chunk's first match has been read, with the lines after it asked for (never, for a chunk without one). */
  readonly firstMatch: Promise<void>;
  private resolveFirstMatch!: () => void;
  /** Resolves when the chunk is read, whether or not reading it failed (then `error` says why). */
  readonly done: Promise<void>;
  error: unknown;
  /** The boundary: the first line of the newer chunk (none: the log is empty, or the newer chunk is). */
  private until: LogAnchor | undefined;
  /** Lines the answer held at the boundary's time (see `complete`). */
  private boundaryLines = 0;
  private first: ParsedLogLine | undefined;
  private sameTime = 0;
  private readonly abort = new AbortController();

  constructor(
    private readonly source: LogSource,
    private readonly find: (text: string) => number,
    /** 0 for the newest chunk. */
    readonly index: number,
    /** How many lines from the end the chunk starts at (when the log has not grown since the search began). */
    readonly tail: number,
    /**
     * Where it ends: the newer chunk's head, or for the newest chunk the log's last line (with `sameTime`
     * 0: every line at its time belongs to this chunk, and lines written after it to none).
     */
    private readonly newer: Later<ChunkHead>,
    private readonly around?: AroundLines,
  ) {
    this.firstMatch = new Promise((resolve) => (this.resolveFirstMatch = resolve));
    this.done = this.run().then(
      () => {
        this.tellHead();
        this.ended();
      },
      (e: unknown) => {
        this.error = e ?? new Error('reading the log failed');
        this.tellHead();
        this.ended();
      },
    );
    void this.done.then(() => this.answerFirst.set(undefined));
  }

  /** The same chunk, read again from the engine. */
  readAgain(): ChunkScan {
    return new ChunkScan(this.source, this.find, this.index, this.tail, this.newer, this.around);
  }

  /** Stops reading (a chunk no longer needed). */
  close(): void {
    this.abort.abort();
  }

  /**
   * Whether the engine's answer reached this chunk's end: the lines at the boundary's time come last, so an
   * answer cut short (the engine ended it early or wrote an error into it) lacks them. A log that grew
   * meanwhile only makes a chunk start later, and the next chunk reads on from there: no reason to read again.
   */
  get complete(): boolean {
    return !this.error && (!this.until || this.boundaryLines >= Math.max(1, this.until.sameTime));
  }

  private tellHead(): void {
    this.head.set({ first: this.first, sameTime: this.sameTime });
  }

  private test(line: ParsedLogLine): void {
    const index = this.lines++;
    if (index === 0) this.first = line;
    if (!this.head.known) {
      if (line.time === this.first!.time) this.sameTime++;
      else this.tellHead();
    }
    const text = stripAnsi(line.text);
    const at = this.find(text);
    if (this.around) this.keep(index, line, at >= 0 && !this.matches.length);
    if (at >= 0) {
      this.matches.push({ index, line: text === line.text ? line : { ...line, text }, at });
      if (this.matches.length === 1 && !this.around) this.resolveFirstMatch();
    }
  }

  /** Keeps the lines around the first match (`first`: this line is it). */
  private keep(index: number, line: ParsedLogLine, first: boolean): void {
    const { before, after } = this.around!;
    const context = this.context;
    if (context) {
      if (context.lines.length - context.focus - 1 >= after) return;
      context.lines.push(line);
      if (context.lines.length - context.focus - 1 >= after) this.resolveFirstMatch();
      return;
    }
    if (first) {
      // The ring holds the last `before` lines, the oldest at `index % before`.
      const kept = before ? [...this.recent.slice(index % before), ...this.recent.slice(0, index % before)] : [];
      const lines = this.recent.length < before ? this.recent.slice() : kept;
      this.recent.length = 0;
      this.context = { lines: [...lines, line], focus: lines.length, firstIndex: index - lines.length, toEnd: false };
      if (!after) this.resolveFirstMatch();
      return;
    }
    if (before) this.recent[index % before] = line;
  }

  /** What the engine has sent so far is read: the first match goes with enough lines after it. */
  private readSoFar(): void {
    const context = this.context;
    if (context && context.lines.length - context.focus - 1 >= Math.min(ENOUGH_AFTER, this.around!.after)) this.resolveFirstMatch();
  }

  /** The chunk is read: a first match with fewer lines after it than asked for is ready as it is. */
  private ended(): void {
    if (this.context && this.context.lines.length - this.context.focus - 1 < this.around!.after) this.context.toEnd = true;
    if (this.matches.length) this.resolveFirstMatch();
  }

  private async run(): Promise<void> {
    const onAbort = () => this.abort.abort();
    this.source.signal.addEventListener('abort', onAbort, { once: true });
    if (this.source.signal.aborted) this.abort.abort();
    try {
      // Told to the engine when known already; a boundary learned later is applied here.
      const knownUntil = this.newer.known ? this.newer.value?.first?.time : undefined;
      const response = await requestLogs(this.source.docker, this.source.containerId, { tail: this.tail, until: knownUntil && engineTime(knownUntil), follow: false }, this.abort.signal, this.source.kind);
      const feed = new LogFeed(response, this.source.tty, this.abort.signal, BATCH);
      try {
        const newer = await this.newer.promise;
        // An empty log, or a newer chunk that read nothing (it failed; the search reads it again, then this).
        if (!newer.first) return;
        const until = (this.until = { time: newer.first.time, sameTime: newer.sameTime });
        await this.read(feed, until, !knownUntil);
      } finally {
        feed.close();
      }
    } finally {
      this.source.signal.removeEventListener('abort', onAbort);
    }
  }

  private async read(feed: LogFeed, until: LogAnchor, cutHere: boolean): Promise<void> {
    // Lines at the boundary's time are held back: the last `until.sameTime` of them belong to the newer chunk.
    let held: ParsedLogLine[] = [];
    reading: for (let batch = await feed.next(); batch; this.readSoFar(), batch = await feed.next()) {
      if (batch.length) this.answerFirst.set(batch[0]);
      for (const line of batch) {
        if (line.time === until.time) {
          held.push(line);
          continue;
        }
        // Past the boundary: what the engine does with `until` (it stops at the first later line).
        if (cutHere && timeAfter(line.time, until.time)) break reading;
        if (held.length) {
          held.forEach((l) => this.test(l));
          held = [];
        }
        this.test(line);
      }
    }
    this.boundaryLines = held.length;
    held.slice(0, Math.max(0, held.length - until.sameTime)).forEach((l) => this.test(l));
  }
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI, '') : text;
}
