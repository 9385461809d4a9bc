/**
 * Runs one contract stream against a browser-mode server from Node, as the UI would but without a browser,
 * to time the backend alone: token → cookie, the WebSocket with the page's Origin, open, wait for end.
 */
import WebSocket from 'ws';
import type { ServerMessage } from '../../engine/contract/protocol';

/** Resolves with the wall time and the number of events once the stream ends; rejects with its error. */
export async function runStream(url: string, stream: string, input: unknown): Promise<{ ms: number; events: number }> {
  const res = await fetch(url, { redirect: 'manual' });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`no session cookie from ${url} (status ${res.status})`);
  const origin = new URL(url).origin;
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/rpc`, { headers: { cookie, origin } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
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
