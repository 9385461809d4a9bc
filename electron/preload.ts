/**
 * The preload: exposes `window.berth`, the only thing the sandboxed UI can reach, and nothing else. It
 * carries contract messages both ways on one IPC channel; what they may ask is the contract's business,
 * checked in the main process. Listeners get the message alone, never the IPC event (which would hand the
 * page a handle on ipcRenderer).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { DesktopBridge, ServerMessage } from '../engine/contract/protocol';
import { IPC_CHANNEL } from './ipc-channel';

/** Drawn once per page (the preload runs again on every load), so the main process can tell pages apart. */
const documentId =
  typeof globalThis.crypto?.randomUUID === 'function'
    ? globalThis.crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

const bridge: DesktopBridge = {
  send(message) {
    ipcRenderer.send(IPC_CHANNEL, documentId, message);
  },
  onMessage(listener) {
    if (typeof listener !== 'function') throw new TypeError('window.berth.onMessage needs a function.');
    const relay = (_event: IpcRendererEvent, message: ServerMessage) => listener(message);
    ipcRenderer.on(IPC_CHANNEL, relay);
    return () => {
      ipcRenderer.off(IPC_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('berth', bridge);
