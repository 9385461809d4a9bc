/**
 * One terminal: an xterm.js terminal joined to a `terminal.exec` or `terminal.attach` stream. Keystrokes,
 * pastes and resizes are written into the stream; output arrives as base64 bytes that xterm decodes
 * (a UTF-8 character cut between two chunks is put back together there).
 *
 * Copy and paste work the way people expect in a terminal on every platform: Ctrl+C copies when text is
 * selected and interrupts otherwise, Ctrl+Shift+C always copies, and Ctrl+V / Ctrl+Shift+V paste through
 * the browser's own paste (which xterm wraps in bracketed-paste codes when the shell asks for them).
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import type { ITheme } from '@xterm/xterm';
import type { StreamWriteOf } from '../../../../engine/contract/contract';
import type { TerminalEndReason, TerminalEvent } from '../../../../engine/contract/terminal-types';
import { client } from '../../app/contract-client';
import type { StreamSession } from '../../rpc/client';
import { watchConnection } from '../../app/watch-connection';
import { copyText } from '../../components/clipboard';

export type TerminalKind = { kind: 'shell' } | { kind: 'command'; command: string } | { kind: 'attach' };

export interface TerminalSnapshot {
  state: 'connecting' | 'running' | 'ended';
  /** What runs in it, once started. */
  command: string[] | undefined;
  /** Why it ended (or could not start), in words. */
  message: string | undefined;
  reason: TerminalEndReason | 'failed' | undefined;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** The terminal's colours follow the app's light or dark theme. */
function theme(): ITheme {
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    background: cssVar('--log-bg', dark ? '#111316' : '#fbfbfc'),
    foreground: cssVar('--log-text', dark ? '#d7dae0' : '#1f2328'),
    cursor: cssVar('--accent', '#2f6bed'),
    cursorAccent: cssVar('--log-bg', '#ffffff'),
    selectionBackground: dark ? 'rgba(76, 134, 245, 0.35)' : 'rgba(47, 107, 237, 0.22)',
    black: cssVar('--ansi-black', '#24292f'),
    red: cssVar('--ansi-red', '#c4302b'),
    green: cssVar('--ansi-green', '#1a7f37'),
    yellow: cssVar('--ansi-yellow', '#9a6700'),
    blue: cssVar('--ansi-blue', '#0969da'),
    magenta: cssVar('--ansi-magenta', '#8250df'),
    cyan: cssVar('--ansi-cyan', '#1b7c83'),
    white: cssVar('--ansi-white', '#6e7781'),
    brightBlack: cssVar('--ansi-bright-black', '#57606a'),
    brightRed: cssVar('--ansi-bright-red', '#e5534b'),
    brightGreen: cssVar('--ansi-bright-green', '#2da44e'),
    brightYellow: cssVar('--ansi-bright-yellow', '#bf8700'),
    brightBlue: cssVar('--ansi-bright-blue', '#218bff'),
    brightMagenta: cssVar('--ansi-bright-magenta', '#a475f9'),
    brightCyan: cssVar('--ansi-bright-cyan', '#3192aa'),
    brightWhite: cssVar('--ansi-bright-white', '#8c959f'),
  };
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
  private stream: StreamSession<StreamWriteOf<'terminal.exec'>> | undefined;
  private snapshot: TerminalSnapshot = { state: 'connecting', command: undefined, message: undefined, reason: undefined };
  private readonly listeners = new Set<() => void>();
  private readonly offTheme: () => void;
  private readonly offConnection: () => void;
  private opened = false;

  constructor(
    private readonly containerId: string,
    readonly kind: TerminalKind,
  ) {
    this.terminal = new Terminal({
      fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      fontSize: 13,
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 10_000,
      allowProposedApi: true,
      theme: theme(),
    });
    this.terminal.loadAddon(this.fit);
    this.terminal.loadAddon(this.search);
    this.terminal.loadAddon(new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    this.terminal.attachCustomKeyEventHandler((e) => this.onKey(e));
    this.terminal.onData((data) => this.stream?.write({ type: 'input', data }));
    this.terminal.onBinary((data) => this.stream?.write({ type: 'input', data, binary: true }));
    this.terminal.onResize(({ cols, rows }) => this.stream?.write({ type: 'resize', cols, rows }));
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => (this.terminal.options.theme = theme());
    media.addEventListener('change', onScheme);
    this.offTheme = () => media.removeEventListener('change', onScheme);
    // The client would open the stream again by itself, starting a new shell in this one's screen; say
    // what happened instead, and let the user reconnect.
    this.offConnection = watchConnection({
      lost: () => {
        if (!this.stream) return;
        this.closeStream();
        this.terminal.write('\r\n\x1b[2m── Lost the connection to Berth’s backend ──\x1b[0m\r\n');
        this.set({ state: 'ended', message: 'Lost the connection to Berth’s backend.', reason: 'lost' });
      },
      back: () => undefined,
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TerminalSnapshot => this.snapshot;

  /** Puts the terminal into its element (once) and connects. */
  attach(element: HTMLElement): void {
    if (!this.opened) {
      this.terminal.open(element);
      this.opened = true;
    }
    this.fitToElement();
    if (!this.stream && this.snapshot.state === 'connecting') this.connect();
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

  /** A new process (or a new attach) in the same terminal, after the last one ended. */
  reconnect(): void {
    this.closeStream();
    this.terminal.write('\r\n\x1b[2m── reconnecting ──\x1b[0m\r\n');
    this.connect();
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

  dispose(): void {
    this.closeStream();
    this.offTheme();
    this.offConnection();
    this.terminal.dispose();
  }

  private connect(): void {
    this.set({ state: 'connecting', message: undefined, reason: undefined });
    const { cols, rows } = this.terminal;
    const size = { cols: Math.max(2, cols), rows: Math.max(1, rows) };
    const handlers = {
      onData: (event: TerminalEvent) => {
        if (this.stream !== stream) return;
        switch (event.type) {
          case 'started':
            this.set({ state: 'running', command: event.command });
            // The size may have changed while connecting.
            stream.write({ type: 'resize', cols: this.terminal.cols, rows: this.terminal.rows });
            return;
          case 'output':
            this.terminal.write(decodeBase64(event.data));
            return;
          case 'ended':
            this.terminal.write(`\r\n\x1b[2m── ${event.message} ──\x1b[0m\r\n`);
            this.set({ state: 'ended', message: event.message, reason: event.reason });
            return;
        }
      },
      onEnd: (error?: Error) => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        if (error) this.set({ state: 'ended', message: error.message, reason: 'failed' });
        else if (this.snapshot.state !== 'ended') this.set({ state: 'ended', message: 'The terminal closed.', reason: 'lost' });
      },
    };
    const stream =
      this.kind.kind === 'attach'
        ? client.open('terminal.attach', { containerId: this.containerId, ...size }, handlers)
        : client.open('terminal.exec', { containerId: this.containerId, command: this.kind.kind === 'command' ? this.kind.command : undefined, ...size }, handlers);
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
