/**
 * Talks the contract to a browser-mode server from Node, the way the UI does: the WebSocket with the
 * page's Origin and the token from the printed URL offered as a subprotocol.
 */
import WebSocket from 'ws';
import { webSocketProtocols } from '../../engine/contract/browser-access';
import type { ServerMessage } from '../../engine/contract/protocol';

/** Opens the contract's WebSocket of the server that printed `url` (token included), as a page does. */
export async function openRpcSocket(url: string): Promise<WebSocket> {
  const { origin, searchParams } = new URL(url);
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/rpc`, webSocketProtocols(searchParams.get('token') ?? ''), { headers: { origin } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

export interface RpcClient {
  call(method: string, input: unknown): Promise<unknown>;
  waitForEngine(): Promise<void>;
  close(): void;
}

export async function rpcClient(url: string): Promise<RpcClient> {
  const ws = await openRpcSocket(url);
  let next = 1;
  const pending = new Map<number, (m: ServerMessage) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as ServerMessage;
    if (m.id !== null) pending.get(m.id)?.(m);
  });
  const call = (method: string, input: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++;
      pending.set(id, (m) => {
        pending.delete(id);
        if (m.t === 'result' && m.ok) resolve(m.value);
        else reject(new Error(m.t === 'result' && !m.ok ? m.error.message : 'unexpected message'));
      });
      ws.send(JSON.stringify({ t: 'call', id, method, input }));
    });
  return {
    call,
    async waitForEngine() {
      for (let i = 0; i < 100; i++) {
        const status = (await call('engine.status', {})) as { state: string };
        if (status.state === 'running') return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the engine did not connect');
    },
    close: () => ws.close(),
  };
}
