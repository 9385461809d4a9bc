/**
 * What only the desktop app's main process can give the backend (which runs in a process of its own and
 * asks for these by message, electron/backend-process/supervisor.ts): the OS keychain (Electron's
 * safeStorage: Keychain on macOS, DPAPI on Windows, the Secret Service on Linux) that encrypts registry
 * logins, and native file dialogs. Used once the app is ready, which safeStorage needs.
 */
import { BrowserWindow, dialog, safeStorage } from 'electron';
import type { BackendStart } from './backend-process/messages';
import type { MainServices } from './backend-process/supervisor';

/** Whether the keychain can keep logins; if not, the sentence the UI shows (logins then last the session). */
export function keychainState(): BackendStart['keychain'] {
  if (!safeStorage.isEncryptionAvailable()) {
    return { available: false, reason: 'This system offers Berth no keychain, so sign-ins made in Berth last only until it quits.' };
  }
  // On Linux without GNOME Keyring or KWallet, safeStorage falls back to a fixed key: that is plain text in disguise.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return { available: false, reason: 'No keyring (GNOME Keyring or KWallet) is running, so sign-ins made in Berth last only until it quits.' };
  }
  return { available: true };
}

async function chooseFile(request: Parameters<MainServices['chooseFile']>[0]): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const filters = request.filters?.map((f) => ({ name: f.name, extensions: f.extensions }));
  if (request.kind === 'save') {
    const options = { title: request.title, defaultPath: request.suggestedName, filters };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  }
  const options = {
    title: request.title,
    filters,
    properties: [request.kind === 'folder' ? ('openDirectory' as const) : ('openFile' as const)],
  };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export const desktopServices: MainServices = {
  chooseFile,
  encrypt: (text) => safeStorage.encryptString(text),
  decrypt: (data) => safeStorage.decryptString(data),
};
