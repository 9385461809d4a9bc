/**
 * A search over a container's whole log, run on the backend (`logs.search`): matches arrive newest first
 * in chunks, and are kept here in log order with the one the user is on. The first match shown is the
 * newest, nearest to where the user was reading; "previous" goes up (older), "next" goes down (newer).
 */
import type { LogMatch, LogPage } from '../../../../engine/contract/logs-types';
import { client } from '../../app/contract-client';
import { watchConnection } from '../../app/watch-connection';
import type { LogSearchQuery } from '../../../../engine/contract/log-search-pattern';
import { AROUND } from './log-session';


const sameLine = (a: LogMatch, b: LogMatch) => a.time === b.time && a.stream === b.stream && a.text === b.text;

export interface SearchSnapshot {
  query: LogSearchQuery | undefined;
  searching: boolean;
  /** In log order, oldest first. */
  matches: readonly LogMatch[];
  /** Index into `matches` of the match shown, or -1. */
  current: number;
  scannedLines: number;
  /** Known when the search is done: the log's length when it began, and all matches counted. */
  totalLines: number | undefined;
  matchCount: number;
  truncated: boolean;
  error: string | undefined;
}

const IDLE: SearchSnapshot = {
  query: undefined,
  searching: false,
  matches: [],
  current: -1,
  scannedLines: 0,
  totalLines: undefined,
  matchCount: 0,
  truncated: false,
  error: undefined,
};

export class SearchSession {
  private snapshot = IDLE;
  private readonly listeners = new Set<() => void>();
  private stream: { close(): void } | undefined;
  private offConnection: (() => void) | undefined;
  /** The match of a `found` event, until its chunk's `matches` replace it. */
  private provisional: LogMatch | undefined;
  /** A search cut short by a lost connection, to start again once it is back. */
  private interrupted: LogSearchQuery | undefined;

  /** Called with the match to show whenever the current match changes (the first with the lines around it). */
  constructor(
    private readonly containerId: string,
    private readonly show: (match: LogMatch, around?: LogPage) => void,
    private readonly source?: 'service',
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SearchSnapshot => this.snapshot;

  search(query: LogSearchQuery | undefined): void {
    this.stream?.close();
    this.stream = undefined;
    if (!query?.text) {
      this.set(IDLE);
      return;
    }
    this.provisional = undefined;
    this.set({ ...IDLE, query, searching: true });
    // Not resumed by the client (matches would come twice): started again once the connection is back.
    this.offConnection ??= watchConnection({
      lost: () => {
        if (!this.stream) return;
        this.interrupted = this.snapshot.query;
        this.stream.close();
        this.stream = undefined;
      },
      back: () => {
        const query = this.interrupted;
        this.interrupted = undefined;
        if (query) this.search(query);
      },
    });
    // The first match comes with the lines around it, so it is drawn without reading them again.
    const stream = client.open('logs.search', { containerId: this.containerId, source: this.source, ...query, around: AROUND }, {
      onData: (event) => {
        if (this.stream !== stream) return;
        const s = this.snapshot;
        switch (event.type) {
          case 'found':
            // The first match, sent before its stretch of the log is read to the end: shown at once, and
            // held until the stretch's matches replace it (with its exact place and any newer ones).
            if (s.matches.length) return;
            this.provisional = event.match;
            this.set({ ...s, matches: [event.match], current: 0 });
            this.show(event.match, event.around);
            return;
          case 'matches': {
            const provisional = this.provisional;
            this.provisional = undefined;
            const had = provisional ? [] : s.matches;
            // An older chunk: it goes before what we have, and the current match keeps its place.
            const first = had.length === 0;
            const current = first ? event.matches.length - 1 : s.current + event.matches.length;
            this.set({ ...s, matches: [...event.matches, ...had], current });
            // The newest match of the first chunk; not read again if it is the one already shown.
            const newest = this.snapshot.matches[current]!;
            if (first && !(provisional && sameLine(provisional, newest))) this.show(newest);
            return;
          }
          case 'progress':
            this.set({ ...s, scannedLines: event.scannedLines });
            return;
          case 'done':
            this.set({ ...s, searching: false, scannedLines: event.totalLines, totalLines: event.totalLines, matchCount: event.matchCount, truncated: event.truncated });
            return;
        }
      },
      onEnd: (error) => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        this.set({ ...this.snapshot, searching: false, error: error?.message });
      },
    });
    this.stream = stream;
  }

  /** Moves to an older (-1) or newer (+1) match, wrapping around. */
  step(direction: -1 | 1): void {
    const s = this.snapshot;
    if (!s.matches.length) return;
    const current = (s.current + direction + s.matches.length) % s.matches.length;
    this.set({ ...s, current });
    this.show(s.matches[current]!);
  }

  /** Stops searching; the session can search again (React runs effects twice in development). */
  dispose(): void {
    this.stream?.close();
    this.stream = undefined;
    this.offConnection?.();
    this.offConnection = undefined;
  }

  private set(snapshot: SearchSnapshot): void {
    this.snapshot = snapshot;
    this.listeners.forEach((l) => l());
  }
}
