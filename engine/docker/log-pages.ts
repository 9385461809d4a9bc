/**
 * Reading a bounded run of lines from anywhere in a container's log, fast even in a log of millions of
 * lines.
 *
 * The Engine API offers three ways to say where to read: `tail=N` (start N lines before the end), `since`
 * and `until` (times, both inclusive). They do not cost the same. `tail` is cheap wherever it lands: the
 * engine finds the start by scanning the log file backwards for newlines (about 0.1 s to go back 1,000,000
 * lines), then decodes only what we read before closing the request. `since` and `until` are filters: the
 * engine decodes every entry from the start of the file to get there (about 1 s per 250,000 lines of a
 * json-file log). And `tail` is applied before `until`, so "the 500 lines before time T" cannot be asked
 * for directly.
 *
 * So pages are read by counting from the end whenever the UI knows how far from the end it is
 * (`fromEnd`, which every page answer keeps exact), with `until`/`since` only to cut the read at the
 * right line, and the answer checked against the anchor's time. Reading by time alone (since = the start
 * of the log) is the fallback when the count is unknown or the log moved under us.
 */
import type Docker from 'dockerode';
import type { LogAnchor, LogPage } from '../contract/logs-types';
import { LogFeed, engineTime, requestLogs } from './log-feed';
import type { LogKind, LogQuery } from './log-feed';
import type { ParsedLogLine } from './log-lines';

/** Where a page read starts reading, and whether the container writes to a TTY. */
export interface LogSource {
  docker: Docker;
  containerId: string;
  /** A container's log unless said otherwise. */
  kind?: LogKind;
  tty: boolean;
  signal: AbortSignal;
}

const BATCH = { maxLines: 4096, maxDelayMs: 0 };
/** How many times a count from the end is corrected before reading by time instead. */
const COUNT_RETRIES = 3;

/**
 * Reads lines in order; `take` sees each batch and says whether to go on. The request is closed as soon
 * as `take` says stop, so reading the first lines after a point costs only those lines.
 */
export async function readLines(source: LogSource, query: LogQuery, take: (batch: ParsedLogLine[]) => boolean): Promise<boolean> {
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  source.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await requestLogs(source.docker, source.containerId, query, abort.signal, source.kind);
    const feed = new LogFeed(response, source.tty, abort.signal, BATCH);
    try {
      for (let batch = await feed.next(); batch; batch = await feed.next()) {
        if (!take(batch)) return false;
      }
      return true;
    } finally {
      feed.close();
    }
  } finally {
    source.signal.removeEventListener('abort', onAbort);
    abort.abort();
  }
}

/** Whether two lines are the same line of the log (the same time, stream and text). */
export const sameLine = (a: ParsedLogLine, b: ParsedLogLine) => a.time === b.time && a.text === b.text && a.stream === b.stream;

/** Whether `line` starts the log whose first line is `first` (no line, or an empty log: it does). */
export const beginsLog = (first: ParsedLogLine | undefined, line: ParsedLogLine | undefined) => !line || !first || sameLine(first, line);

/** The first line of the log, or undefined when it is empty: cheap, the engine stops after one line. */
export async function readFirstLine(source: LogSource): Promise<ParsedLogLine | undefined> {
  let first: ParsedLogLine | undefined;
  await readLines(source, { follow: false }, (batch) => {
    first = batch[0];
    return false;
  });
  return first;
}

/** The last line of the log, or undefined when it is empty: cheap, the engine reads only that line. */
export async function readLastLine(source: LogSource): Promise<ParsedLogLine | undefined> {
  let last: ParsedLogLine | undefined;
  await readLines(source, { tail: 1, follow: false }, (batch) => {
    last = batch.at(-1) ?? last;
    return true;
  });
  return last;
}

async function isFirstLine(source: LogSource, line: ParsedLogLine | undefined): Promise<boolean> {
  return !line || beginsLog(await readFirstLine(source), line);
}

/** How many lines at the end of `lines` have exactly this time. */
export function sameTimeAtEnd(lines: readonly { time: string }[], time: string): number {
  let n = 0;
  for (let i = lines.length - 1; i >= 0 && lines[i]!.time === time; i--) n++;
  return n;
}

/** How many lines at the start of `lines` have exactly this time. */
export function sameTimeAtStart(lines: readonly { time: string }[], time: string): number {
  let n = 0;
  while (n < lines.length && lines[n]!.time === time) n++;
  return n;
}

/** The last `count` lines of the log. */
export async function readTail(source: LogSource, count: number): Promise<LogPage> {
  const lines: ParsedLogLine[] = [];
  await readLines(source, { tail: count, follow: false }, (batch) => {
    for (const line of batch) lines.push(line);
    return true;
  });
  return { lines, atStart: lines.length < count, atEnd: true, fromEnd: lines.length };
}

/**
 * Up to `count` lines just before the anchor (the first line the UI has). `fromEnd`: how many lines the UI
 * counts from that line to the end of the log, if it knows.
 */
