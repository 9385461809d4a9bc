/**
 * Following a container's log: the last lines, then new ones as the container writes them, in batches,
 * until the container stops or the UI closes the stream.
 */
import type { LogAnchor, LogFollowEvent } from '../contract/logs-types';
import { LogFeed, engineTime, requestLogs } from './log-feed';
import type { LogQuery } from './log-feed';
import type { ParsedLogLine } from './log-lines';
import { readFirstLine } from './log-pages';
import type { LogSource } from './log-pages';

/** Up to this many lines per event, or what arrived within this time: about one screen refresh. */
const FOLLOW_BATCH = { maxLines: 5000, maxDelayMs: 10 };

export type FollowFrom = { tail: number } | { after: LogAnchor; fromEnd?: number };

async function* feedLines(source: LogSource, query: LogQuery): AsyncGenerator<ParsedLogLine[]> {
  const response = await requestLogs(source.docker, source.containerId, query, source.signal, source.kind);
  yield* new LogFeed(response, source.tty, source.signal, FOLLOW_BATCH);
}

/**
 * From the last `tail` lines (one cheap request: the engine sends them, then follows), or from just after
 * an anchor (counting from the end when the UI knows how far that is, else by time).
 */
export async function* followLogs(source: LogSource, from: FollowFrom): AsyncGenerator<LogFollowEvent> {
  if ('tail' in from) {
    // Whether the lines sent start the log: the UI stops asking for older ones. Known at once for an empty log.
    const first = await readFirstLine(source);
    if (!first) yield { type: 'start', atStart: true };
    let told = !first;
    for await (const lines of feedLines(source, { tail: from.tail, follow: true })) {
      yield { type: 'lines', lines };
      if (!told) {
        told = true;
        const l = lines[0]!;
        yield { type: 'start', atStart: first!.time === l.time && first!.text === l.text && first!.stream === l.stream };
      }
    }
    return;
  }

  const { after, fromEnd } = from;
  let toSkip = after.sameTime;
  let past = false;
  // Drops what the UI already has: lines up to the anchor, and the anchor's time as often as it has it.
  const unseen = (lines: ParsedLogLine[]): ParsedLogLine[] => {
    if (past) return lines;
    let i = 0;
    for (; i < lines.length; i++) {
      const t = lines[i]!.time;
      if (t > after.time || (t === after.time && toSkip === 0)) break;
      if (t === after.time) toSkip--;
    }
    past = i < lines.length;
    return i ? lines.slice(i) : lines;
  };

  if (fromEnd !== undefined) {
    // Start a few lines before the anchor, so the first line proves the count still holds.
    let moved = false;
    let first = true;
    for await (const batch of feedLines(source, { tail: fromEnd + 16, follow: true })) {
      if (first) {
        first = false;
        moved = !(batch[0]!.time < after.time);
        if (moved) break;
      }
      const lines = unseen(batch);
      if (lines.length) yield { type: 'lines', lines };
    }
    if (!moved) return;
  }
  for await (const batch of feedLines(source, { since: engineTime(after.time), follow: true })) {
    const lines = unseen(batch);
    if (lines.length) yield { type: 'lines', lines };
  }
}
