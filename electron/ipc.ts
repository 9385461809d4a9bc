/**
 * The desktop transport of the contract: Electron IPC on one channel. Each page of a window gets its own
 * SessionHost (the same class that serves a browser-mode WebSocket), which validates every message; this
 * file only decides who may talk and when a page's sessions end. The only file that uses ipcMain.
 */
import { ipcMain } from 'electron';
import type { IpcMainEvent, WebContents } from 'electron';
import type { Backend } from '../engine/backend';
import type { ServerMessage } from '../engine/contract/protocol';
import { SessionHost } from '../engine/rpc/session-host';
import { isAppUrl } from './app-files';
import { DOCUMENT_ID, IPC_CHANNEL } from './ipc-channel';

/** Document ids of pages a window has moved away from, kept so their late messages can be recognised. */
const RETIRED_KEPT = 16;

interface PageSessions {
  documentId: string;
  host: SessionHost;
}

interface WindowSessions {
  /** The page now shown and its sessions; created by its first message. */
  page: PageSessions | undefined;
  /** The page that was shown when a navigation started; it ends if that navigation commits. */
  leaving: PageSessions | undefined;
  retired: string[];
}

/**
 * Whether a message comes from a page Berth trusts: the top frame (not an iframe) of a window Berth
 * created, showing the app's own origin. A page that navigated elsewhere loses the bridge's reach.
 */
function fromTrustedPage(event: IpcMainEvent, isAppWindow: (contents: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppWindow(event.sender) && isAppUrl(frame.url);
}

/** Serves the contract to the app's windows until the returned function is called. */
export function serveContractOverIpc(backend: Backend, isAppWindow: (contents: WebContents) => boolean): () => void {
  const windows = new Map<WebContents, WindowSessions>();

  /** Ends the shown page's streams; its id is retired so anything it still sends is ignored. */
  const endPage = (contents: WebContents) => {
    const state = windows.get(contents);
    if (!state?.page) return;
    state.page.host.dispose();
    state.retired = [...state.retired, state.page.documentId].slice(-RETIRED_KEPT);
    state.page = undefined;
  };

  const track = (contents: WebContents): WindowSessions => {
    const known = windows.get(contents);
    if (known) return known;
    const state: WindowSessions = { page: undefined, leaving: undefined, retired: [] };
    windows.set(contents, state);
    // A reload or a navigation replaces the document: the old one's streams must not outlive it. They end
    // when the navigation commits, not when it starts, because a navigation can still be cancelled or turn
    // into a download, leaving the page in place. (The new page's first message ends them too, whichever
    // of the two the main process sees first.)
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) state.leaving = state.page;
    });
    contents.on('did-navigate', () => {
      if (state.page && state.page === state.leaving) endPage(contents);
      state.leaving = undefined;
    });
    contents.on('render-process-gone', () => endPage(contents));
    contents.once('destroyed', () => {
      endPage(contents);
      windows.delete(contents);
    });
    return state;
  };

  const sessionFor = (contents: WebContents, documentId: string): SessionHost | undefined => {
    const state = track(contents);
    if (state.page?.documentId === documentId) return state.page.host;
    // A page that was already replaced is still talking (its last messages raced the new page's).
    if (state.retired.includes(documentId)) return undefined;
    // A new page: whatever page was shown before it is gone.
    endPage(contents);
    const send = (message: ServerMessage) => {
      if (!contents.isDestroyed()) contents.send(IPC_CHANNEL, message);
    };
    const host = new SessionHost(backend.handlers, send, backend.newScope());
    state.page = { documentId, host };
    return host;
  };

  const onMessage = (event: IpcMainEvent, documentId: unknown, message: unknown) => {
    if (!fromTrustedPage(event, isAppWindow)) {
      console.warn(`[berth] ignored a message from an untrusted page (${event.senderFrame?.url ?? 'unknown'})`);
      return;
    }
    if (typeof documentId !== 'string' || !DOCUMENT_ID.test(documentId)) return;
    sessionFor(event.sender, documentId)?.receive(message);
  };

  ipcMain.on(IPC_CHANNEL, onMessage);
  return () => {
    ipcMain.off(IPC_CHANNEL, onMessage);
    for (const contents of windows.keys()) endPage(contents);
    windows.clear();
  };
}
