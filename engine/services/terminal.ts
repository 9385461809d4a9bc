/** Terminals in containers, implemented on the active engine (see engine/contract/terminal.ts). */
import type { terminalMethods, terminalStreams } from '../contract/terminal';
import type { TerminalEvent, TerminalSize, TerminalWrite } from '../contract/terminal-types';
import { BytePump } from '../docker/byte-pump';
import { openAttachTerminal, openExecTerminal, terminalCommand, terminalOptions } from '../docker/terminal';
import type { TerminalConnection } from '../docker/terminal';
import type { StreamContext } from '../rpc/session-host';
import type { EngineAccess, MethodHandlersFor, StreamHandlersFor } from './engine-access';
import { onEngine } from './logs';

/** How long keystrokes wait behind a resize the engine has not answered yet. */
const RESIZE_WAIT_MS = 2000;

/** Carries one terminal: keystrokes and resizes in, output out, and why it ended. */
async function* runTerminal(connection: TerminalConnection, command: string[], ctx: StreamContext<TerminalWrite>): AsyncGenerator<TerminalEvent> {
  const { socket } = connection;
  let lastSize: TerminalSize | undefined;
  // Keystrokes sent after a resize reach the process after the engine has resized its terminal, so a
  // program that reads the size then (stty size, a full-screen editor starting) sees the new one. The
  // resize is its own request to the engine and can be slow (an engine in an emulated VM).
  let resized: Promise<unknown> = Promise.resolve();
  ctx.onWrite((w) => {
    if (w.type === 'input') {
      const data = Buffer.from(w.data, w.binary ? 'latin1' : 'utf8');
      void resized.then(() => {
        if (!socket.writableEnded && !socket.destroyed) socket.write(data);
      });
      return;
    }
    if (lastSize?.cols === w.cols && lastSize.rows === w.rows) return;
    const size = (lastSize = { cols: w.cols, rows: w.rows });
    // A resize that races the end of the process fails, and one the engine does not answer is not waited
    // for beyond RESIZE_WAIT_MS; the end is reported anyway.
    resized = resized.then(() => Promise.race([connection.resize(size).catch(() => undefined), new Promise((r) => setTimeout(r, RESIZE_WAIT_MS).unref())]));
  });
  let ended = false;
  const close = () => {
    // The UI closed the terminal while its process runs: hang it up rather than leave it behind.
    if (!ended) void connection.hangUp();
    socket.destroy();
  };
  ctx.signal.addEventListener('abort', close, { once: true });
  try {
    yield { type: 'started', command };
    for await (const chunk of new BytePump(socket)) {
      const shown = connection.output(chunk);
      if (shown.length) yield { type: 'output', data: shown.toString('base64') };
    }
    ended = true;
    if (ctx.signal.aborted) return;
    yield { type: 'ended', ...(await connection.ended()) };
  } finally {
    ctx.signal.removeEventListener('abort', close);
    ended = true;
    socket.destroy();
  }
}

export function terminalMethodHandlers(engine: EngineAccess): MethodHandlersFor<typeof terminalMethods> {
  return {
    'terminal.options': ({ containerId }) => engine.engineCall((d) => terminalOptions(d, containerId)),
  };
}

export function terminalStreamHandlers(engine: EngineAccess): StreamHandlersFor<typeof terminalStreams> {
  return {
    'terminal.exec': ({ containerId, command, cols, rows }, ctx) =>
      onEngine(engine, async function* (docker) {
        const what = await terminalCommand(docker, containerId, command);
        yield* runTerminal(await openExecTerminal(docker, containerId, what, { cols, rows }), what.argv, ctx);
      }),
    'terminal.attach': ({ containerId, cols, rows }, ctx) =>
      onEngine(engine, async function* (docker) {
        yield* runTerminal(await openAttachTerminal(docker, containerId, { cols, rows }), ['(main process)'], ctx);
      }),
  };
}
