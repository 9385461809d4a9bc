/**
 * The wire protocol that carries the contract. Both transports (Electron IPC and the browser-mode
 * WebSocket) move exactly these messages, so one client in the renderer and one session host in the
 * backend serve both.
 *
 * A call is answered once. A stream is a session with an id: it pushes `data` until it sends `end`,
 * and the UI may `write` to it or `close` it at any time.
 *
 * Every message gets an answer. A call is answered by its `result` and an `open` by the stream's `data`
 * and `end`, also when they are malformed; a `close` by the stream's `end` (at once when no such stream
 * is open). A message the backend cannot act on otherwise (no usable id, an id already in use, a write
 * to no open stream or that the stream does not take) gets `refused`, which leaves whatever already holds
 * that id as it was.
 */
import { z } from 'zod';

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const clientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id, method: z.string().max(100), input: z.unknown() }),
  z.object({ t: z.literal('open'), id, stream: z.string().max(100), input: z.unknown() }),
  z.object({ t: z.literal('write'), id, data: z.unknown() }),
  z.object({ t: z.literal('close'), id }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** An error as it crosses the boundary: a sentence for the user and a machine-readable code. */
export interface WireError {
  message: string;
  code: string;
}

export type ServerMessage =
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: WireError }
  | { t: 'data'; id: number; data: unknown }
  | { t: 'end'; id: number; error?: WireError }
  /** The message naming `id` (null: no usable id) was not acted on; any call or stream with that id goes on. */
  | { t: 'refused'; id: number | null; error: WireError };

/**
 * The largest message the UI may send (bytes of JSON), checked by the transport before it buffers one.
 * What the contract needs: an upload chunk is 512 KiB as base64, about 700 KB (engine/contract/transfer.ts;
 * a container file's is half that), and terminal input goes in pieces of 64 Ki characters, under 400 KB
 * even as \u escapes (engine/contract/terminal.ts). Anything larger is refused with close code 1009.
 */
export const MAX_MESSAGE_BYTES = 1 << 20;

/**
 * What the desktop app's preload exposes to the sandboxed UI as `window.berth`, and nothing more: the
 * messages above, both ways, on a message port to the backend process, and whether that port is there.
 */
export interface DesktopBridge {
  /** Sent at once when connected; kept until the port comes (at the start, or after the backend restarted). */
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): () => void;
  /**
   * Called now and on every change: 'closed' when the backend process stopped (Berth starts it again),
   * 'open' when a port to a backend is there (a new one after a restart knows none of the page's streams).
   */
  onState(listener: (state: 'connecting' | 'open' | 'closed') => void): () => void;
}
