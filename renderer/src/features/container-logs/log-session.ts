/**
 * One container's log on screen: the window of lines (log-window.ts) and the streams that fill it.
 *
 * It opens on the last lines and follows new ones; older lines load when the view nears the top, newer
 * ones when it nears the bottom of a window that is not at the end; a search match outside the window
 * replaces the window with the lines around it. Lines that arrive while following are gathered and added
 * once per animation frame, so a container writing 50,000 lines a second costs one render per frame.
 * Following pauses, rather than moving what the user reads, when the window is full while the user is
 * scrolled up.
 */
import type { LogAnchor, LogLine, LogMatch, LogPage } from '../../../../engine/contract/logs-types';
import { client } from '../../app/contract-client';
import { messageOf } from '../../components/toasts/store';
import { watchConnection } from '../../app/watch-connection';
import { readPage } from './api';
import type { Cancellable } from './api';
import { FrameBatch } from './frame-batch';
import { LogWindow, MAX_LINES } from './log-window';
import type { ShownLine } from './log-window';

const FIRST_LINES = 1000;
const PAGE_LINES = 2000;
/** The lines read around a search match: more after it than before (the user reads on down). */
export const AROUND = { before: 300, after: 700 };

export type LogActivity = 'opening' | 'older' | 'newer' | 'jumping' | null;

export interface LogSnapshot {
  /** Bumps whenever the lines change. */
  version: number;
  lines: readonly ShownLine[];
  atStart: boolean;
  /** The last line is the last line of the log (as far as the UI knows). */
  atEnd: boolean;
  /** New lines are being added as the container writes them. */
  following: boolean;
  /** Following stopped because the window filled while the user read older lines. */
  paused: boolean;
  activity: LogActivity;
  error: string | undefined;
  /** A line to bring into view (a search match): its key, and a counter so the same line can be asked again. */
  focus: { key: number; seq: number } | undefined;
  /** Lines received since the view opened, for the status bar. */
  received: number;
  /** The time the view was opened at (`since`), until it moves to the latest lines or a match. */
  since: string | undefined;
}

