/**
 * Backing up, restoring, copying and downloading volume data, as tasks (renderer/src/features/tasks): they
 * show progress in the task panel, can be cancelled there, and go on when the page that started them
 * closes. Backups and downloads take the one download path (app/downloads.ts); a restore reads a file the
 * desktop's dialog chose on the Berth host, or in the browser is uploaded.
 */
import type { VolumeTransferEvent } from '../../../../engine/contract/volumes-types';
import { client } from '../../app/contract-client';
import { startDownload } from '../../app/downloads';
import { queryClient } from '../../app/query-client';
import { href } from '../../app/router';
import { messageOf, showToast } from '../../components/toasts/store';
import { formatBytes, percent, plural } from '../../components/format';
import { startTask } from '../tasks/store';
import type { TaskProgress } from '../tasks/store';
import { volumeKeys } from './api';
import { transferProgress } from '../../components/transfer-progress';

const BACKUPS = [{ name: 'Volume backups', extensions: ['tar.gz', 'tgz'] }];

interface TransferDetail {
  bytes: number;
  total?: number;
  entries?: number;
  /** Browser mode, a restore: bytes of the file the backend has taken. */
  sent?: number;
  volume?: string;
}

const initial: TransferDetail = { bytes: 0 };

function reduce(d: TransferDetail, e: VolumeTransferEvent): TransferDetail {
  switch (e.type) {
    case 'uploaded':
      return { ...d, sent: e.bytes };
    case 'started':
      return { ...d, total: e.totalBytes };
    case 'progress':
      return { ...d, bytes: e.bytes, total: e.totalBytes ?? d.total, entries: e.entries ?? d.entries };
    case 'done':
      return { ...d, bytes: e.bytes, entries: e.entries ?? d.entries, volume: e.volume };
  }
}

function progressOf(verb: string) {
  return (d: TransferDetail): TaskProgress => transferProgress(verb, d);
}

function refreshVolumes(volume?: string): void {
  void queryClient.invalidateQueries({ queryKey: volumeKeys.sizes });
  if (volume) void queryClient.invalidateQueries({ queryKey: volumeKeys.files(volume) });
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The whole volume as a .tar.gz, by the one download path (app/downloads.ts). */
export function backUpVolume(name: string): Promise<string | undefined> {
  return startDownload({
    kind: 'volume-backup',
    title: `Back up ${name}`,
    fileName: `${name}-${today()}.tar.gz`,
    filters: BACKUPS,
    stream: 'volumes.export',
    input: (target) => ({ name, target }),
    // Measured against the volume's data (read), not the compressed archive (written).
    progress: (d) => transferProgress('read', { bytes: d.bytes, total: d.totalBytes }),
    done: (d) => (d.file ? `Saved to ${d.file} (${formatBytes(d.bytes)} of data).` : `Downloaded ${d.fileName} (${formatBytes(d.bytes)} of data).`),
  });
}

/** A file as it is, a folder as a .tar.gz, by the one download path. */
export function downloadFromVolume(name: string, entry: { path: string; name: string; kind: 'file' | 'folder' }): Promise<string | undefined> {
  return startDownload({
    kind: 'volume-download',
    title: `Download ${entry.name}`,
    fileName: entry.kind === 'folder' ? `${entry.name}.tar.gz` : entry.name,
    stream: 'volumes.download',
    input: (target) => ({ name, path: entry.path, target }),
  });
}

export interface RestoreTarget {
  name: string;
  /** A new volume (with these labels), or an existing empty one. */
  create?: { labels?: Record<string, string> };
}

/** Restores from a file on this computer (browser mode: uploaded) or a path on the Berth host (desktop). */
export function restoreVolume(target: RestoreTarget, source: { file: File } | { path: string }): string {
  const upload = 'file' in source ? source.file : undefined;
  const label = upload ? upload.name : (source as { path: string }).path.split(/[\\/]/).at(-1);
  return startTask({
    kind: 'volume-restore',
    title: `Restore ${label} into ${target.name}`,
    stream: 'volumes.import',
    input: {
      name: target.name,
      create: target.create,
      source: upload ? { kind: 'upload', name: upload.name.slice(0, 255) || 'backup.tar.gz', size: upload.size } : { kind: 'path', path: (source as { path: string }).path },
    },
    upload,
    initial,
    reduce,
    progress: (d) => {
      const done = Math.max(d.bytes, d.sent ?? 0);
      if (!d.total) return { text: 'Starting…' };
      const fraction = Math.min(0.99, done / d.total);
      return { fraction, text: `${formatBytes(done)} of ${formatBytes(d.total)} · ${percent(fraction)}` };
    },
    done: (d) => `Restored ${plural(d.entries ?? 0, 'file or folder', 'files and folders')} into ${d.volume}.`,
    href: href('volume', { name: target.name }),
    onDone: () => refreshVolumes(target.name),
  });
}

export function copyToNewVolume(source: string, name: string): string {
  return startTask({
    kind: 'volume-copy',
    title: `Copy ${source} to ${name}`,
    stream: 'volumes.copy',
    input: { source, name },
    initial,
    reduce,
    progress: progressOf('copied'),
    done: (d) => `Copied ${plural(d.entries ?? 0, 'file or folder', 'files and folders')} (${formatBytes(d.bytes)}) into ${name}.`,
    href: href('volume', { name }),
    onDone: () => refreshVolumes(name),
  });
}

/** The desktop app's open dialog for a backup; undefined when the user cancelled. */
export async function chooseBackupFile(): Promise<string | undefined> {
  try {
    return (await client.call('files.choose', { kind: 'open', title: 'Choose a volume backup', filters: BACKUPS })).path ?? undefined;
  } catch (e) {
    showToast({ tone: 'error', title: 'Could not open the file dialog', message: messageOf(e) });
    return undefined;
  }
}
