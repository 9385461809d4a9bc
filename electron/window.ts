/**
 * The main window. Closing it hides it (the engine keeps running and the tray stays), the platform
 * convention for apps that look after a background service; only Quit really ends Berth.
 */
import { BrowserWindow } from 'electron';
import type { WebContents } from 'electron';
import { APP_URL } from './app-files';

/** Web contents of windows Berth created; the IPC transport serves only these. */
const appContents = new WeakSet<WebContents>();

export function isAppWindowContents(contents: WebContents): boolean {
  return appContents.has(contents);
}

export interface MainWindowOptions {
  preload: string;
  /** Linux shows this in the task switcher; macOS and Windows take the icon from the app bundle. */
  icon: string | undefined;
  /** Asked on every close: hide (true) or really close (false, e.g. Quit was chosen). */
  hideOnClose: () => boolean;
  /** The page to open (an app URL); the app's start page when absent. */
  url?: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Berth',
    width: 1200,
    height: 780,
    minWidth: 760,
    minHeight: 480,
    show: false,
    icon: options.icon,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  appContents.add(window.webContents);
  // Shown once painted, so the user never sees a blank white frame.
  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    if (!options.hideOnClose()) return;
    event.preventDefault();
    window.hide();
  });
  let lastCrash = 0;
  window.webContents.on('render-process-gone', (_event, details) => {
    // A crashed UI would stay a blank window; load it again (the backend and the engine are unaffected),
    // but not in a loop if it crashes as soon as it loads.
    const now = Date.now();
    const again = now - lastCrash < 10_000;
    lastCrash = now;
    if (details.reason !== 'clean-exit' && !again && !window.isDestroyed()) void window.loadURL(options.url ?? APP_URL);
  });
  void window.loadURL(options.url ?? APP_URL);
  return window;
}

/** Brings the window to the front, restoring it if it was hidden or minimised. */
export function showWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
