/**
 * How the renderer reaches the backend: a message port. In the desktop app it is the preload's bridge
 * (Electron IPC); in browser mode it is a WebSocket. The contract client above it does not know which.
 */
import type { ClientMessage, DesktopBridge, ServerMessage } from '../../../engine/contract/protocol';

export type PortState = 'connecting' | 'open' | 'closed';

export interface MessagePort {
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): void;
  /** Called on every change; after a reconnect the client re-opens its streams. */
  onState(listener: (state: PortState) => void): void;
}


declare global {
  interface Window {
    berth?: DesktopBridge;
  }
}

export function desktopPort(bridge: DesktopBridge): MessagePort {
  return {
    send: (m) => bridge.send(m),
    onMessage: (l) => void bridge.onMessage(l),
    onState: (l) => l('open'),
  };
}

/** A WebSocket to the browser-mode server that reconnects by itself (the server may restart). */
export function webSocketPort(url: string): MessagePort {
  const messageListeners: ((m: ServerMessage) => void)[] = [];
  const stateListeners: ((s: PortState) => void)[] = [];
  let socket: WebSocket | undefined;
  let queue: string[] = [];
  let retry = 250;
  const setState = (s: PortState) => stateListeners.forEach((l) => l(s));

  const connect = () => {
    setState('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retry = 250;
      const pending = queue;
      queue = [];
      pending.forEach((m) => ws.send(m));
      setState('open');
    };
    ws.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as ServerMessage;
      messageListeners.forEach((l) => l(message));
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      setState('closed');
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 4000);
    };
  };
  connect();

  return {
    send(message) {
      const text = JSON.stringify(message);
      if (socket?.readyState === WebSocket.OPEN) socket.send(text);
      else queue.push(text);
    },
    onMessage: (l) => void messageListeners.push(l),
    onState: (l) => void stateListeners.push(l),
  };
}
