/**
 * Connects the app's pages to the backend process: each page (one document in one window) gets a message
 * port of its own to the backend, where a SessionHost serves it with the page's own scope (the engine its
 * window stays on). The main process only decides who may connect and when a page has ended; the
 * contract's messages never pass through it. The only file that uses ipcMain.
 */
import { ipcMain } from 'electron';
import type { IpcMainEvent, MessagePortMain, WebContents } from 'electron';
import { isAppUrl } from './app-files';
import type { BackendSupervisor } from './backend-process/supervisor';
import { CONNECT_CHANNEL, PORT_CHANNEL, STATE_CHANNEL } from './ipc-channel';

interface WindowPages {
  /** The page now shown (its number at the backend), once it asked for its port. */
  page: number | undefined;
  /** The page that was shown when a navigation started; it ends if that navigation commits. */
  leaving: number | undefined;
}

/**
 * Whether a request comes from a page Berth trusts: the top frame (not an iframe) of a window Berth
 * created, showing the app's own origin. A page that navigated elsewhere loses the bridge's reach.
 */
function fromTrustedPage(event: IpcMainEvent, isAppWindow: (contents: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppWindow(event.sender) && isAppUrl(frame.url);
}

/** Serves the app's windows until the returned function is called. */
export function connectPages(backend: BackendSupervisor<MessagePortMain>, isAppWindow: (contents: WebContents) => boolean): () => void {
  const windows = new Map<WebContents, WindowPages>();
  let nextPage = 1;

  const endPage = (contents: WebContents) => {
    const state = windows.get(contents);
    if (state?.page === undefined) return;
    backend.disconnectPage(state.page);
    state.page = undefined;
  };

  /** Gives the window's page a new port; while the backend is down, the page waits for the next `ready`. */
  const connect = (contents: WebContents, state: WindowPages) => {
    if (state.page !== undefined) backend.disconnectPage(state.page);
    const page = nextPage++;
    state.page = page;
    const port = backend.connectPage(page);
    if (port && !contents.isDestroyed()) contents.postMessage(PORT_CHANNEL, null, [port]);
  };

  const track = (contents: WebContents): WindowPages => {
    const known = windows.get(contents);
    if (known) return known;
    const state: WindowPages = { page: undefined, leaving: undefined };
    windows.set(contents, state);
    // A reload or a navigation replaces the document: the old one's streams must not outlive it. They end
    // when the navigation commits, not when it starts, because a navigation can still be cancelled or turn
    // into a download, leaving the page in place. (The new page's request for a port ends them too,
    // whichever of the two the main process sees first.)
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) state.leaving = state.page;
    });
    contents.on('did-navigate', () => {
      if (state.page !== undefined && state.page === state.leaving) endPage(contents);
      state.leaving = undefined;
    });
    contents.on('render-process-gone', () => endPage(contents));
    contents.once('destroyed', () => {
      endPage(contents);
      windows.delete(contents);
    });
    return state;
  };

  const onConnect = (event: IpcMainEvent) => {
    if (!fromTrustedPage(event, isAppWindow)) {
      console.warn(`[berth] refused a connection from an untrusted page (${event.senderFrame?.url ?? 'unknown'})`);
      return;
    }
    connect(event.sender, track(event.sender));
  };

  // The backend stopped: pages hear it at once (calls in flight fail, streams wait), not at their next call.
  const onCrash = () => {
    for (const contents of windows.keys()) if (!contents.isDestroyed()) contents.send(STATE_CHANNEL, 'closed');
  };
  // A backend (the first, or one started again) serves: every page shown now gets a port to it.
  const onReady = () => {
    for (const [contents, state] of windows) if (state.page !== undefined && !contents.isDestroyed()) connect(contents, state);
  };

  ipcMain.on(CONNECT_CHANNEL, onConnect);
  backend.on('crash', onCrash);
  backend.on('ready', onReady);
  return () => {
    ipcMain.off(CONNECT_CHANNEL, onConnect);
    backend.off('crash', onCrash);
    backend.off('ready', onReady);
    for (const contents of windows.keys()) endPage(contents);
    windows.clear();
  };
}
