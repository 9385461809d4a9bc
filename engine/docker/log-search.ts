/**
 * Searching a container's whole log on the backend, so a log of millions of lines never has to reach the
 * UI: the engine streams it, the lines are tested here, and only the matches (with where they are) go to
 * the UI, which then reads the lines around the one the user wants to see.
 *
 * The log is read from the end backwards, in chunks (log-search-chunk.ts): chunk i is `tail=<its lines and
 * all newer chunks'>`, ending just before the first line of chunk i-1 (lines sharing that line's time are
 * counted out), so consecutive chunks meet exactly and the newest matches (nearest to what the user is
 * looking at) arrive first. Nothing waits for a round trip before the first chunks are asked for: the log's
 * last line and the first two chunks are requested at once, and each chunk finds its boundary in its own
 * answer. The search's first match is sent (`found`) as soon as any chunk reads one, while newer chunks are
 * still read. Two chunks are read at once: decoding is the engine's
 * work (about 3 µs a line for json-file logs, more than the ~2 µs a line of reading and testing here), and
 * two requests let it use two cores. Measured on 1,000,000 lines with the machine otherwise idle, the
 * engine sent the log in 4.0 s as one request and in 2.7 s as two halves at once. Positions count lines
 * from the end of the log as it was when the search began, which is what the UI needs to read around a match.
 */
import { lineFinder } from '../contract/log-search-pattern';
import type { LogSearchQuery } from '../contract/log-search-pattern';
import type { LogMatch, LogPage, LogSearchEvent } from '../contract/logs-types';
import { ChunkScan, Later } from './log-search-chunk';
import type { AroundLines, ChunkHead } from './log-search-chunk';
import type { ParsedLogLine } from './log-lines';
import { beginsLog, readFirstLine, readLastLine, sameLine } from './log-pages';
import type { LogSource } from './log-pages';

export { stripAnsi } from './log-search-chunk';

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
/**
 * How many chunks are read at once. Not more while they are small: the time to the first match is the
 * engine's (the backend's own parsing and testing is under 5% of it, by a CPU profile), and a third request
 * splits the engine's cores three ways; near the end of the log, the newest chunk and the one after it
 * are all the first match needs.
 */
const IN_FLIGHT = 2;
const PROGRESS_MS = 250;
/** A match's line is cut to this many characters around the match. */
const CONTEXT = 300;

function excerpt(text: string, at: number): string {
  if (text.length <= CONTEXT) return text;
  const start = Math.max(0, Math.min(at - CONTEXT / 3, text.length - CONTEXT));
  return (start > 0 ? '…' : '') + text.slice(start, start + CONTEXT) + (start + CONTEXT < text.length ? '…' : '');
}

/**
 * `find` says where a line matches (-1: it does not); by default the query's (log-search-pattern.ts). The
 * benchmark passes JavaScript's own RegExp to compare with the search as it was.
 */
