/**
 * The backend process: one Backend, serving each page of each window on a message port of its own, and
 * asking the main process (through its parent port) for what only the main process has. See ./messages.ts
 * for the conversation and ./entry.ts for how it starts.
 */
import { Backend } from '../../engine/backend';
import { berthPaths } from '../../engine/paths';
import type { BerthPaths } from '../../engine/paths';
import { EncryptedFileCredentialStore, SessionCredentialStore } from '../../engine/registry/credential-store';
import type { CredentialStore } from '../../engine/registry/credential-store';
import type { FileDialogs } from '../../engine/services/files';
import { SessionHost } from '../../engine/rpc/session-host';
import path from 'node:path';
import type { BackendRequest, BackendStart, MainMessage, PagePort, ParentPort } from './messages';
import { feedTray } from './tray-feed';
import type { TrayFeed } from './tray-feed';

/** Letting go of the engine waits for the managed dockerd's containers; past this, exit anyway. */
const SHUTDOWN_LIMIT_MS = 30_000;

interface Page {
  port: PagePort;
  host: SessionHost;
}

export interface ServeOptions {
  /** Where settings and the runtime folder are; the user's own folders when absent. */
  paths?: BerthPaths;
  exit(code: number): void;
}

/** Asks the main process something and waits for its reply. */
type Ask = (request: BackendRequest) => Promise<unknown>;

function credentialsFor(start: BackendStart, dataDir: string, ask: Ask): CredentialStore {
  if (!start.keychain.available) return new SessionCredentialStore(start.keychain.reason);
  // The keychain (Electron's safeStorage) exists only in the main process: it encrypts and decrypts there.
  return new EncryptedFileCredentialStore(path.join(dataDir, 'registry-logins.bin'), {
    encryptString: async (text) => Buffer.from((await ask({ kind: 'encrypt', text })) as Uint8Array),
    decryptString: async (data) => (await ask({ kind: 'decrypt', data })) as string,
  });
}

/**
 * Serves until the main process says `stop` (or goes away: `parentGone`). Returns the function to call when
 * the parent is gone, which lets go of the engine as a quit would and exits.
 */
export function serveBackend(parent: ParentPort, options: ServeOptions): { parentGone(): void } {
  let backend: Backend | undefined;
  let tray: TrayFeed | undefined;
  const pages = new Map<number, Page>();
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextRequest = 1;
  let ending: Promise<void> | undefined;

  const ask: Ask = (request) =>
    new Promise((resolve, reject) => {
      const id = nextRequest++;
      waiting.set(id, { resolve, reject });
      parent.postMessage({ type: 'request', id, request });
    });
  const dialogs: FileDialogs = { choose: async (request) => (await ask({ kind: 'choose-file', request })) as string | null };

  const endPage = (id: number) => {
    const page = pages.get(id);
    if (!page) return;
    pages.delete(id);
    page.host.dispose();
    page.port.close();
  };

  const connect = (id: number, port: PagePort | undefined) => {
    if (!backend || !port) return;
    endPage(id);
    const host = new SessionHost(backend.handlers, (message) => port.postMessage(message), backend.newScope());
    pages.set(id, { port, host });
    port.on('message', (event) => host.receive(event.data));
    // The page's end went away without a word from the main process (its renderer crashed, say).
    port.on('close', () => {
      if (pages.get(id)?.port === port) endPage(id);
    });
    port.start();
  };

  const end = (tellParent: boolean) => {
    ending ??= (async () => {
      for (const id of [...pages.keys()]) endPage(id);
      tray?.dispose();
      // Without a parent (it went away) nobody else would end a backend whose engine does not stop.
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_LIMIT_MS)));
      await Promise.race([backend?.dispose().catch((e: unknown) => console.error('[berth] stopping the engine failed:', e)), limit]);
      clearTimeout(timer);
      if (tellParent) parent.postMessage({ type: 'stopped' });
      options.exit(0);
    })();
  };

  const begin = (start: BackendStart) => {
    if (backend) return;
    let paths: BerthPaths;
    try {
      paths = options.paths ?? berthPaths();
    } catch (e) {
      // A runtime folder someone else could reach is refused in words (engine/paths.ts).
      parent.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
      options.exit(1);
      return;
    }
    const b = new Backend({ paths, mode: 'desktop', version: start.version, credentials: credentialsFor(start, paths.data, ask), dialogs });
    backend = b;
    b.onUpdate((update) => {
      if (update.type === 'preferences') parent.postMessage({ type: 'preferences', preferences: update.preferences });
    });
    tray = feedTray(
      b,
      (facts) => parent.postMessage({ type: 'tray', facts }),
      (title, body) => parent.postMessage({ type: 'notify', title, body }),
    );
    parent.postMessage({ type: 'ready', preferences: b.preferences() });
    // The engine connects in the background: windows show "connecting" rather than wait for it.
    void b.start();
  };

  parent.on('message', (event) => {
    const message = event.data as MainMessage;
    switch (message.type) {
      case 'start':
        begin(message);
        return;
      case 'connect':
        connect(message.page, event.ports[0]);
        return;
      case 'disconnect':
        endPage(message.page);
        return;
      case 'reply': {
        const call = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.ok) call?.resolve(message.value);
        else call?.reject(new Error(message.message));
        return;
      }
      case 'tray-action':
        void tray?.run(message.action);
        return;
      case 'stop':
        end(true);
        return;
    }
  });

  return { parentGone: () => end(false) };
}
