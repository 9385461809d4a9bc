/**
 * Runs one contract stream against a browser-mode server from Node, as the UI would but without a browser,
 * to time the backend alone: the WebSocket with the page's Origin, open, wait for end.
 */
import { openRpcSocket } from './rpc-client';
import type { ServerMessage } from '../../engine/contract/protocol';

/** Resolves with the wall time and the number of events once the stream ends; rejects with its error. */
export async function runStream(url: string, stream: string, input: unknown): Promise<{ ms: number; events: number }> {
  const ws = await openRpcSocket(url);
  try {
    return await new Promise((resolve, reject) => {
      let events = 0;
      const started = performance.now();
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as ServerMessage;
        if (m.id !== 1) return;
        if (m.t === 'data') events++;
        if (m.t === 'end') {
          if (m.error) reject(new Error(m.error.message));
          else resolve({ ms: performance.now() - started, events });
        }
      });
      ws.send(JSON.stringify({ t: 'open', id: 1, stream, input }));
    });
  } finally {
    ws.close();
  }
}
