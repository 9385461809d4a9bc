/**
 * The contract of terminals in containers: a shell (or a command) through `exec` with a TTY, or attaching
 * to the main process's TTY. Each is a stream: output comes as events, keystrokes and resizes are written
 * into it, and closing it ends the session.
 */
import { z } from 'zod';
import { engineObjectId, method, stream } from './define';
import type { TerminalEvent, TerminalOptions } from './terminal-types';
import { TERMINAL_INPUT_CHARS } from './terminal-types';

const size = {
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(1).max(500),
};

const terminalWrite = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input'), data: z.string().max(TERMINAL_INPUT_CHARS), binary: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('resize'), ...size }).strict(),
]);

export const terminalMethods = {
  'terminal.options': method<TerminalOptions>()(z.object({ containerId: engineObjectId }).strict()),
} as const;

export const terminalStreams = {
  /** A new process in the container with a TTY: bash, else sh, or `command` (run by sh when there is one). */
  'terminal.exec': stream<TerminalEvent>()(
    z.object({ containerId: engineObjectId, command: z.string().trim().min(1).max(4096).optional(), ...size }).strict(),
    terminalWrite,
  ),
  /** The container's main process, when it has a TTY and open stdin. */
  'terminal.attach': stream<TerminalEvent>()(z.object({ containerId: engineObjectId, ...size }).strict(), terminalWrite),
} as const;
