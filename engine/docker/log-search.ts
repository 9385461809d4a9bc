/**
 * Searching a container's whole log on the backend, so a log of millions of lines never has to reach the
 * UI: the engine streams it, the lines are tested here, and only the matches (with where they are) go to
 * the UI, which then reads the lines around the one the user wants to see.
 *
 * The log is read from the end backwards, in chunks: chunk i is `tail=<its lines and all newer chunks'>`
 * cut with `until=<time of the first line of chunk i-1>`, so the engine decodes only that chunk,
 * consecutive chunks meet exactly (lines sharing the boundary's time are counted out), and the newest
 * matches (nearest to what the user is looking at) arrive first. A chunk can start as soon as the one
 * after it in the log knows its first line, so two run at once (three while they are small): decoding is
 * the engine's work (about 3 µs a line for json-file logs, more than the ~2 µs a line of reading and
 * testing here), and two requests let it use two cores. Measured on 1,000,000 lines with the machine
 * otherwise idle, the engine sent the log in 4.0 s as one request and in 2.7 s as two halves at once. Positions count lines from the end of the log as it was when the search
 * began, which is what the UI needs to read around a match.
 */
import { lineFinder } from '../contract/log-search-pattern';
import type { LogSearchQuery } from '../contract/log-search-pattern';
import type { LogAnchor, LogMatch, LogSearchEvent } from '../contract/logs-types';
import { LogFeed, engineTime, requestLogs } from './log-feed';
import type { ParsedLogLine } from './log-lines';
import { readFirstLine, readLastLine, sameLine } from './log-pages';
import type { LogSource } from './log-pages';

export interface SearchLimits {
  /** The first chunk's lines; each next chunk is twice the one before, up to `chunkLines`. */
  firstChunkLines: number;
  chunkLines: number;
  maxMatches: number;
}

// The first chunk is small so a match near the end of the log (where the user reads) shows about as soon
// as the engine can hand over the lines that hold it; chunks double from there, so a match d lines from
// the end waits for at most about 2d lines, and the whole log is still read in few large requests.
export const DEFAULT_LIMITS: SearchLimits = { firstChunkLines: 2_000, chunkLines: 200_000, maxMatches: 10_000 };

/** The lines of chunk `i` (0 = the newest). */
export function chunkSize(limits: SearchLimits, i: number): number {
  return Math.min(limits.chunkLines, limits.firstChunkLines * 2 ** Math.min(i, 40));
}
/** How many times a chunk the engine cut short is read again. */
const SHORT_CHUNK_RETRIES = 2;
/** How many chunks are read at once; one more while they are small, when requests' latency dominates. */
const IN_FLIGHT = 2;
const SMALL_CHUNK_LINES = 20_000;
const PROGRESS_MS = 250;
/** A match's line is cut to this many characters around the match. */
const CONTEXT = 300;
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI, '') : text;
}

function excerpt(text: string, at: number): string {
  if (text.length <= CONTEXT) return text;
  const start = Math.max(0, Math.min(at - CONTEXT / 3, text.length - CONTEXT));
  return (start > 0 ? '…' : '') + text.slice(start, start + CONTEXT) + (start + CONTEXT < text.length ? '…' : '');
}

/** The first line of a chunk, and how many lines at its start share that line's time. */
interface ChunkHead {
  first: ParsedLogLine | undefined;
  sameTime: number;
}

/** One chunk being read and tested; its head is known early, its first match as soon as it is read, all its matches when it ends. */
class ChunkScan {
  lines = 0;
  readonly matches: { index: number; line: ParsedLogLine; at: number }[] = [];
  readonly head: Promise<ChunkHead>;
  /** Resolves when the chunk's first match has been read (never, for a chunk without one). */
  readonly firstMatch: Promise<void>;
  private resolveFirstMatch!: () => void;
  /** Resolves when the chunk is read, whether or not reading it failed (then `error` says why). */
  readonly done: Promise<void>;
  error: unknown;
  /** Lines the answer held at the boundary's time (see `complete`). */
  private boundaryLines = 0;
  private resolveHead!: (head: ChunkHead) => void;
  private first: ParsedLogLine | undefined;
  private sameTime = 0;
  private headKnown = false;

