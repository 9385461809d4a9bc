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

/** What a terminal session runs: the best shell, a command of the user's, or the main process's own TTY. */
export type TerminalKind = { kind: 'shell' } | { kind: 'command'; command: string } | { kind: 'attach' };

/**
 * One terminal session. It lives in the backend for as long as Berth runs (or until it is closed), so
 * leaving its page, reloading the window or opening a second one finds it as it was left.
 */
export interface TerminalSessionInfo {
  id: string;
  containerId: string;
  /** The container's name when the session was opened, without the engine's leading slash. */
  containerName: string;
  kind: TerminalKind;
  /** What runs in it (or `(main process)` when attached). */
  command: string[];
  /** The exec that runs it, for the Engine API (`/exec/{id}/json`); none when attached. */
  execId?: string;
  /** Milliseconds since the epoch. */
  openedAt: number;
  state: 'running' | 'ended';
  /** Why it ended, in words. */
  message?: string;
  reason?: TerminalEndReason;
  exitCode?: number;
}

export type TerminalEvent =
  /**
   * The whole screen and its scrollback as escape sequences, first thing after attaching (and again after
   * the view is opened anew): write it into a reset terminal and it looks as the session left it.
   */
  | { type: 'screen'; data: string; session: TerminalSessionInfo }
  /** A process started in the session (it is opened, or reconnected after its process ended). */
  | { type: 'started'; command: string[] }
  /** Bytes from the terminal, base64: output may cut a UTF-8 character, which the terminal reassembles. */
  | { type: 'output'; data: string }
  /** The session's process is over; `message` says why in words. The session stays until it is closed. */
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
