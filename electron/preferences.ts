/**
 * The user's preferences, applied to the desktop shell as soon as they change (from any window; the
 * backend process sends each change): starting at login, what closing the window does, desktop
 * notifications. "Start in the tray" is read at start, which is the only time it can apply. The theme is
 * set on Electron's nativeTheme too, so native menus and dialogs and every `prefers-color-scheme` query in
 * the UI follow the user's choice.
 */
import { Notification, app, nativeTheme } from 'electron';
import type { Preferences } from '../engine/contract/preferences-types';
import { launchCommand, setLinuxAutostart } from './autostart';

export interface DesktopPreferences {
  current(): Preferences;
  /** The preferences as the backend now has them. */
  apply(preferences: Preferences): void;
  /** Shows a desktop notification unless the user turned them off. */
  notify(title: string, body: string): void;
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

export function followDesktopPreferences(initial: Preferences): DesktopPreferences {
  let preferences = initial;
  applyLoginItem(preferences.openAtLogin);
  nativeTheme.themeSource = preferences.theme;
  return {
    current: () => preferences,
    apply(next) {
      const before = preferences;
      preferences = next;
      if (before.openAtLogin !== preferences.openAtLogin) applyLoginItem(preferences.openAtLogin);
      nativeTheme.themeSource = preferences.theme;
    },
    notify(title, body) {
      if (preferences.notifications && Notification.isSupported()) new Notification({ title, body }).show();
    },
  };
}
