/**
 * A virtualized view of log lines: only the rows on screen exist in the DOM, however many lines the window
 * holds. It stays on the lines the user reads when older lines are added above or old ones dropped
 * (the virtualizer anchors to the row under the viewport), follows the end while scrolled to the bottom,
 * and says when it nears either edge so more lines can be read.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ArrowDownIcon } from '../../components/icons';
import type { ShownLine } from './log-window';
import { LogRow } from './LogRow';
import type { LogSourceLabel } from './LogRow';

const ROW_HEIGHT = 18;
/** Ask for more lines when the view is this many rows from an edge of the window. */
const NEAR_EDGE_ROWS = 300;

interface LogViewProps {
  /** The accessible name of the view, e.g. "Logs of web". */
  label: string;
  lines: readonly ShownLine[];
  version: number;
  timestamps: boolean;
  wrap: boolean;
  /** Marks every match in the rows on screen (a global RegExp). */
  highlight?: RegExp;
  /** A line to bring to the middle of the view; `seq` changes to ask again for the same line. */
  focus?: { key: number; seq: number };
  sources?: readonly LogSourceLabel[];
  /** Whether more lines exist past the window's ends. */
  moreAbove: boolean;
  moreBelow: boolean;
  onNearTop?(): void;
  onNearBottom?(): void;
  onPinnedChange?(pinned: boolean): void;
  /**
   * "Jump to latest" shows whenever the user is not looking at the latest lines; when the window does not
   * reach the end of the log (`moreBelow`), this is called to get there.
   */
  onJumpToLatest?(): void;
  /** Something to say where there are no lines. */
  empty?: ReactNode;
  /** A note over the top or the bottom of the view, e.g. "Loading older lines…". */
  topNote?: ReactNode;
  bottomNote?: ReactNode;
}

export function LogView(props: LogViewProps) {
  const { lines, version, wrap, focus, moreAbove, moreBelow } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const linesRef = useRef(lines);
  linesRef.current = lines;
  const callbacks = useRef(props);
  callbacks.current = props;
  const pinnedRef = useRef(true);

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => linesRef.current[index]?.key ?? index,
    overscan: 12,
    // Keep the row under the viewport in place when lines come or go above it; follow appends at the end.
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 4,
  });

  // Wrapped rows have their own heights; unwrapped rows all have one, which needs no measuring.
  const measureRows = () => scrollRef.current?.querySelectorAll<HTMLElement>('.log-line[data-index]').forEach((row) => virtualizer.measureElement(row));
  // When that changes, forget the old sizes and measure the rows on screen again (their refs do not run again).
  useLayoutEffect(() => {
    virtualizer.measure();
    measureRows();
    // Reading the latest lines, the user goes on reading them.
    if (pinnedRef.current && linesRef.current.length) virtualizer.scrollToIndex(linesRef.current.length - 1, { align: 'end' });
  }, [wrap, props.timestamps, virtualizer]);
  // The virtualizer skips measuring rows that appear while it scrolls (following a log scrolls all the
  // time); measure them once it stops.
  const scrolling = virtualizer.isScrolling;
  useLayoutEffect(() => {
    if (wrap && !scrolling) measureRows();
  });

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    const el = scrollRef.current;
    if (!lines.length || !el) return;
    // While following at the bottom, the top is not "near" even if a render has not scrolled there yet;
    // but a window too short to scroll can only grow by itself.
    const canScroll = el.scrollHeight > el.clientHeight;
    if (moreAbove && first < NEAR_EDGE_ROWS && (!canScroll || !pinnedRef.current)) callbacks.current.onNearTop?.();
    if (moreBelow && last > lines.length - NEAR_EDGE_ROWS) callbacks.current.onNearBottom?.();
  }, [first, last, lines.length, moreAbove, moreBelow, version]);

  useEffect(() => {
    if (!focus) return;
    const index = lines.length ? focus.key - lines[0]!.key : -1;
    if (index >= 0 && index < lines.length) virtualizer.scrollToIndex(index, { align: 'center' });
    // Only a new focus request scrolls; new lines arriving do not.
  }, [focus?.seq]);

  // Whether the user reads the latest lines: measured on scroll only (reading the layout after every
  // render would force a second layout per frame while following a busy log).
  const [atEnd, setAtEnd] = useState(true);
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const end = el.scrollHeight - el.scrollTop - el.clientHeight <= ROW_HEIGHT;
    setAtEnd(end);
    const pinned = end && !moreBelow;
    if (pinned !== pinnedRef.current) {
      pinnedRef.current = pinned;
      callbacks.current.onPinnedChange?.(pinned);
    }
  };
  useEffect(() => {
    // A window that stops or starts reaching the end of the log changes what "pinned" means.
    const pinned = atEnd && !moreBelow;
    if (pinned !== pinnedRef.current) {
      pinnedRef.current = pinned;
      callbacks.current.onPinnedChange?.(pinned);
    }
  }, [atEnd, moreBelow]);

  const showJump = moreBelow || !atEnd;

  return (
    <div className={`log-view${wrap ? ' log-view--wrap' : ''}`}>
      <div
        ref={scrollRef}
        className="log-view__scroll"
        role="log"
        aria-live="off"
        aria-label={props.label}
        tabIndex={0}
        onScroll={onScroll}
        data-testid="log-view"
        data-lines={lines.length}
      >
        {!lines.length && props.empty}
        <div className="log-view__rows" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const line = lines[item.index]!;
            return (
              <LogRow
                key={item.key}
                ref={wrap ? virtualizer.measureElement : undefined}
                index={item.index}
                top={item.start}
                line={line}
                timestamps={props.timestamps}
                highlight={props.highlight}
                focused={focus?.key === line.key}
                source={line.source === undefined ? undefined : props.sources?.[line.source]}
              />
            );
          })}
        </div>
      </div>
      {props.topNote && <div className="log-view__note log-view__note--top">{props.topNote}</div>}
      {props.bottomNote && <div className="log-view__note log-view__note--bottom">{props.bottomNote}</div>}
      {showJump && lines.length > 0 && (
        <button
          type="button"
          className="button log-view__jump"
          onClick={() => (moreBelow ? props.onJumpToLatest?.() : virtualizer.scrollToIndex(lines.length - 1, { align: 'end' }))}
          data-testid="jump-to-latest"
        >
          <ArrowDownIcon />
          Jump to latest
        </button>
      )}
    </div>
  );
}
