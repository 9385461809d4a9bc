/**
 * The tray (menu bar on macOS): engine status at a glance, the managed engine's controls and the running
 * containers, without opening the window. It rebuilds from the backend's own notices, debounced, and asks
 * the engine for containers only when something changed, never on a timer.
 */
import path from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type { Backend } from '../engine/backend';
import type { AppUpdate, ContainerSummary } from '../engine/contract/types';
import { engineStatusLine, trayIconState, trayMenuModel } from './tray-model';
import type { TrayAction, TrayFacts, TrayIconState, TrayItem } from './tray-model';

/** Engine events come in bursts (a compose up starts ten containers): one rebuild per burst. */
const REBUILD_DEBOUNCE_MS = 250;

export interface TrayOptions {
  backend: Backend;
  /** assets/tray: <state>.png and <state>Template.png, each with an @2x variant that Electron picks up. */
  iconsDir: string;
  openWindow: () => void;
  quit: () => void;
  /** Shows a desktop notification if the user wants them. */
  notify: (title: string, body: string) => void;
}

function iconFor(iconsDir: string, state: TrayIconState): NativeImage {
  // macOS wants monochrome template images so the menu bar can tint them for light and dark mode.
  const name = process.platform === 'darwin' ? `${state}Template.png` : `${state}.png`;
  return nativeImage.createFromPath(path.join(iconsDir, name));
}

/** Windows and Linux read "&" as a keyboard mnemonic; engine messages and names must show it as typed. */
const menuText = (label: string) => (process.platform === 'darwin' ? label : label.replace(/&/g, '&&'));

function notifyFailure(notify: TrayOptions['notify'], title: string, error: unknown): void {
  const body = error instanceof Error ? error.message : String(error);
  console.error(`[berth] ${title}: ${body}`);
  notify(title, body);
}

export function createTray(options: TrayOptions): { dispose(): void } {
  const { backend } = options;
  const icons = new Map<TrayIconState, NativeImage>();
  const icon = (state: TrayIconState) => {
    let image = icons.get(state);
    if (!image) icons.set(state, (image = iconFor(options.iconsDir, state)));
    return image;
  };
  const tray = new Tray(icon(trayIconState(backend.status())));
  tray.setToolTip('Berth');
  // Windows opens the app on a click, as its tray convention; macOS and Linux show the menu instead.
  if (process.platform === 'win32') tray.on('click', options.openWindow);

  const run = async (action: TrayAction) => {
    switch (action.type) {
      case 'open':
        options.openWindow();
        return;
      case 'quit':
        options.quit();
        return;
      case 'managed':
        await backend.handlers.methods[`managed.${action.verb}`]({}).catch((e: unknown) => notifyFailure(options.notify, `Could not ${action.verb} Berth’s engine`, e));
        return;
      case 'vm':
        await backend.handlers.methods[`vm.${action.verb}`]({}).catch((e: unknown) => notifyFailure(options.notify, `Could not ${action.verb} the Linux VM`, e));
        return;
      case 'container': {
        const title = `Could not ${action.action} ${action.name}`;
        try {
          // A bulk call reports a container that refused (e.g. already stopped) in `failed`, not by throwing.
          const result = await backend.handlers.methods['containers.act']({ ids: [action.id], action: action.action });
          const failure = result.failed[0];
          if (failure) notifyFailure(options.notify, title, new Error(failure.message));
        } catch (e) {
          notifyFailure(options.notify, title, e);
        }
        return;
      }
    }
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
          return { label: menuText(item.label), enabled: item.enabled, click: () => void run(item.action) };
      }
    });

  let disposed = false;
  let generation = 0;
  const rebuild = async () => {
    const current = ++generation;
    const status = backend.status();
    let containers: TrayFacts['containers'];
    if (status.state === 'running') {
      containers = await backend.handlers.methods['containers.list']({}).then(
        (all: ContainerSummary[]) => all.filter((c) => c.state === 'running'),
        () => 'error' as const,
      );
    }
    // A newer rebuild started while this one waited for the engine: its picture is fresher.
    if (disposed || current !== generation) return;
    tray.setImage(icon(trayIconState(status)));
    tray.setToolTip(`Berth — ${engineStatusLine(status)}`);
    tray.setContextMenu(Menu.buildFromTemplate(toTemplate(trayMenuModel({ status, managed: backend.managed.status(), vm: backend.vm.status(), containers }))));
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), REBUILD_DEBOUNCE_MS);
  };
  const off = backend.onUpdate((update: AppUpdate) => {
    if (update.type !== 'changed' || update.resources.includes('containers')) schedule();
  });
  backend.vm.on('change', schedule);
  void rebuild();

  return {
    dispose() {
      disposed = true;
      clearTimeout(timer);
      off();
      backend.vm.off('change', schedule);
      tray.destroy();
    },
  };
}
