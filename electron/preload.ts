/**
 * The preload: exposes `window.berth`, the only thing the sandboxed UI can reach, and nothing else. It asks
 * the main process once for a message port to the backend process and carries the contract's messages on
 * it both ways; what they may ask is the contract's business, checked in the backend. Listeners get the
 * message alone, never the port or an IPC event (either would hand the page more than the bridge).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { ClientMessage, DesktopBridge, ServerMessage } from '../engine/contract/protocol';
import { CONNECT_CHANNEL, PORT_CHANNEL, STATE_CHANNEL } from './ipc-channel';

const messageListeners = new Set<(message: ServerMessage) => void>();
const stateListeners = new Set<(state: 'connecting' | 'open' | 'closed') => void>();
let port: MessagePort | undefined;
/** What the page sent while it had no port (before the first, or while the backend restarts). */
let queue: ClientMessage[] = [];

ipcRenderer.on(PORT_CHANNEL, (event: IpcRendererEvent) => {
  const next = event.ports[0];
  if (!next) return;
  // A new port replaces one whose backend is gone: the page's client opens its streams again on 'open'.
  if (port) {
    port.close();
    stateListeners.forEach((l) => l('closed'));
  }
  port = next;
  next.onmessage = (message: MessageEvent<ServerMessage>) => messageListeners.forEach((l) => l(message.data));
  next.start();
  const pending = queue;
  queue = [];
  stateListeners.forEach((l) => l('open'));
  pending.forEach((m) => next.postMessage(m));
});

ipcRenderer.on(STATE_CHANNEL, (_event: IpcRendererEvent, state: unknown) => {
  if (state !== 'closed' || !port) return;
  port.close();
  port = undefined;
  stateListeners.forEach((l) => l('closed'));
});

ipcRenderer.send(CONNECT_CHANNEL);

const bridge: DesktopBridge = {
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
};

contextBridge.exposeInMainWorld('berth', bridge);
