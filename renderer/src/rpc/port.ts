/**
 * How the renderer reaches the backend: a message port. In the desktop app it is the preload's bridge (a
 * MessagePort to the backend process); in browser mode it is a WebSocket. The contract client above it does not know which.
 */
import type { ClientMessage, DesktopBridge, ServerMessage } from '../../../engine/contract/protocol';
import { SESSION_PATH, webSocketProtocols } from '../../../engine/contract/browser-access';

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
    onState: (l) => void bridge.onState(l),
  };
}

/** How the WebSocket port proves it may connect (renderer/src/app/access-token.ts). */
export interface PortAccess {
  /** The token to present, read at each connection; none: do not try. */
  token(): string | undefined;
  /** The server refused the token (or there is none), or took it again. */
  onAccess(state: 'granted' | 'refused'): void;
}

/** Whether the server still takes `token`: false on a 401, undefined when it could not be asked. */
async function tokenValid(token: string): Promise<boolean | undefined> {
  try {
    const res = await fetch(SESSION_PATH, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    return res.status === 401 ? false : res.ok ? true : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A WebSocket to the browser-mode server that reconnects by itself (the server may restart). The token is
 * offered as a subprotocol, the only way a page can give a WebSocket handshake a secret without a cookie.
 */
export function webSocketPort(url: string, access: PortAccess): MessagePort {
  const messageListeners: ((m: ServerMessage) => void)[] = [];
  const stateListeners: ((s: PortState) => void)[] = [];
  let socket: WebSocket | undefined;
  let queue: string[] = [];
  let retry = 250;
  const setState = (s: PortState) => stateListeners.forEach((l) => l(s));

  const connect = () => {
    setState('connecting');
    const token = access.token();
    if (!token) {
      access.onAccess('refused');
      setTimeout(connect, 2000);
      return;
    }
    let opened = false;
    const ws = new WebSocket(url, webSocketProtocols(token));
    socket = ws;
    ws.onopen = () => {
      opened = true;
      access.onAccess('granted');
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
      const again = () => {
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, 4000);
      };
      // A socket refused at the handshake: a server that is down, or one that no longer takes this token.
      if (opened) again();
      else
        void tokenValid(token).then((valid) => {
          if (valid === false) access.onAccess('refused');
          again();
        });
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
