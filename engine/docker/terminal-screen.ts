/**
 * What a terminal session shows, kept in the backend: a headless xterm.js (the same emulator as the
 * window's, without a display) fed every byte of the session's output, with a scrollback of
 * SCROLLBACK_LINES. Its serialize addon turns the screen, its scrollback, colours, cursor and modes
 * (alternate screen, bracketed paste, application keys) back into escape sequences, which a fresh
 * terminal in any window replays to look exactly as the session left it.
 *
 * Keeping raw output instead would grow without bound or, cut to a size, start mid-sequence and lose
 * modes set long before; replaying the renderer's own terminal (serialized in the page) would not
 * survive a reload or reach a second window.
 */
import * as headlessModule from '@xterm/headless';
import * as serializeModule from '@xterm/addon-serialize';
import type { TerminalSize } from '../contract/terminal-types';

/** At least what the issue asks for: a session's last 10,000 lines survive. */
export const SCROLLBACK_LINES = 10_000;

// Both are webpack-built CommonJS: bundlers see their names, Node's ESM loader (tests) only `default`.
const { Terminal } = (headlessModule as { default?: typeof headlessModule }).default ?? headlessModule;
const { SerializeAddon } = (serializeModule as { default?: typeof serializeModule }).default ?? serializeModule;

export class TerminalScreen {
  private readonly terminal;
  private readonly serializer = new SerializeAddon();

  constructor(size: TerminalSize) {
    this.terminal = new Terminal({ cols: size.cols, rows: size.rows, scrollback: SCROLLBACK_LINES, allowProposedApi: true });
    // The addon's types name the browser xterm's Terminal; the headless one has the same surface it uses.
    this.terminal.loadAddon(this.serializer as unknown as headlessModule.ITerminalAddon);
  }

  write(data: Uint8Array | string): void {
    this.terminal.write(data);
  }

  resize({ cols, rows }: TerminalSize): void {
    if (cols !== this.terminal.cols || rows !== this.terminal.rows) this.terminal.resize(cols, rows);
  }

  /**
   * The screen as escape sequences once everything written so far is parsed (parsing is asynchronous).
   * `ready` runs at that point, before anything written later is parsed, so output written after this
   * call is exactly what comes after the snapshot.
   */
  snapshot(ready: (screen: string) => void): void {
    this.terminal.write('', () => ready(this.serializer.serialize()));
  }

  /** Lines held, scrollback included (for tests and the bench). */
  get lines(): number {
    return this.terminal.buffer.normal.length;
  }

  dispose(): void {
    this.terminal.dispose();
  }
}
