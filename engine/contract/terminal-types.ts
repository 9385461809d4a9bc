/** The shapes of terminals in containers as they cross the boundary (see engine/contract/terminal.ts). */

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** What a terminal can do in a container right now, for the UI to offer. */
export interface TerminalOptions {
  running: boolean;
  /** The shell a new terminal starts: bash if the container has it, else sh; null when it has neither. */
  shell: 'bash' | 'sh' | null;
  /** The main process has a TTY and open stdin (`docker run -it`), so it can be attached to. */
  canAttach: boolean;
}

export type TerminalEndReason = 'exited' | 'container-stopped' | 'container-restarted' | 'detached' | 'lost';

export type TerminalEvent =
  /** The process is running; `command` is what was started (or attached to). */
  | { type: 'started'; command: string[] }
  /** Bytes from the terminal, base64: output may cut a UTF-8 character, which the terminal reassembles. */
  | { type: 'output'; data: string }
  /** The terminal is over; `message` says why in words. */
  | { type: 'ended'; reason: TerminalEndReason; exitCode?: number; message: string };

export type TerminalWrite =
  /** Keystrokes or pasted text. `binary`: each character is one byte (xterm's binary mouse reports). */
  | { type: 'input'; data: string; binary?: boolean }
  | { type: 'resize'; cols: number; rows: number };

/**
 * The most characters one `input` write carries: a longer paste goes in several, in order, which keeps
 * every message far below the protocol's limit (even as \u escapes, six bytes a character).
 */
export const TERMINAL_INPUT_CHARS = 1 << 16;

/** Splits typed or pasted text into writes of TERMINAL_INPUT_CHARS at most, never inside a surrogate pair. */
export function terminalInputPieces(data: string): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < data.length; ) {
    let end = Math.min(at + TERMINAL_INPUT_CHARS, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(data.slice(at, end));
    at = end;
  }
  return pieces;
}
