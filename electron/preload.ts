/**
 * The preload: exposes `window.berth`, the only thing the sandboxed UI can reach, and nothing else. It asks
 * the main process once for a message port to the backend process and carries the contract's messages on
 * it both ways (./page-bridge.ts); what they may ask is the contract's business, checked in the backend.
 * Listeners get the message alone, never the port or an IPC event (either would hand the page more).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { CONNECT_CHANNEL, PORT_CHANNEL, STATE_CHANNEL } from './ipc-channel';
import { pageBridge } from './page-bridge';

const page = pageBridge();

ipcRenderer.on(PORT_CHANNEL, (event: IpcRendererEvent) => {
  const port = event.ports[0];
  if (port) page.connected(port);
});
ipcRenderer.on(STATE_CHANNEL, (_event: IpcRendererEvent, state: unknown) => {
  if (state === 'closed') page.lost();
});
ipcRenderer.send(CONNECT_CHANNEL);

contextBridge.exposeInMainWorld('berth', page.bridge);
