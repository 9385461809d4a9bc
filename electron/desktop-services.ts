/**
 * What only the desktop app can give the backend: a registry login store encrypted with the OS keychain
 * (Electron's safeStorage: Keychain on macOS, DPAPI on Windows, the Secret Service on Linux), and native
 * file dialogs. Created once the app is ready, which safeStorage needs.
 */
import path from 'node:path';
import { BrowserWindow, dialog, safeStorage } from 'electron';
import { EncryptedFileCredentialStore, SessionCredentialStore } from '../engine/registry/credential-store';
import type { CredentialStore } from '../engine/registry/credential-store';
import type { FileDialogs } from '../engine/services/files';

/** The keychain-backed store, or a session-only one (saying why) where no keychain can encrypt. */
export function keychainCredentialStore(dataDir: string): CredentialStore {
  if (!safeStorage.isEncryptionAvailable()) {
    return new SessionCredentialStore('This system offers Berth no keychain, so sign-ins made in Berth last only until it quits.');
  }
  // On Linux without GNOME Keyring or KWallet, safeStorage falls back to a fixed key: that is plain text in disguise.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return new SessionCredentialStore('No keyring (GNOME Keyring or KWallet) is running, so sign-ins made in Berth last only until it quits.');
  }
  return new EncryptedFileCredentialStore(path.join(dataDir, 'registry-logins.bin'), safeStorage);
}

export const nativeFileDialogs: FileDialogs = {
  async choose(request) {
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
  },
};
