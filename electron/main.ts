/**
 * The desktop app's main process: one instance per user; windows, the tray, native dialogs, notifications
 * and login items. The backend runs in a process of its own (electron/backend-process/), shared by every
 * window and the tray, so nothing it does (a slow search, a disk being grown) stalls the UI; each page
 * talks to it on a message port of its own (electron/pages.ts). The UI is served from `berth://app/` into
 * sandboxed windows, and a quit stops the managed engine before the process ends.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, session } from 'electron';
import type { MessagePortMain } from 'electron';
import type { Preferences } from '../engine/contract/preferences-types';
import { registerAppScheme, serveAppFiles } from './app-protocol';
import { utilityBackend } from './backend-host';
import { BackendSupervisor } from './backend-process/supervisor';
import { desktopServices, keychainState } from './desktop-services';
import { connectPages } from './pages';
import { followDesktopPreferences } from './preferences';
import type { DesktopPreferences } from './preferences';
import { allowAppWindows, lockDownAllContents, lockDownSession } from './security';
import { createTray } from './tray';
import type { BerthTray } from './tray';
import { createMainWindow, isAppWindowContents, showWindow } from './window';

/** Stopping a managed dockerd waits for its containers; past this, quit anyway rather than hang. */
const SHUTDOWN_LIMIT_MS = 30_000;

/** dist/electron, where this bundle lives: the UI is in dist/renderer, the icons in assets/. */
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = process.env.BERTH_RENDERER_DIR ?? path.join(here, '..', 'renderer');
const assetsDir = path.join(here, '..', '..', 'assets');

let backend: BackendSupervisor<MessagePortMain> | undefined;
let mainWindow: BrowserWindow | undefined;
let tray: BerthTray | undefined;
let preferences: DesktopPreferences | undefined;
let stopPages: (() => void) | undefined;
let quitting = false;
/** The shutdown in progress, once Quit was chosen; `stopped` once it finished and the quit may proceed. */
let stopping: Promise<void> | undefined;
let stopped = false;

function openWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({
      preload: path.join(here, 'preload.cjs'),
      icon: process.platform === 'linux' ? path.join(assetsDir, 'icon.png') : undefined,
      // Without a tray there would be no way back to a hidden window, so closing it then really closes it.
      hideOnClose: () => !quitting && tray !== undefined && preferences?.current().closeWindow !== 'quit',
    });
    return;
  }
  showWindow(mainWindow);
}

async function stopEverything(): Promise<void> {
  for (const window of BrowserWindow.getAllWindows()) window.hide();
  tray?.dispose();
  tray = undefined;
  stopPages?.();
  await backend?.stop(SHUTDOWN_LIMIT_MS);
}

/** The backend serves for the first time: the shell follows the user's preferences and shows itself. */
function firstReady(saved: Preferences): void {
  const desktop = (preferences = followDesktopPreferences(saved));
  const supervisor = backend!;
  try {
    tray = createTray({ iconsDir: path.join(assetsDir, 'tray'), openWindow, quit: () => app.quit(), act: (action) => supervisor.trayAction(action) });
  } catch (e) {
    console.error('[berth] no tray on this desktop; closing the window will quit Berth:', e);
  }
  // "Start in the tray" needs a tray to come back from; without one the window opens anyway.
  if (!tray || desktop.current().startIn !== 'tray') openWindow();
}

function superviseBackend(supervisor: BackendSupervisor<MessagePortMain>): void {
  // The first backend to serve sets the shell up, even when an earlier one stopped before it could.
  supervisor.on('ready', (saved) => (preferences ? preferences.apply(saved) : firstReady(saved)));
  supervisor.on('preferences', (next) => preferences?.apply(next));
  supervisor.on('tray', (facts) => tray?.show(facts));
  supervisor.on('notify', (title, body) => preferences?.notify(title, body));
  supervisor.on('crash', (code, restartInMs) => {
    if (restartInMs !== undefined) {
      tray?.showUnavailable('Berth’s backend stopped; starting it again…');
      // Windows say it too (their connection drops); a notification reaches someone looking elsewhere.
      preferences?.notify('Berth’s backend stopped', `It stopped unexpectedly (exit code ${code}) and is being started again. Work under way in Berth (a pull, a copy) was interrupted; the engine and its containers were not.`);
      return;
    }
    const reason = `Berth’s backend stopped five times in a row (last exit code ${code}), so Berth stopped starting it. Quit Berth and start it again; if this keeps happening, run it from a terminal to see why.`;
    if (!preferences) {
      // It never served: there is no window or tray to come back to.
      dialog.showErrorBox('Berth could not start', reason);
      app.exit(1);
      return;
    }
    tray?.showUnavailable('Berth’s backend keeps stopping: quit and start Berth again');
    void dialog.showMessageBox({ type: 'error', title: 'Berth’s backend keeps stopping', message: reason });
  });
  supervisor.on('failed', (message) => {
    dialog.showErrorBox('Berth cannot start', message);
    app.exit(1);
  });
}

function start(): void {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    dialog.showErrorBox('Berth cannot start', `The UI has not been built (${rendererDir} has no index.html). Run “npm run build”, then start Berth again.`);
    app.exit(1);
    return;
  }
  lockDownSession(session.defaultSession);
  serveAppFiles(rendererDir);
  backend = new BackendSupervisor({
    spawn: () => utilityBackend(path.join(here, 'backend.cjs')),
    start: { version: app.getVersion(), keychain: keychainState() },
    services: desktopServices,
  });
  superviseBackend(backend);
  stopPages = connectPages(backend, isAppWindowContents);
  // More windows, each on a page (and engine) of its own: they close for real; the main one hides.
  allowAppWindows((url) =>
    createMainWindow({
      preload: path.join(here, 'preload.cjs'),
      icon: process.platform === 'linux' ? path.join(assetsDir, 'icon.png') : undefined,
      hideOnClose: () => false,
      url,
    }),
  );
  // The window opens once the backend has read the user's preferences ("start in the tray"); the engine
  // connects in the background after that, the window showing "connecting" meanwhile.
  backend.start();
}

if (!app.requestSingleInstanceLock()) {
  // Berth is already running: it receives 'second-instance' and comes to the front; this one just ends.
  app.quit();
} else {
  // Every renderer sandboxed, even one created by mistake without the window's settings.
  app.enableSandbox();
  registerAppScheme();
  lockDownAllContents();
  // Windows shows notifications only for apps with an id; it must match electron-builder's appId.
  if (process.platform === 'win32') app.setAppUserModelId('io.berth.desktop');

  app.on('second-instance', openWindow);
  app.on('activate', openWindow); // macOS: a click on the dock icon.
  app.on('window-all-closed', () => {
    // With a tray Berth keeps looking after the engine, unless the user chose that closing the window quits.
    if (!tray || preferences?.current().closeWindow === 'quit') app.quit();
  });
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    stopping ??= stopEverything().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  // Ctrl+C in the terminal that ran `npm start` takes the same path as Quit, so the engine stops cleanly.
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());

  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      // Without this the process would linger with no window and no tray.
      console.error('[berth] start-up failed:', e);
      dialog.showErrorBox('Berth could not start', e instanceof Error ? e.message : String(e));
      app.exit(1);
    });
}
