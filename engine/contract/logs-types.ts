/** The shapes of container logs as they cross the boundary (see engine/contract/logs.ts). */

export type LogStreamName = 'stdout' | 'stderr';

export interface LogLine {
  /** A container with a TTY writes everything to stdout. */
  stream: LogStreamName;
  /** When the engine received the line: RFC 3339 in UTC with nanoseconds. Empty if the engine gave none. */
  time: string;
  /** The line without its newline; may hold ANSI colour codes. */
  text: string;
}

/**
 * A place between two lines, named by the line next to it: its time, and how many lines with exactly that
 * time the UI already has on that side (lines can share a time, so a time alone is not a place).
 */
export interface LogAnchor {
  time: string;
  sameTime: number;
}

/** A run of consecutive lines read from somewhere in the log. */
export interface LogPage {
  lines: LogLine[];
  /** The first line is the first line of the log. */
  atStart: boolean;
  /** The last line was the last line of the log when it was read. */
  atEnd: boolean;
  /**
   * How many lines there were from the first line of the page (counted) to the end of the log when the
   * page was read, when the engine's answer says so exactly. It lets the next page be read by counting
   * from the end (fast) rather than by time (which makes the engine read the log from its start).
   */
  fromEnd?: number;
  /** For a page read around a line: that line's index in `lines`. */
  focus?: number;
}

export type LogFollowEvent =
  | { type: 'lines'; lines: LogLine[] }
  /** Whether the first line sent is the first line of the log (known shortly after the stream opens). */
  | { type: 'start'; atStart: boolean };

export interface LogMatch {
  /** Lines from this one (counted) to the end of the log when the search began: 1 is the last line. */
  fromEnd: number;
  time: string;
  stream: LogStreamName;
  /** The line, cut to a few hundred characters around the first match. */
  text: string;
}

export type LogSearchEvent =
  /** Matches found in an older stretch of the log than any sent before; each batch is in log order. */
  | { type: 'matches'; matches: LogMatch[] }
  /**
   * The search's first match, sent as soon as it is read, before the stretch of the log that holds it has
   * been read to its end (at most once, and only before any `matches`). Its `fromEnd` assumes no line was
   * written since the search began, so it may be a few lines off; the `matches` that follows sends it again
   * with its exact place, with any newer matches of the same stretch.
   */
  /**
   * With `around` asked for, the lines around it too (a page with `focus` on it, placed like it), so the UI
   * can draw it without reading them again.
   */
  | { type: 'found'; match: LogMatch; around?: LogPage }
  | { type: 'progress'; scannedLines: number }
  /** The whole log was searched; `totalLines` is its length when the search began. */
  | { type: 'done'; totalLines: number; matchCount: number; truncated: boolean };
