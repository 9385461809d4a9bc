/**
 * The contract of terminals in containers: a shell (or a command) through `exec` with a TTY, or attaching
 * to the main process's TTY. A terminal is a session kept by the backend while Berth runs: it is opened
 * with `terminal.open`, watched (and typed into) through the `terminal.view` stream by any number of
 * windows, one after another or at once, and ends with `terminal.close`, when its process exits, when
 * its container stops, or when Berth quits. Closing a view only stops watching.
 */
import { z } from 'zod';
import { engineObjectId, method, none, stream } from './define';
import type { TerminalEvent, TerminalOptions, TerminalSessionInfo } from './terminal-types';
import { TERMINAL_INPUT_CHARS } from './terminal-types';

const size = {
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(1).max(500),
};

const terminalWrite = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input'), data: z.string().max(TERMINAL_INPUT_CHARS), binary: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('resize'), ...size }).strict(),
]);

const terminalKind = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shell') }).strict(),
  z.object({ kind: z.literal('command'), command: z.string().trim().min(1).max(4096) }).strict(),
  z.object({ kind: z.literal('attach') }).strict(),
]);

const sessionId = z.object({ sessionId: z.uuid() }).strict();

export const terminalMethods = {
  'terminal.options': method<TerminalOptions>()(z.object({ containerId: engineObjectId }).strict()),
  /** Starts a session: bash, else sh, or the user's command (run by sh when there is one), or an attach. */
  'terminal.open': method<TerminalSessionInfo>()(z.object({ containerId: engineObjectId, kind: terminalKind, ...size }).strict()),
  /** Every session Berth keeps, on every container, oldest first. */
  'terminal.sessions': method<TerminalSessionInfo[]>()(none),
  /** A new process in a session whose process ended, below what the session already shows. */
  'terminal.reconnect': method<TerminalSessionInfo>()(sessionId),
  /** Ends a session (its process is hung up, as closing a terminal window does); answers the sessions left. */
  'terminal.close': method<TerminalSessionInfo[]>()(sessionId),
} as const;

export const terminalStreams = {
  /** A session's screen, then its output as it comes; keystrokes and resizes are written into it. */
  'terminal.view': stream<TerminalEvent>()(sessionId, terminalWrite),
  /** The list of sessions, now and again whenever one opens, ends or closes. */
  'terminal.sessions.watch': stream<TerminalSessionInfo[]>()(none),
} as const;