export async function readBefore(source: LogSource, anchor: LogAnchor, count: number, fromEnd?: number): Promise<LogPage> {
  const until = engineTime(anchor.time);
  if (fromEnd !== undefined) {
    // Lines written since the UI counted push our start later; each short answer says by how many.
    let extra = 0;
    for (let attempt = 0; attempt < COUNT_RETRIES; attempt++) {
      const tail = fromEnd + count + extra;
      const raw: ParsedLogLine[] = [];
      await readLines(source, { tail, until, follow: false }, (batch) => {
        for (const line of batch) raw.push(line);
        return true;
      });
      const kept = raw.length - Math.min(anchor.sameTime, sameTimeAtEnd(raw, anchor.time));
      if (kept >= count) {
        const start = kept - count;
        // Counting holds unless the read was cut by the start of the log, which only a corrected count can reach.
        const exact = extra === 0 || !(await isFirstLine(source, raw[0]));
        return { lines: raw.slice(start, kept), atStart: false, atEnd: false, fromEnd: exact ? tail - start : undefined };
      }
      // Nothing at all: the count started after the anchor, so it is off by more than we can guess.
      if (!raw.length) break;
      if (await isFirstLine(source, raw[0])) {
        return { lines: raw.slice(0, kept), atStart: true, atEnd: false };
      }
      extra += count - kept + 64;
    }
  }
  // By time: from the start of the log up to the anchor, keeping only the last lines.
  const keep = count + anchor.sameTime;
  let ring: ParsedLogLine[] = [];
  let seen = 0;
  await readLines(source, { until, follow: false }, (batch) => {
    seen += batch.length;
    ring = ring.length + batch.length > keep * 2 ? [...ring, ...batch].slice(-keep) : ring.concat(batch);
    return true;
  });
  ring = ring.slice(-keep);
  const kept = ring.length - Math.min(anchor.sameTime, sameTimeAtEnd(ring, anchor.time));
  const lines = ring.slice(Math.max(0, kept - count), kept);
  return { lines, atStart: seen - (ring.length - kept) <= count, atEnd: false };
}

/**
 * Up to `count` lines just after the anchor (the last line the UI has). `fromEnd`: how many lines the UI
 * counts from that line to the end of the log, if it knows.
 */
export async function readAfter(source: LogSource, anchor: LogAnchor, count: number, fromEnd?: number): Promise<LogPage> {
  if (fromEnd !== undefined) {
    // Start a little before the anchor, so the answer proves it began early enough.
    let margin = 16;
    for (let attempt = 0; attempt < COUNT_RETRIES; attempt++, margin *= 16) {
      const tail = fromEnd + margin;
      const read = await readAfterFrom(source, { tail, follow: false }, anchor, count, true);
      if (!read) continue;
      const { page, firstKept, firstRead } = read;
      // Lines written meanwhile do not spoil the count; only a read cut by the start of the log does.
      const exact = firstKept !== undefined && (firstKept === margin + 1 || !(await isFirstLine(source, firstRead)));
      return { ...page, fromEnd: exact ? tail - firstKept : undefined };
    }
  }
  return (await readAfterFrom(source, { since: engineTime(anchor.time), follow: false }, anchor, count, false))!.page;
}

interface AfterRead {
  page: LogPage;
  /** Index in the read of the first line kept. */
  firstKept: number | undefined;
  firstRead: ParsedLogLine | undefined;
}

/**
 * Reads from `query`, skips up to the anchor and keeps `count` lines. With `mustStartBefore`, gives up
 * (undefined) if the read began after the anchor.
 */
async function readAfterFrom(source: LogSource, query: LogQuery, anchor: LogAnchor, count: number, mustStartBefore: boolean): Promise<AfterRead | undefined> {
  const lines: ParsedLogLine[] = [];
  let index = 0;
  let firstKept: number | undefined;
  let firstRead: ParsedLogLine | undefined;
  let toSkip = anchor.sameTime;
  const ended = await readLines(source, query, (batch) => {
    for (const line of batch) {
      if (!firstRead) {
        firstRead = line;
        if (mustStartBefore && !(line.time < anchor.time)) return false;
      }
      index++;
      if (line.time < anchor.time) continue;
      if (line.time === anchor.time && toSkip > 0) {
        toSkip--;
        continue;
      }
      firstKept ??= index - 1;
      lines.push(line);
      if (lines.length >= count) return false;
    }
    return true;
  });
  if (mustStartBefore && firstRead && !(firstRead.time < anchor.time)) return undefined;
  return { page: { lines, atStart: false, atEnd: ended && lines.length < count }, firstKept, firstRead };
}

/**
 * The lines around one line (a search match): `before` lines before it, then it and `after` lines. The
 * match is found again by its time, since lines written after the search moved it away from the end.
 */
export async function readAround(source: LogSource, target: { time: string; fromEnd: number }, before: number, after: number): Promise<LogPage> {
  const tail = target.fromEnd + before;
  // Whether the page starts the log needs the log's first line: asked for beside the page, not after it,
  // so a search's match is drawn one engine round trip sooner. (Awaited only when the match is found here.)
  const firstOfLog = readFirstLine(source);
  firstOfLog.catch(() => undefined);
  const raw: ParsedLogLine[] = [];
  const ended = await readLines(source, { tail, follow: false }, (batch) => {
    for (const line of batch) raw.push(line);
    return raw.length < before + 1 + after;
  });
  const lines = raw.slice(0, before + 1 + after);
  let focus = -1;
  for (let d = 0; d < lines.length && focus < 0; d++) {
    if (lines[before + d]?.time === target.time) focus = before + d;
    else if (lines[before - d]?.time === target.time) focus = before - d;
  }
  if (focus >= 0) {
    const atStart = beginsLog(await firstOfLog, lines[0]);
    // Counting from the end holds unless the read was cut by the start of the log.
    const cut = atStart && focus < before;
    return { lines, atStart, atEnd: ended, fromEnd: cut ? undefined : tail, focus };
  }
  // The log moved too far since the search: read from the match's time instead.
  const { page } = (await readAfterFrom(source, { since: engineTime(target.time), follow: false }, { time: target.time, sameTime: 0 }, after + 1, false))!;
  return { ...page, focus: 0 };
}
