/** One log line: its time (if shown), the container it came from (combined logs), and its coloured text. */
import { memo } from 'react';
import type { Ref } from 'react';
import { ansiPieces, markMatches } from './ansi';
import type { ShownLine } from './log-window';

export interface LogSourceLabel {
  name: string;
  /** Which of the service colours to draw it in. */
  colour: number;
}

interface LogRowProps {
  ref?: Ref<HTMLDivElement>;
  index: number;
  top: number;
  line: ShownLine;
  timestamps: boolean;
  highlight: RegExp | undefined;
  focused: boolean;
  source: LogSourceLabel | undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local time with milliseconds; the full UTC time with nanoseconds is in the tooltip. */
export function formatLogTime(time: string): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export const LogRow = memo(function LogRow({ ref, index, top, line, timestamps, highlight, focused, source }: LogRowProps) {
  const pieces = markMatches(ansiPieces(line), highlight);
  return (
    <div
      ref={ref}
      data-index={index}
      className={`log-line${line.stream === 'stderr' ? ' log-line--stderr' : ''}${focused ? ' is-focused' : ''}`}
      data-stream={line.stream}
      style={{ transform: `translateY(${top}px)` }}
    >
      {timestamps && (
        <span className="log-line__time" title={line.time}>
          {formatLogTime(line.time)}
        </span>
      )}
      {source && <span className={`log-line__source log-source--${source.colour}`}>{source.name}</span>}
      <span className="log-line__text">
        {pieces.map((p, i) =>
          p.mark ? (
            <mark key={i} className={p.className} style={p.style}>
              {p.text}
            </mark>
          ) : p.className || p.style ? (
            <span key={i} className={p.className} style={p.style}>
              {p.text}
            </span>
          ) : (
            p.text
          ),
        )}
      </span>
    </div>
  );
});
