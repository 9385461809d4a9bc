/**
 * The one download path in the page (the contract's side is engine/contract/download.ts, the backend's
 * engine/services/download.ts). Every download (a container's log, a container's file or folder, saved
 * images, a volume backup or a file from a volume) is started here, runs as a task (progress and Cancel in
 * the task panel) and never passes through the page:
 *
 * - in the desktop app the native save dialog chooses the file, and the backend writes it as the engine
 *   produces it (a hidden partial file, renamed into place only when complete);
 * - in the browser the backend answers with a one-time `/downloads/<ticket>/<name>` address, which the page
 *   hands to the browser's download manager as a link click: the bytes go from the backend to the disk.
 *
 *   import { startDownload } from '../../app/downloads';
 *   void startDownload({
 *     kind: 'log-download', title: `Download the log of ${name}`, fileName: 'web.log',
 *     stream: 'logs.download', input: (target) => ({ containerId, timestamps, fileName, target }),
 *   });
 */
import type { StreamEventOf, StreamInputOf, StreamName } from '../../../engine/contract/contract';
import type { DownloadEvent, SaveTarget } from '../../../engine/contract/download';
import { formatBytes, percent } from '../components/format';
import { messageOf, showToast } from '../components/toasts/store';
import { appInfoQuery } from '../features/app-info/api';
import { startTask } from '../features/tasks/store';
import type { TaskProgress } from '../features/tasks/store';
import { client } from './contract-client';
import { queryClient } from './query-client';

/** The streams that follow the one download path. */
export type DownloadStream = {
  [S in StreamName]: [StreamEventOf<S>] extends [DownloadEvent] ? ([DownloadEvent] extends [StreamEventOf<S>] ? S : never) : never;
}[StreamName];

/** What a download's task knows, folded from its events. */
export interface DownloadDetail {
  fileName?: string;
  bytes: number;
  totalBytes?: number;
  lines?: number;
  entries?: number;
  /** Where the file was saved on this machine (desktop). */
  file?: string;
}

export interface DownloadSpec<S extends DownloadStream> {
  /** The task's kind: what sort of download. */
  kind: string;
  /** The task's title, and the save dialog's. */
  title: string;
  /** The name the save dialog offers (the backend names browser downloads itself). */
  fileName: string;
  filters?: { name: string; extensions: string[] }[];
  stream: S;
  input(target: SaveTarget): StreamInputOf<S>;
  /** Replaces the task's progress line (a volume backup measures the volume's data, not the archive). */
  progress?(detail: DownloadDetail): TaskProgress;
  /** Replaces the sentence the task ends with. */
  done?(detail: DownloadDetail): string;
  /** Unfold the task's details when the panel opens (off by default: a download has none to show). */
  reveal?: boolean;
}

/** Asks the browser to download `href` under `fileName`, as a click on a download link would. */
function offerDownload(href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Text the page already holds (the lines a view shows) as a file. Only for what is on screen: anything
 * the backend has goes through `startDownload`, which never holds it in the page.
 */
export function offerText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  offerDownload(url, fileName);
  // The download has its own reference to the data once it started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Where to save: the desktop's save dialog (undefined when the user cancelled it), or the browser's downloads. */
async function chooseTarget(title: string, suggestedName: string, filters?: DownloadSpec<DownloadStream>['filters']): Promise<SaveTarget | undefined> {
  try {
    const { mode } = await queryClient.fetchQuery(appInfoQuery());
    if (mode !== 'desktop') return { kind: 'download' };
    const { path } = await client.call('files.choose', { kind: 'save', title, suggestedName, filters });
    return path ? { kind: 'path', path } : undefined;
  } catch (e) {
    showToast({ tone: 'error', title: 'Could not open the save dialog', message: messageOf(e) });
    return undefined;
  }
}

export function reduceDownload(d: DownloadDetail, e: DownloadEvent): DownloadDetail {
  switch (e.type) {
    case 'download':
      // The backend is ready to send the file: the browser's download manager takes it from here.
      offerDownload(e.href, e.fileName);
      return { ...d, fileName: e.fileName };
    case 'started':
      return { ...d, fileName: e.fileName, totalBytes: e.totalBytes };
    case 'progress':
      return { ...d, bytes: e.bytes, totalBytes: e.totalBytes ?? d.totalBytes, lines: e.lines ?? d.lines, entries: e.entries ?? d.entries };
    case 'done':
      return { ...d, bytes: e.bytes, fileName: e.fileName, file: e.file, lines: e.lines ?? d.lines, entries: e.entries ?? d.entries };
  }
}

/** "120,000 lines · 12 MB of 30 MB · 40%": never 100% before the end, no total once it is plainly wrong. */
export function downloadProgress(d: DownloadDetail): TaskProgress {
  const lines = d.lines !== undefined ? `${d.lines.toLocaleString('en-US')} lines · ` : '';
  if (!d.bytes && !d.lines) return { text: 'Starting…' };
  if (!d.totalBytes || d.bytes > d.totalBytes) return { text: `${lines}${formatBytes(d.bytes)}` };
  const fraction = Math.min(0.99, d.bytes / d.totalBytes);
  return { fraction, text: `${lines}${formatBytes(d.bytes)} of ${formatBytes(d.totalBytes)} · ${percent(fraction)}` };
}

export function downloadDone(d: DownloadDetail): string {
  const size = formatBytes(d.bytes);
  return d.file ? `Saved to ${d.file} (${size}).` : `Downloaded ${d.fileName ?? 'the file'} (${size}).`;
}

/**
 * Starts a download as a task: asks where on the desktop, then streams it there (or to the browser's
 * downloads). Resolves with the task's id, or undefined when the user cancelled the save dialog.
 */
export async function startDownload<S extends DownloadStream>(spec: DownloadSpec<S>): Promise<string | undefined> {
  const target = await chooseTarget(spec.title, spec.fileName, spec.filters);
  if (!target) return undefined;
  return startTask({
    kind: spec.kind,
    title: spec.title,
    stream: spec.stream,
    input: spec.input(target),
    initial: { bytes: 0 } as DownloadDetail,
    reduce: (d, e) => reduceDownload(d, e as DownloadEvent),
    progress: spec.progress ?? downloadProgress,
    done: spec.done ?? downloadDone,
    reveal: spec.reveal ?? false,
  });
}