export class LogSession {
  private readonly window = new LogWindow();
  private snapshot: LogSnapshot;
  private readonly listeners = new Set<() => void>();
  private follow: { close(): void } | undefined;
  private page: Cancellable<unknown> | undefined;
  private readonly arriving = new FrameBatch<LogLine>((lines) => this.add(lines));
  private pinned = true;
  private focusSeq = 0;
  private disposed = false;
  private offConnection: (() => void) | undefined;
  /** Following was cut by a lost connection and carries on once it is back. */
  private resumeWhenBack = false;
  /** Whether the container runs, as the live list says. */
  private running = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** `source`: a swarm service's log (its tasks' lines from every node) instead of a container's. */
  constructor(
    private readonly containerId: string,
    private readonly source?: 'service',
  ) {
    this.snapshot = {
      version: 0,
      lines: [],
      atStart: false,
      atEnd: true,
      following: false,
      paused: false,
      activity: 'opening',
      error: undefined,
      focus: undefined,
      received: 0,
      since: undefined,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LogSnapshot => this.snapshot;

  /** Opens on the last lines, following. */
  open(): void {
    this.disposed = false;
    this.closeStreams();
    this.offConnection ??= watchConnection({ lost: () => this.connectionLost(), back: () => this.connectionBack() });
    this.window.reset([], false, 0);
    this.update({ activity: 'opening', error: undefined, paused: false, focus: undefined, since: undefined });
    this.startFollowing({ tail: FIRST_LINES });
  }

  /** Closes every stream; `open` may start again (React runs effects twice in development). */
  dispose(): void {
    this.disposed = true;
    this.closeStreams();
    this.offConnection?.();
    this.offConnection = undefined;
  }

  private connectionLost(): void {
    const wasFollowing = this.follow !== undefined;
    this.closeStreams();
    this.resumeWhenBack ||= wasFollowing;
    this.update({ following: false, activity: null, error: 'Lost the connection to Berth’s backend. Reconnecting…' });
  }

  /** Following carries on from the last line shown, so nothing comes twice. */
  private connectionBack(): void {
    this.update({ error: undefined });
    if (!this.resumeWhenBack) return;
    this.resumeWhenBack = false;
    this.containerStarted();
  }

  /** The view says whether it is scrolled to the bottom. */
  setPinned(pinned: boolean): void {
    this.pinned = pinned;
  }

  /**
   * Whether the container runs, from the live containers list. When it starts again after a stop, the
   * view carries on following if it was at the end.
   */
  setRunning(running: boolean): void {
    const started = running && !this.running;
    this.running = running;
    if (started) {
      this.retries = 0;
      this.containerStarted();
    }
  }

  /** Carries on following from the last line shown, if the window is at the end and nothing else runs. */
  containerStarted(): void {
    if (this.follow || this.page || this.snapshot.paused || this.window.below !== 0) return;
    const after = this.window.lastAnchor();
    if (after) this.startFollowing({ after, fromEnd: 1 });
    else this.open();
  }

  loadOlder(): void {
    const anchor = this.window.firstAnchor();
    if (this.page || this.window.atStart || !anchor) return;
    this.read('older', { direction: 'before', containerId: this.containerId, source: this.source, anchor, lines: PAGE_LINES, fromEnd: this.window.fromEndOfFirst() }, (page) => {
      const below = page.fromEnd === undefined ? undefined : page.fromEnd - page.lines.length - this.window.lines.length;
      const dropped = this.window.prepend(page.lines, page.atStart);
      if (below !== undefined && below >= 0) this.window.below = below + dropped;
      if (dropped && this.follow) this.stopFollowing();
    });
  }

  loadNewer(): void {
    const anchor = this.window.lastAnchor();
    if (this.page || this.follow || this.window.below === 0 || !anchor) return;
    this.read('newer', { direction: 'after', containerId: this.containerId, source: this.source, anchor, lines: PAGE_LINES, fromEnd: this.window.fromEndOfLast() }, (page) => {
      this.window.append(page.lines);
      if (page.atEnd) this.window.below = 0;
      else if (page.fromEnd !== undefined) this.window.below = Math.max(0, page.fromEnd - page.lines.length);
      else if (this.window.below !== undefined) this.window.below = Math.max(1, this.window.below - page.lines.length);
      if (page.atEnd) this.followFromEnd();
    });
  }

  /** Back to the last lines, following. */
  jumpToLatest(): void {
    this.open();
  }

  /** Shows the log from a time on (the engine's `since`): older lines still load above, newer below. */
  goToTime(time: string): void {
    this.cancelPage();
    this.read('jumping', { direction: 'after', containerId: this.containerId, source: this.source, anchor: { time, sameTime: 0 }, lines: PAGE_LINES }, (page) => {
      this.closeFollow();
      this.window.reset(page.lines, false, page.atEnd ? 0 : undefined);
      const first = this.window.lines[0];
      this.update({ paused: false, following: false, since: time, focus: first ? { key: first.key, seq: ++this.focusSeq } : undefined });
      if (page.atEnd) {
        const after = this.window.lastAnchor() ?? { time, sameTime: 0 };
        this.startFollowing({ after, fromEnd: 1 });
      }
    });
  }

  /**
   * Brings a search match into view: in the window if it holds it, else the lines around it (`around`, sent
   * with the search's first match, or read here).
   */
  showMatch(match: LogMatch, around?: LogPage): void {
    const index = this.window.indexOfTime(match.time, match.stream);
    if (index >= 0) {
      this.update({ focus: { key: this.window.lines[index]!.key, seq: ++this.focusSeq } });
      return;
    }
    this.cancelPage();
    if (around) {
      this.showAround(around);
      this.update({ activity: null, error: undefined });
      return;
    }
    this.read('jumping', { direction: 'around', containerId: this.containerId, source: this.source, time: match.time, fromEnd: match.fromEnd, ...AROUND }, (page) => this.showAround(page));
  }

  /** Replaces the window with a page of lines around a match (`page.focus`), and focuses the match. */
  private showAround(page: LogPage): void {
    this.closeFollow();
    this.window.reset(page.lines, page.atStart, page.atEnd ? 0 : page.fromEnd === undefined ? undefined : page.fromEnd - page.lines.length);
    const focused = this.window.lines[page.focus ?? 0];
    this.update({ paused: false, since: undefined, focus: focused ? { key: focused.key, seq: ++this.focusSeq } : undefined });
    if (page.atEnd) this.followFromEnd();
  }

  /** The window reached the end of the log: follow from there (for a stopped container the stream just ends). */
  private followFromEnd(): void {
    const after = this.window.lastAnchor();
    if (after && !this.follow) this.startFollowing({ after, fromEnd: 1 });
  }

  private read(activity: Exclude<LogActivity, null>, input: Parameters<typeof readPage>[0], apply: (page: Awaited<ReturnType<typeof readPage>['promise']>) => void): void {
    const request = readPage(input);
    this.page = request;
    this.update({ activity, error: undefined });
    request.promise.then(
      (page) => {
        if (this.page !== request || this.disposed) return;
        this.page = undefined;
        apply(page);
        this.update({ activity: null });
      },
      (e: unknown) => {
        if (this.page !== request || this.disposed) return;
        this.page = undefined;
        this.update({ activity: null, error: messageOf(e) });
      },
    );
  }

  private startFollowing(from: { tail: number } | { after: LogAnchor; fromEnd?: number }): void {
    const session = client.open(
      'logs.follow',
      { containerId: this.containerId, source: this.source, from },
      {
        onData: (event) => {
          if (this.follow !== session) return;
          if (event.type === 'start') {
            this.window.atStart = event.atStart;
            this.update({ activity: this.snapshot.activity === 'opening' && !this.arriving.size ? null : this.snapshot.activity });
            return;
          }
          this.retries = 0;
          this.arriving.push(event.lines);
        },
        onEnd: (error) => {
          if (this.follow !== session) return;
          this.follow = undefined;
          this.arriving.flush();
          this.update({ following: false, activity: null, error: error ? error.message : undefined });
          // A quick restart can end the stream without the list ever showing the container stopped: if it
          // still looks running, look again shortly (a few times at most).
          if (!error && this.running && this.retries < 3) {
            this.retries++;
            clearTimeout(this.retryTimer);
            this.retryTimer = setTimeout(() => this.containerStarted(), 500);
          }
        },
      },
    );
    this.follow = session;
    this.update({ following: true, paused: false });
  }

  /** Adds what arrived since the last frame, in one go. */
  private add(lines: LogLine[]): void {
    const received = this.snapshot.received + lines.length;
    const room = Math.max(0, MAX_LINES - this.window.lines.length);
    if (!this.pinned && lines.length > room) {
      // The user is reading: keep the window where it is and stop following instead of dropping its top.
      this.window.append(lines.slice(0, room));
      this.window.below = lines.length - room;
      this.stopFollowing();
      this.update({ received, paused: true, activity: null });
      return;
    }
    this.window.append(lines);
    this.update({ received, activity: this.snapshot.activity === 'opening' ? null : this.snapshot.activity });
  }

  /** Only ever called with lines held back (`below` > 0), so the window knows it is not at the end. */
  private stopFollowing(): void {
    this.closeFollow();
    this.update({ following: false });
  }

  private closeFollow(): void {
    this.follow?.close();
    this.follow = undefined;
    this.arriving.clear();
  }

  private cancelPage(): void {
    this.page?.cancel();
    this.page = undefined;
  }

  private closeStreams(): void {
    clearTimeout(this.retryTimer);
    this.closeFollow();
    this.cancelPage();
  }

  private update(change: Partial<Omit<LogSnapshot, 'version' | 'lines' | 'atStart' | 'atEnd'>>): void {
    if (this.disposed) return;
    const w = this.window;
    this.snapshot = { ...this.snapshot, ...change, version: this.snapshot.version + 1, lines: w.lines, atStart: w.atStart, atEnd: w.below === 0 };
    this.listeners.forEach((l) => l());
  }
}
