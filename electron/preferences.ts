/**
 * The user's preferences, applied to the desktop shell as soon as they change (from any window):
 * starting at login, what closing the window does, desktop notifications. "Start in the tray" is read at
 * start, which is the only time it can apply. The theme is set on Electron's nativeTheme too, so native
 * menus and dialogs and every `prefers-color-scheme` query in the UI follow the user's choice.
 */
import { Notification, app, nativeTheme } from 'electron';
import type { Backend } from '../engine/backend';
import type { Preferences } from '../engine/contract/preferences-types';
import { launchCommand, setLinuxAutostart } from './autostart';

export interface DesktopPreferences {
  current(): Preferences;
  /** Shows a desktop notification unless the user turned them off. */
  notify(title: string, body: string): void;
  dispose(): void;
}

function applyLoginItem(openAtLogin: boolean): void {
  try {
    if (process.platform === 'linux') {
      const command = launchCommand({ execPath: process.execPath, appImage: process.env.APPIMAGE, appPath: app.isPackaged ? undefined : app.getAppPath() });
      setLinuxAutostart(openAtLogin, command);
      return;
    }
    // Unpackaged, the login item must name the app folder too, or it would start a bare Electron.
    const args = app.isPackaged ? [] : [app.getAppPath()];
    if (app.getLoginItemSettings({ args }).openAtLogin !== openAtLogin) app.setLoginItemSettings({ openAtLogin, args });
  } catch (e) {
    console.error('[berth] could not change whether Berth starts at login:', e);
  }
}

export function followDesktopPreferences(backend: Backend): DesktopPreferences {
  let preferences = backend.preferences();
  applyLoginItem(preferences.openAtLogin);
  nativeTheme.themeSource = preferences.theme;
  const off = backend.onUpdate((update) => {
    if (update.type !== 'preferences') return;
    const before = preferences;
    preferences = update.preferences;
    if (before.openAtLogin !== preferences.openAtLogin) applyLoginItem(preferences.openAtLogin);
    nativeTheme.themeSource = preferences.theme;
  });
  return {
    current: () => preferences,
    notify(title, body) {
      if (preferences.notifications && Notification.isSupported()) new Notification({ title, body }).show();
    },
    dispose: off,
  };
}
