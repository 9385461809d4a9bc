/**
 * What the desktop app's main process and its backend process say to each other. The backend runs in an
 * Electron utility process (a Node process without Electron's main-process APIs); the main process keeps
 * only windows, the tray, native dialogs, notifications, login items and the keychain. The contract itself
 * never passes through here: each page gets a message port straight to the backend (see ../pages.ts), and
 * these messages only set that up and carry what the backend needs from the main process.
 *
 * The shapes of the ports are Electron's (`process.parentPort`, MessagePortMain); ./node-ports.ts gives a
 * plain Node child process the same shapes, so the very same backend entry runs in tests without Electron.
 */
import type { Preferences } from '../../engine/contract/preferences-types';
import type { FileDialogRequest } from '../../engine/services/files';
import type { TrayAction, TrayFacts } from '../tray-model';

/** Sent as the first message: what the backend cannot find out by itself. */
export interface BackendStart {
  type: 'start';
  version: string;
  /** Whether the OS keychain can keep registry logins, and if not, the sentence saying why. */
  keychain: { available: true } | { available: false; reason: string };
}

/** Main process → backend. */
export type MainMessage =
  | BackendStart
  /** Serve the contract to a page on the port transferred with this message. */
  | { type: 'connect'; page: number }
  /** The page is gone (navigated away, reloaded, closed, crashed): end its streams. */
  | { type: 'disconnect'; page: number }
  /** The answer to a BackendRequest. */
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; message: string }
  | { type: 'tray-action'; action: TrayAction }
  /** Berth quits: stop following the engine (the user's choice for the managed engine applies), then exit. */
  | { type: 'stop' };

/** What the backend asks of the main process, answered by a `reply` with the same id. */
export type BackendRequest =
  | { kind: 'choose-file'; request: FileDialogRequest }
  | { kind: 'encrypt'; text: string }
  | { kind: 'decrypt'; data: Uint8Array };

/** Backend → main process. */
export type BackendMessage =
  /** The backend is up and serving; the user's preferences as saved. */
  | { type: 'ready'; preferences: Preferences }
  | { type: 'preferences'; preferences: Preferences }
  | { type: 'tray'; facts: TrayFacts }
  | { type: 'notify'; title: string; body: string }
  | { type: 'request'; id: number; request: BackendRequest }
  /** The backend cannot run at all (its runtime folder is unsafe, say): the sentence to show; it exits. */
  | { type: 'failed'; message: string }
  /** Answer to `stop`: the backend let go of the engine and exits now. */
  | { type: 'stopped' };

/** A message with the ports transferred alongside it (Electron's MessageEvent in the main-process world). */
export interface PortMessage {
  data: unknown;
  ports: PagePort[];
}

/** One end of a message channel, as the backend holds it: Electron's MessagePortMain has this shape. */
export interface PagePort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: PortMessage) => void): unknown;
  /** The other end went away (its page or process is gone). */
  on(event: 'close', listener: () => void): unknown;
  /** Messages queue until this is called. */
  start(): void;
  close(): void;
}

/** The backend's line to the main process: Electron's `process.parentPort` has this shape. */
export interface ParentPort {
  postMessage(message: BackendMessage): void;
  on(event: 'message', listener: (event: PortMessage) => void): unknown;
}
