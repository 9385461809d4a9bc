/**
 * The desktop app's main process: one instance per user, one backend shared by the window and the tray,
 * the UI served from `berth://app/` into a sandboxed window, and a quit that stops the managed engine
 * before the process ends.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, session } from 'electron';
import { Backend } from '../engine/backend';
import { berthPaths } from '../engine/paths';
import { registerAppScheme, serveAppFiles } from './app-protocol';
import { serveContractOverIpc } from './ipc';
import { keychainCredentialStore, nativeFileDialogs } from './desktop-services';
import { followDesktopPreferences } from './preferences';
import type { DesktopPreferences } from './preferences';
import { allowAppWindows, lockDownAllContents, lockDownSession } from './security';
import { createTray } from './tray';
import { createMainWindow, isAppWindowContents, showWindow } from './window';

/** Stopping a managed dockerd waits for its containers; past this, quit anyway rather than hang. */
const SHUTDOWN_LIMIT_MS = 30_000;

/** dist/electron, where this bundle lives: the UI is in dist/renderer, the icons in assets/. */
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = process.env.BERTH_RENDERER_DIR ?? path.join(here, '..', 'renderer');
const assetsDir = path.join(here, '..', '..', 'assets');

let backend: Backend | undefined;
let mainWindow: BrowserWindow | undefined;
let tray: { dispose(): void } | undefined;
let preferences: DesktopPreferences | undefined;
let stopIpc: (() => void) | undefined;
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
  preferences?.dispose();
  stopIpc?.();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_LIMIT_MS)));
  await Promise.race([backend?.dispose().catch((e: unknown) => console.error('[berth] stopping the engine failed:', e)), limit]);
  clearTimeout(timer);
}

function start(): void {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    dialog.showErrorBox('Berth cannot start', `The UI has not been built (${rendererDir} has no index.html). Run “npm run build”, then start Berth again.`);
    app.exit(1);
    return;
  }
  lockDownSession(session.defaultSession);
  serveAppFiles(rendererDir);
  let paths: ReturnType<typeof berthPaths>;
  try {
    paths = berthPaths();
  } catch (e) {
    // A runtime folder someone else could reach is refused in words (engine/paths.ts).
    dialog.showErrorBox('Berth cannot start', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return;
  }
  backend = new Backend({
    paths,
    mode: 'desktop',
    version: app.getVersion(),
    credentials: keychainCredentialStore(paths.data),
    dialogs: nativeFileDialogs,
  });
  const desktop = (preferences = followDesktopPreferences(backend));
  stopIpc = serveContractOverIpc(backend, isAppWindowContents);
  try {
    tray = createTray({ backend, iconsDir: path.join(assetsDir, 'tray'), openWindow, quit: () => app.quit(), notify: desktop.notify });
  } catch (e) {
    console.error('[berth] no tray on this desktop; closing the window will quit Berth:', e);
  }
  // "Start in the tray" needs a tray to come back from; without one the window opens anyway.
  if (!tray || desktop.current().startIn !== 'tray') openWindow();
  // More windows, each on a page (and engine) of its own: they close for real; the main one hides.
  allowAppWindows((url) =>
    createMainWindow({
      preload: path.join(here, 'preload.cjs'),
      icon: process.platform === 'linux' ? path.join(assetsDir, 'icon.png') : undefined,
      hideOnClose: () => false,
      url,
    }),
  );
  // The engine connects in the background: the window shows "connecting" rather than waiting for it.
  void backend.start();
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