  constructor(
    private readonly source: LogSource,
    private readonly find: (text: string) => number,
    /** How many lines from the end the chunk starts at (when the log has not grown since the search began). */
    readonly tail: number,
    /** The first line of the next chunk in the log: this one ends just before it. */
    private readonly until: LogAnchor | undefined,
  ) {
    this.head = new Promise((resolve) => (this.resolveHead = resolve));
    this.firstMatch = new Promise((resolve) => (this.resolveFirstMatch = resolve));
    this.done = this.run().then(
      () => this.tellHead(),
      (e: unknown) => {
        this.error = e ?? new Error('reading the log failed');
        this.tellHead();
      },
    );
  }

  private tellHead(): void {
    if (this.headKnown) return;
    this.headKnown = true;
    this.resolveHead({ first: this.first, sameTime: this.sameTime });
  }

  private test(line: ParsedLogLine): void {
    const index = this.lines++;
    if (index === 0) this.first = line;
    if (!this.headKnown) {
      if (line.time === this.first!.time) this.sameTime++;
      else this.tellHead();
    }
    const text = stripAnsi(line.text);
    const at = this.find(text);
    if (at >= 0) {
      this.matches.push({ index, line: text === line.text ? line : { ...line, text }, at });
      if (this.matches.length === 1) this.resolveFirstMatch();
    }
  }

  /** The same chunk, read again from the engine. */
  readAgain(): ChunkScan {
    return new ChunkScan(this.source, this.find, this.tail, this.until);
  }

  private async run(): Promise<void> {
    const until = this.until;
    const response = await requestLogs(this.source.docker, this.source.containerId, { tail: this.tail, until: until ? engineTime(until.time) : undefined, follow: false }, this.source.signal, this.source.kind);
    const feed = new LogFeed(response, this.source.tty, this.source.signal, { maxLines: 8192, maxDelayMs: 0 });
    // Lines at the boundary's time are held back: the last `until.sameTime` of them belong to the next chunk.
    let held: ParsedLogLine[] = [];
    for (let batch = await feed.next(); batch; batch = await feed.next()) {
      for (const line of batch) {
        if (until && line.time === until.time) {
          held.push(line);
          continue;
        }
        if (held.length) {
          held.forEach((l) => this.test(l));
          held = [];
        }
        this.test(line);
      }
    }
    this.boundaryLines = held.length;
    held.slice(0, Math.max(0, held.length - (until?.sameTime ?? 0))).forEach((l) => this.test(l));
  }

  /**
   * Whether the engine's answer reached this chunk's end: the lines at the boundary's time come last, so an
   * answer cut short (the engine ended it early or wrote an error into it) lacks them. A log that grew
   * meanwhile only makes a chunk start later, and the next chunk reads on from there: no reason to read again.
   */
  get complete(): boolean {
    return !this.error && (!this.until || this.boundaryLines >= Math.max(1, this.until.sameTime));
  }
}

/**
 * `find` says where a line matches (-1: it does not); by default the query's (log-search-pattern.ts). The
 * benchmark passes JavaScript's own RegExp to compare with the search as it was.
 */
