/**
 * The daemon.json of Berth's managed dockerd, made from the user's preferences and written before each
 * start (dockerd reads it only then). Passing it with --config-file also keeps the system's
 * /etc/docker/daemon.json away from Berth's private engine: that file is meant for the system's own
 * dockerd, and a `data-root` or `hosts` in it would clash with the managed engine's flags and stop it.
 */
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { ManagedEnginePreferences } from '../contract/preferences-types';

export function managedDaemonConfig(preferences: ManagedEnginePreferences): Record<string, unknown> {
  return {
    'max-concurrent-downloads': preferences.maxConcurrentDownloads,
    'max-concurrent-uploads': preferences.maxConcurrentUploads,
    // The default log driver, rotated: these apply to containers created after the engine starts.
    'log-driver': 'json-file',
    'log-opts': { 'max-size': `${preferences.logMaxSizeMb}m`, 'max-file': String(preferences.logMaxFiles) },
  };
}

export function writeManagedDaemonConfig(file: string, preferences: ManagedEnginePreferences): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic.sync(file, `${JSON.stringify(managedDaemonConfig(preferences), null, 2)}\n`, { mode: 0o600 });
}