export async function* searchLog(source: LogSource, query: LogSearchQuery & { around?: AroundLines }, limits: SearchLimits = DEFAULT_LIMITS, find = lineFinder(query)): AsyncGenerator<LogSearchEvent> {
  // The log's last line is where the search ends: lines written after it are not counted, so positions
  // stay right for a log that grows. A cheap request (the engine reads one line), sent with the first
  // chunks, not before them. The log's first line says which chunk starts the log; it is asked for once
  // the newest chunk's answer has come (a read from the start makes the engine decode ahead until its
  // socket is full: work the first chunks would wait for). Failures are thrown where they are awaited below.
  const logEnd = readLastLine(source);
  const end = new Later<ChunkHead>();
  logEnd.then((last) => end.set({ first: last, sameTime: 0 }), () => end.set({ first: undefined, sameTime: 0 }));
  let logStart: Promise<ParsedLogLine | undefined> | undefined;
  const start = new Later<ParsedLogLine | undefined>();
  const askStart = () => {
    if (logStart) return logStart;
    logStart = readFirstLine(source);
    logStart.then((first) => start.set(first), () => start.set(undefined));
    return logStart;
  };
  /** Whether a chunk that begins with this head starts the log (an empty chunk: nothing older is left). */
  const isStart = (head: ChunkHead, first: ParsedLogLine | undefined) => beginsLog(first, head.first);
  const startsLog = async (chunk: ChunkScan) => {
    const head = await chunk.head.promise;
    return isStart(head, await askStart());
  };

  let scanned = 0;
  let matchCount = 0;
  let stored = 0;
  /** Chunks being read, newest in the log first. */
  const chunks: ChunkScan[] = [];
  /** The oldest chunk started: the next one ends where it begins. */
  let oldest: ChunkScan | undefined;
  let finalStarted = false;
  let foundSent = false;
  // Each chunk is started without waiting for the one before it to know its first line (ChunkScan). A
  // chunk started past the start of the log reads just up to it and ends empty.
  const startMore = () => {
    while (!finalStarted && chunks.length < IN_FLIGHT) {
      // Not known yet: the next chunk is started anyway, and ends empty if this one starts the log.
      if (oldest?.head.known && start.known && isStart(oldest.head.value!, start.value)) {
        finalStarted = true;
        return;
      }
      const index = oldest ? oldest.index + 1 : 0;
      oldest = new ChunkScan(source, find, index, (oldest?.tail ?? 0) + chunkSize(limits, index), oldest?.head ?? end, query.around);
      chunks.push(oldest);
    }
  };
  /**
   * Whether a chunk does not start the log, known early: the older chunk in flight (asked for more lines
   * at about the same moment) has an answer that starts at an earlier line. Otherwise, by the log's first
   * line, which is taken as soon as it is known (when asked for already, it often comes before the older
   * chunk's answer: waiting for that answer cost 10–25 ms of the first match near the end of the log).
   */
  const notStart = async (chunk: ChunkScan): Promise<boolean> => {
    const older = chunks.find((c) => c.index === chunk.index + 1);
    if (older) {
      const byOlder = Promise.all([chunk.answerFirst.promise, older.answerFirst.promise]).then(([mine, theirs]) => (mine && theirs && !sameLine(mine, theirs) ? true : undefined));
      // Not asked for here (a read from the start makes the engine decode ahead); a failure is thrown below.
      const byStart = logStart ? startsLog(chunk).then((s) => !s, () => undefined) : undefined;
      const known = await Promise.race(byStart ? [byOlder, byStart] : [byOlder]);
      if (known !== undefined) return known;
    }
    return !(await startsLog(chunk));
  };
  /**
   * A chunk's first match, placed as if the chunk were as long as asked for (`tail` lines from the end):
   * exact unless the log grew since the search began, and close enough then for the UI to read the lines
   * around it (it finds the line by time). Not for the chunk that starts the log, which is shorter than
   * asked for; its matches come when it ends, a moment later.
   */
  const provisional = async (chunk: ChunkScan): Promise<LogMatch | undefined> => {
    const found = chunk.matches[0];
    if (!found || chunk.error || !(await notStart(chunk))) return undefined;
    return { fromEnd: chunk.tail - found.index, time: found.line.time, stream: found.line.stream, text: excerpt(found.line.text, found.at) };
  };
  /**
   * The lines around a chunk's first match as a page, placed the same way (the chunk does not start the log:
   * `provisional` said so). Its end is the log's end only for the newest chunk read to its end.
   */
  const aroundPage = (chunk: ChunkScan): LogPage | undefined => {
    const context = chunk.context;
    if (!context) return undefined;
    const fromEnd = chunk.tail - context.firstIndex;
    const atEnd = chunk.index === 0 && context.toEnd;
    // A copy: the chunk may go on gathering lines after it while the event waits to be sent.
    return { lines: context.lines.slice(), atStart: false, atEnd, fromEnd, focus: context.focus };
  };
  /** Chunks whose first match was looked at for a `found` event. */
  const looked = new Set<ChunkScan>();

  try {
    startMore();
    void chunks[0]!.done.then(askStart);
    for (let chunk = chunks[0]; chunk; chunk = chunks[0]) {
      // Progress while the newest chunk in flight finishes, and the search's first match as soon as any
      // chunk in flight reads one: the user sees a match while newer chunks are still read, and moves to
      // the newest when their `matches` come (an older chunk's match is no less a match of the search).
      for (;;) {
        const early = foundSent || matchCount ? [] : chunks.filter((c) => !looked.has(c)).map((c) => c.firstMatch.then(() => c));
        const timer = new Promise<'tick'>((r) => setTimeout(() => r('tick'), PROGRESS_MS));
        const next = await Promise.race([chunk.done.then(() => 'done' as const), timer, ...early]);
        if (next === 'done') break;
        if (next instanceof ChunkScan) {
          // The newest chunk with a match read so far (the one that said so, or a newer one meanwhile).
          const newest = chunks.find((c) => c.matches.length && !looked.has(c)) ?? next;
          looked.add(newest);
          const match = await provisional(newest);
          if (match && !foundSent && !matchCount) {
            foundSent = true;
            const around = aroundPage(newest);
            yield around ? { type: 'found', match, around } : { type: 'found', match };
          }
          continue;
        }
        yield { type: 'progress', scannedLines: scanned + chunks.reduce((n, c) => n + c.lines, 0) };
        startMore();
      }
      chunks.shift();
      // The log's ends, whose failure is the search's.
      await Promise.all([askStart(), logEnd]);
      // A chunk whose answer the engine cut short is read again (the older ones in flight ended where it
      // began, so they are read again after it); if it stays short the search says so rather than point
      // at the wrong lines.
      for (let retry = 0; !chunk.complete; retry++) {
        if (retry === SHORT_CHUNK_RETRIES || source.signal.aborted) {
          if (chunk.error) throw chunk.error;
          throw new Error(`The engine ended its answer before the end of a part of the log (${chunk.lines.toLocaleString('en')} lines read, ${retry + 1} times); search again.`);
        }
        chunks.splice(0).forEach((c) => c.close());
        finalStarted = false;
        const again: ChunkScan = chunk.readAgain();
        oldest = again;
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
      if (await startsLog(chunk)) break;
      startMore();
    }
  } finally {
    chunks.forEach((c) => c.close());
  }
  yield { type: 'done', totalLines: scanned, matchCount, truncated: matchCount > stored };
}
