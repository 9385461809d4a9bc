/**
 * The tray (menu bar on macOS): engine status at a glance, the managed engine's controls and the running
 * containers, without opening the window. What it shows comes from the backend process as TrayFacts
 * (electron/backend-process/tray-feed.ts), already debounced; this file only draws them, and sends the
 * engine and container actions back there.
 */
import path from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import { engineStatusLine, trayIconState, trayMenuModel, trayUnavailableModel } from './tray-model';
import type { TrayAction, TrayFacts, TrayIconState, TrayItem } from './tray-model';

export interface TrayOptions {
  /** assets/tray: <state>.png and <state>Template.png, each with an @2x variant that Electron picks up. */
  iconsDir: string;
  openWindow: () => void;
  quit: () => void;
  /** An engine or container action: the backend's to run. */
  act: (action: TrayAction) => void;
}

export interface BerthTray {
  show(facts: TrayFacts): void;
  /** The backend is gone for now: say so rather than show a picture that is no longer true. */
  showUnavailable(reason: string): void;
  dispose(): void;
}

function iconFor(iconsDir: string, state: TrayIconState): NativeImage {
  // macOS wants monochrome template images so the menu bar can tint them for light and dark mode.
  const name = process.platform === 'darwin' ? `${state}Template.png` : `${state}.png`;
  return nativeImage.createFromPath(path.join(iconsDir, name));
}

/** Windows and Linux read "&" as a keyboard mnemonic; engine messages and names must show it as typed. */
const menuText = (label: string) => (process.platform === 'darwin' ? label : label.replace(/&/g, '&&'));

export function createTray(options: TrayOptions): BerthTray {
  const icons = new Map<TrayIconState, NativeImage>();
  const icon = (state: TrayIconState) => {
    let image = icons.get(state);
    if (!image) icons.set(state, (image = iconFor(options.iconsDir, state)));
    return image;
  };
  const tray = new Tray(icon('starting'));
  tray.setToolTip('Berth');
  // Windows opens the app on a click, as its tray convention; macOS and Linux show the menu instead.
  if (process.platform === 'win32') tray.on('click', options.openWindow);

  const run = (action: TrayAction) => {
    if (action.type === 'open') options.openWindow();
    else if (action.type === 'quit') options.quit();
    else options.act(action);
  };

  const toTemplate = (items: TrayItem[]): MenuItemConstructorOptions[] =>
    items.map((item): MenuItemConstructorOptions => {
      switch (item.kind) {
        case 'separator':
          return { type: 'separator' };
        case 'label':
          return { label: menuText(item.label), enabled: false };
        case 'submenu':
          return { label: menuText(item.label), submenu: toTemplate(item.items) };
        case 'action':
          return { label: menuText(item.label), enabled: item.enabled, click: () => run(item.action) };
      }
    });

  return {
    show(facts) {
      if (tray.isDestroyed()) return;
      tray.setImage(icon(trayIconState(facts.status)));
      tray.setToolTip(`Berth — ${engineStatusLine(facts.status)}`);
      tray.setContextMenu(Menu.buildFromTemplate(toTemplate(trayMenuModel(facts))));
    },
    showUnavailable(reason) {
      if (tray.isDestroyed()) return;
      tray.setImage(icon('error'));
      tray.setToolTip(`Berth — ${reason}`);
      tray.setContextMenu(Menu.buildFromTemplate(toTemplate(trayUnavailableModel(reason))));
    },
    dispose: () => tray.destroy(),
  };
}