export async function* searchLog(source: LogSource, query: LogSearchQuery, limits: SearchLimits = DEFAULT_LIMITS, find = lineFinder(query)): AsyncGenerator<LogSearchEvent> {
  // Both ends at once: each is a request's round trip, and the first match waits for them.
  const [first, lastLine] = await Promise.all([readFirstLine(source), readLastLine(source)]);
  // The search covers the log as it is now: the first chunk ends at its last line, and lines written
  // while it runs are not counted, so positions stay right for a log that grows.
  const last = first && lastLine;
  let scanned = 0;
  let matchCount = 0;
  let stored = 0;
  const chunks: ChunkScan[] = [];
  let newest: ChunkScan | undefined;
  let started = 0;
  let tail = 0;
  let finalStarted = !first;
  let foundSent = false;
  /**
   * The first match read in the chunk that reports next, placed as if the chunk were as long as asked for
   * (`tail` lines from the end): exact unless the log grew since the search began, and close enough then for
   * the UI to read the lines around it (it finds the line by time). Not for the chunk that starts at the
   * log's first line, which is shorter than asked for; its matches come when it ends, a moment later.
   */
  const provisional = async (chunk: ChunkScan): Promise<LogMatch | undefined> => {
    const found = chunk.matches[0];
    if (!found || chunk.error) return undefined;
    const head = await chunk.head;
    if (!head.first || sameLine(head.first, first!)) return undefined;
    return { fromEnd: chunk.tail - found.index, time: found.line.time, stream: found.line.stream, text: excerpt(found.line.text, found.at) };
  };
  // Starts the next chunk once the newest one started knows where it begins (and it is not the first).
  const startMore = async () => {
    while (!finalStarted && chunks.length < IN_FLIGHT + (chunkSize(limits, started) <= SMALL_CHUNK_LINES ? 1 : 0)) {
      let until: LogAnchor | undefined = last ? { time: last.time, sameTime: 0 } : undefined;
      if (newest) {
        const head = await newest.head;
        if (!head.first || sameLine(head.first, first!)) {
          finalStarted = true;
          return;
        }
        until = { time: head.first.time, sameTime: head.sameTime };
      }
      tail += chunkSize(limits, started++);
      newest = new ChunkScan(source, find, tail, until);
      chunks.push(newest);
    }
  };

  while (!finalStarted || chunks.length) {
    await startMore();
    const oldest = chunks[0];
    if (!oldest) break;
    let chunk: ChunkScan = oldest;
    // Progress while the oldest chunk in flight finishes, and the search's first match as soon as it is read.
    for (;;) {
      const early = foundSent || matchCount ? undefined : chunk.firstMatch.then(() => 'found' as const);
      const timer = new Promise<'tick'>((r) => setTimeout(() => r('tick'), PROGRESS_MS));
      const next = await Promise.race([chunk.done.then(() => 'done' as const), timer, ...(early ? [early] : [])]);
      if (next === 'done') break;
      if (next === 'found') {
        foundSent = true;
        const match = await provisional(chunk);
        if (match) yield { type: 'found', match };
        continue;
      }
      yield { type: 'progress', scannedLines: scanned + chunks.reduce((n, c) => n + c.lines, 0) };
      await startMore();
    }
    chunks.shift();
    // A chunk whose answer the engine cut short is read again; if it stays short the search says so
    // rather than point at the wrong lines.
    for (let retry = 0; !chunk.complete; retry++) {
      if (retry === SHORT_CHUNK_RETRIES || source.signal.aborted) {
        if (chunk.error) throw chunk.error;
        throw new Error(`The engine ended its answer before the end of a part of the log (${chunk.lines.toLocaleString('en')} lines read, ${retry + 1} times); search again.`);
      }
      const again = chunk.readAgain();
      await again.done;
      chunk = again;
    }
    // Positions are known once the chunk's length is: its first line is `lines` lines from its end.
    const room = limits.maxMatches - stored;
    const kept = chunk.matches.slice(Math.max(0, chunk.matches.length - room));
    matchCount += chunk.matches.length;
    stored += kept.length;
    if (kept.length) {
      const matches = kept.map(({ index, line, at }): LogMatch => ({ fromEnd: scanned + chunk.lines - index, time: line.time, stream: line.stream, text: excerpt(line.text, at) }));
      yield { type: 'matches', matches };
    }
    scanned += chunk.lines;
    yield { type: 'progress', scannedLines: scanned };
  }
  yield { type: 'done', totalLines: scanned, matchCount, truncated: matchCount > stored };
}
