/**
 * The lines of a log the UI holds: one unbroken run of the log, at most MAX_LINES long, wherever in the
 * log the user is. It knows whether it starts at the start of the log, and how many lines come after its
 * last one (`below`: 0 at the end; undefined when unknown), which is what lets the backend read the next
 * page by counting from the end. Each line gets a key that never changes while it is held: appended lines
 * count up, prepended lines count down, so a line's index is `key - lines[0].key`.
 */
import type { LogAnchor, LogLine } from '../../../../engine/contract/logs-types';

export interface ShownLine extends LogLine {
  key: number;
  /** For combined logs: which container the line came from (an index into the view's sources). */
  source?: number;
}

/** About 10 MB of lines (and up to a fifth more while following), whatever the size of the log. */
export const MAX_LINES = 50_000;

/** Merges two runs of lines that are each in time order (stable: `a` first on equal times). */
export function mergeByTime<T extends LogLine>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(b[j]!.time < a[i]!.time ? b[j++]! : a[i++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

export class LogWindow {
  lines: ShownLine[] = [];
  atStart = false;
  below: number | undefined = 0;
  private nextKey = 0;

  constructor(private readonly max = MAX_LINES) {}

  reset(lines: LogLine[], atStart: boolean, below: number | undefined): void {
    this.lines = [];
    this.nextKey = 0;
    this.atStart = atStart;
    this.below = below;
    this.append(lines);
  }

  /**
   * Adds lines at the end; past the limit (and some slack) drops the oldest back down to the limit, and
   * returns how many. Dropping in steps rather than a few lines per frame matters while following a fast
   * log: each drop renumbers the whole list for the virtualizer.
   */
  append(lines: LogLine[]): number {
    for (const line of lines) {
      (line as ShownLine).key = this.nextKey++;
      this.lines.push(line as ShownLine);
    }
    if (this.lines.length <= this.max + this.max / 5) return 0;
    const over = this.lines.length - this.max;
    this.lines.splice(0, over);
    this.atStart = false;
    return over;
  }

  /**
   * Adds lines (in time order) where their times put them: at the end, or merged into the newest lines
   * when some are older (combined logs, where containers' lines arrive at different moments).
   */
  insertInTimeOrder(lines: LogLine[]): void {
    const last = this.lines.at(-1);
    if (!last || !lines[0] || lines[0].time >= last.time) {
      this.append(lines);
      return;
    }
    let at = this.lines.length;
    while (at > 0 && this.lines[at - 1]!.time > lines[0].time) at--;
    const tail = this.lines.splice(at);
    // Keys stay consecutive: the merged lines are numbered on from the line before them.
    this.nextKey = at > 0 ? this.lines[at - 1]!.key + 1 : tail[0]!.key;
    this.append(mergeByTime<LogLine>(tail, lines));
  }

  /** Adds older lines at the start, dropping the newest beyond the limit; returns how many were dropped. */
  prepend(lines: LogLine[], atStart: boolean): number {
    let key = this.lines.length ? this.lines[0]!.key : this.nextKey;
    for (let i = lines.length - 1; i >= 0; i--) (lines[i] as ShownLine).key = --key;
    this.lines = (lines as ShownLine[]).concat(this.lines);
    this.atStart = atStart;
    const over = this.lines.length - this.max;
    if (over <= 0) return 0;
    this.lines.length = this.max;
    this.nextKey = this.lines[this.max - 1]!.key + 1;
    if (this.below !== undefined) this.below += over;
    return over;
  }

  indexOfKey(key: number): number {
    const first = this.lines[0];
    if (!first) return -1;
    const index = key - first.key;
    return index >= 0 && index < this.lines.length ? index : -1;
  }

  /** The place before the first line, for reading older lines. */
  firstAnchor(): LogAnchor | undefined {
    const first = this.lines[0];
    if (!first?.time) return undefined;
    let sameTime = 0;
    while (sameTime < this.lines.length && this.lines[sameTime]!.time === first.time) sameTime++;
    return { time: first.time, sameTime };
  }

  /** The place after the last line, for reading newer lines. */
  lastAnchor(): LogAnchor | undefined {
    const last = this.lines.at(-1);
    if (!last?.time) return undefined;
    let sameTime = 0;
    for (let i = this.lines.length - 1; i >= 0 && this.lines[i]!.time === last.time; i--) sameTime++;
    return { time: last.time, sameTime };
  }

  /** Lines from the first line (counted) to the end of the log, if known. */
  fromEndOfFirst(): number | undefined {
    return this.below === undefined ? undefined : this.below + this.lines.length;
  }

  /** Lines from the last line (counted) to the end of the log, if known. */
  fromEndOfLast(): number | undefined {
    return this.below === undefined ? undefined : this.below + 1;
  }

  /** The index of a line with this time and stream, or -1; lines are in time order, so this bisects. */
  indexOfTime(time: string, stream?: string): number {
    let lo = 0;
    let hi = this.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[mid]!.time < time) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.lines.length && this.lines[i]!.time === time; i++) if (!stream || this.lines[i]!.stream === stream) return i;
    // stdout and stderr can be a little out of order in the log; look around before giving up.
    for (let i = Math.max(0, lo - 50); i < Math.min(this.lines.length, lo + 50); i++) if (this.lines[i]!.time === time) return i;
    return -1;
  }
}
