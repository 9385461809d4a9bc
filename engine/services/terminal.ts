/** Terminals in containers, implemented on the active engine (see engine/contract/terminal.ts). */
import type { terminalMethods, terminalStreams } from '../contract/terminal';
import { terminalOptions } from '../docker/terminal';
import type { EngineAccess, MethodHandlersFor, StreamHandlersFor } from './engine-access';
import type { TerminalSessions } from './terminal-sessions';

export function terminalMethodHandlers(engine: EngineAccess, sessions: TerminalSessions): MethodHandlersFor<typeof terminalMethods> {
  return {
    'terminal.options': ({ containerId }) => engine.engineCall((d) => terminalOptions(d, containerId)),
    'terminal.open': ({ containerId, kind, cols, rows }) => engine.engineCall((d) => sessions.open(d, containerId, kind, { cols, rows })),
    'terminal.sessions': async () => sessions.list(),
    'terminal.reconnect': ({ sessionId }) => engine.engineCall((d) => sessions.reconnect(d, sessionId)),
    'terminal.close': async ({ sessionId }) => {
      await sessions.close(sessionId);
      return sessions.list();
    },
  };
}

export function terminalStreamHandlers(sessions: TerminalSessions): StreamHandlersFor<typeof terminalStreams> {
  return {
    'terminal.view': ({ sessionId }, { signal, onWrite }) => sessions.view(sessionId, signal, onWrite),
    'terminal.sessions.watch': (_input, { signal }) => sessions.watch(signal),
  };
}
