/**
 * What the preload exposes as `window.berth`, apart from Electron: a bridge over whichever message port to
 * the backend the page has now. Messages sent before the first port, or while the backend restarts, wait
 * for the next one; a new port replaces the old (its backend is gone) and the page hears 'closed' then
 * 'open', so its client opens its streams again. Kept free of Electron so it is tested with Node's ports.
 */
import type { ClientMessage, DesktopBridge, ServerMessage } from '../engine/contract/protocol';

type State = 'connecting' | 'open' | 'closed';

/** The DOM MessagePort's part the bridge uses (Node's worker_threads MessagePort has it too). */
export type BridgePort = Pick<MessagePort, 'onmessage' | 'postMessage' | 'start' | 'close'>;

export interface PageBridge {
  bridge: DesktopBridge;
  /** A port to a backend arrived (the first, or one to a backend started again). */
  connected(port: BridgePort): void;
  /** The backend stopped; a new port follows when it is back. */
  lost(): void;
}

export function pageBridge(): PageBridge {
  const messageListeners = new Set<(message: ServerMessage) => void>();
  const stateListeners = new Set<(state: State) => void>();
  let port: BridgePort | undefined;
  let queue: ClientMessage[] = [];
  const tell = (state: State) => stateListeners.forEach((l) => l(state));

  return {
    connected(next) {
      if (port) {
        port.close();
        tell('closed');
      }
      port = next;
      next.onmessage = (event: MessageEvent<ServerMessage>) => messageListeners.forEach((l) => l(event.data));
      next.start();
      const pending = queue;
      queue = [];
      // 'open' first: what the page's client sends on it (the engine its window stays on) goes before the queue.
      tell('open');
      pending.forEach((m) => next.postMessage(m));
    },
    lost() {
      if (!port) return;
      port.close();
      port = undefined;
      tell('closed');
    },
    bridge: {
      send(message) {
        if (port) port.postMessage(message);
        else queue.push(message);
      },
      onMessage(listener) {
        if (typeof listener !== 'function') throw new TypeError('window.berth.onMessage needs a function.');
        messageListeners.add(listener);
        return () => void messageListeners.delete(listener);
      },
      onState(listener) {
        if (typeof listener !== 'function') throw new TypeError('window.berth.onState needs a function.');
        stateListeners.add(listener);
        listener(port ? 'open' : 'connecting');
        return () => void stateListeners.delete(listener);
      },
    },
  };
}
