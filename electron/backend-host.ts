/**
 * The backend's process in the desktop app: an Electron utility process running dist/electron/backend.cjs,
 * in the shape the supervisor drives (electron/backend-process/supervisor.ts). A page's connection is a
 * MessageChannelMain: one end goes to the backend, the other to the page's preload, so the contract's
 * messages never pass through the main process.
 */
import { MessageChannelMain, utilityProcess } from 'electron';
import type { MessagePortMain } from 'electron';
import type { BackendMessage } from './backend-process/messages';
import type { BackendChild } from './backend-process/supervisor';

export function utilityBackend(entry: string): BackendChild<MessagePortMain> {
  // stdio inherited: the backend's log lines land where the main process's do (the terminal, or nowhere).
  const child = utilityProcess.fork(entry, [], { serviceName: 'Berth backend', stdio: 'inherit' });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    connectPage(page) {
      const { port1, port2 } = new MessageChannelMain();
      child.postMessage({ type: 'connect', page }, [port1]);
      return port2;
    },
    onMessage: (listener) => void child.on('message', (message: BackendMessage) => listener(message)),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => void child.kill(),
  };
}
