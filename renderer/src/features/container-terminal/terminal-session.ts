/**
 * One terminal on screen: an xterm.js terminal showing a session the backend keeps (`terminal.view`).
 * The view starts with the session's whole screen, which is replayed into a reset terminal, then follows
 * its output; keystrokes, pastes and resizes are written into it. Disposing of it (leaving the page)
 * only stops watching: the session goes on, and the next view finds it as it was.
 *
 * Copy and paste work the way people expect in a terminal on every platform: Ctrl+C copies when text is
 * selected and interrupts otherwise, Ctrl+Shift+C always copies, and Ctrl+V / Ctrl+Shift+V paste through
 * the browser's own paste (which xterm wraps in bracketed-paste codes when the shell asks for them).
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import type { StreamWriteOf } from '../../../../engine/contract/contract';
import type { TerminalEndReason, TerminalEvent } from '../../../../engine/contract/terminal-types';
import { terminalInputPieces } from '../../../../engine/contract/terminal-types';
import { client } from '../../app/contract-client';
import type { StreamSession } from '../../rpc/client';
import { watchConnection } from '../../app/watch-connection';
import { copyText } from '../../components/clipboard';
import { onThemeChange } from '../preferences/theme';
import { terminalTheme } from './terminal-theme';

export interface TerminalSnapshot {
  state: 'connecting' | 'running' | 'ended';
  /** What runs in it, once started. */
  command: string[] | undefined;
  /** Why it ended (or could not be shown), in words. */
  message: string | undefined;
  reason: TerminalEndReason | 'failed' | undefined;
}

function decodeBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class TerminalSession {
  readonly terminal: Terminal;
  readonly search = new SearchAddon();
  private readonly fit = new FitAddon();
  private stream: StreamSession<StreamWriteOf<'terminal.view'>> | undefined;
  private snapshot: TerminalSnapshot = { state: 'connecting', command: undefined, message: undefined, reason: undefined };
  private readonly listeners = new Set<() => void>();
  private readonly offTheme: () => void;
  private readonly offConnection: () => void;
  private opened = false;

  constructor(readonly sessionId: string) {
    this.terminal = new Terminal({
      fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      fontSize: 13,
      lineHeight: 1.15,
      cursorBlink: true,
      // As many lines as the backend keeps, so a replayed screen loses none of them.
      scrollback: 10_000,
      allowProposedApi: true,
      theme: terminalTheme(),
    });
    this.terminal.loadAddon(this.fit);
    this.terminal.loadAddon(this.search);
    this.terminal.loadAddon(new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    this.terminal.attachCustomKeyEventHandler((e) => this.onKey(e));
    // A long paste goes in pieces, each well under the protocol's message limit.
    this.terminal.onData((data) => terminalInputPieces(data).forEach((piece) => this.stream?.write({ type: 'input', data: piece })));
    this.terminal.onBinary((data) => terminalInputPieces(data).forEach((piece) => this.stream?.write({ type: 'input', data: piece, binary: true })));
    this.terminal.onResize(({ cols, rows }) => this.stream?.write({ type: 'resize', cols, rows }));
    this.offTheme = onThemeChange(() => (this.terminal.options.theme = terminalTheme()));
    // The client opens the view again by itself once the backend is back, and the screen is replayed;
    // meanwhile say why nothing moves.
    this.offConnection = watchConnection({
      lost: () => {
        if (this.snapshot.state !== 'ended') this.set({ state: 'connecting', message: 'Lost the connection to Berth’s backend. Reconnecting…', reason: 'lost' });
      },
      back: () => undefined,
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TerminalSnapshot => this.snapshot;

  /** Puts the terminal into its element (once) and starts watching the session. */
  attach(element: HTMLElement): void {
    if (!this.opened) {
      this.terminal.open(element);
      this.opened = true;
    }
    this.fitToElement();
    if (!this.stream) this.view();
  }

  /** Sizes the terminal to its element; skipped while hidden (another tab is shown). */
  fitToElement(): void {
    const element = this.terminal.element?.parentElement;
    if (!element || element.clientWidth === 0 || element.clientHeight === 0) return;
    this.fit.fit();
  }

  focus(): void {
    this.terminal.focus();
  }

  /** A new process in the session, after the last one ended; the backend marks the screen. */
  async reconnect(): Promise<void> {
    try {
      await client.call('terminal.reconnect', { sessionId: this.sessionId });
    } catch (e) {
      this.set({ message: e instanceof Error ? e.message : String(e) });
    }
  }

  async copySelection(): Promise<void> {
    const text = this.terminal.getSelection();
    if (text) await copyText(text);
    this.terminal.focus();
  }

  async pasteFromClipboard(): Promise<void> {
    let text: string;
    try {
      text = await navigator.clipboard.readText();
    } catch {
      this.terminal.focus();
      throw new Error('Berth may not read the clipboard here: press Ctrl+V (⌘V on a Mac) in the terminal to paste.');
    }
    if (text) this.terminal.paste(text);
    this.terminal.focus();
  }

  /** Stops watching; the session goes on in the backend. */
  dispose(): void {
    this.closeStream();
    this.offTheme();
    this.offConnection();
    this.terminal.dispose();
  }

  private view(): void {
    const handlers = {
      onData: (event: TerminalEvent) => {
        if (this.stream !== stream) return;
        switch (event.type) {
          case 'screen': {
            // The whole screen, scrollback included: this terminal becomes a copy of the session's.
            this.terminal.reset();
            this.terminal.write(event.data);
            const { session } = event;
            this.set({ state: session.state, command: session.command, message: session.message, reason: session.reason });
            // The session's terminal takes this window's size (the last window to resize sets it).
            stream.write({ type: 'resize', cols: Math.max(2, this.terminal.cols), rows: Math.max(1, this.terminal.rows) });
            return;
          }
          case 'started':
            this.set({ state: 'running', command: event.command, message: undefined, reason: undefined });
            stream.write({ type: 'resize', cols: Math.max(2, this.terminal.cols), rows: Math.max(1, this.terminal.rows) });
            return;
          case 'output':
            this.terminal.write(decodeBase64(event.data));
            return;
          case 'ended':
            // The backend wrote why into the screen too, so a later view shows it as well.
            this.set({ state: 'ended', message: event.message, reason: event.reason });
            return;
        }
      },
      onEnd: (error?: Error) => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        if (error) this.set({ state: 'ended', message: error.message, reason: 'failed' });
        else this.set({ state: 'ended', message: 'This terminal was closed.', reason: 'lost' });
      },
    };
    const stream = client.open('terminal.view', { sessionId: this.sessionId }, handlers);
    this.stream = stream;
  }

  private onKey(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown') return true;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'c' && (e.shiftKey || this.terminal.hasSelection())) {
      e.preventDefault();
      void this.copySelection();
      return false;
    }
    // Not handled by xterm and not prevented: the browser pastes into xterm's textarea.
    if (mod && key === 'v') return false;
    return true;
  }

  private closeStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    stream?.close();
  }

  private set(change: Partial<TerminalSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    this.listeners.forEach((l) => l());
  }
}
