/**
 * The one download path. Whatever Berth hands the user as a file (a container's log, a container's file or
 * folder, saved images, a volume backup or a file from a volume) is a stream that takes a `saveTarget` and
 * reports `DownloadEvent`s; the backend writes the bytes as the engine produces them
 * (engine/services/download.ts), and the page never holds them (renderer/src/app/downloads.ts):
 *
 * - `{ kind: 'path' }`: a file on the Berth host that the desktop app's save dialog chose;
 * - `{ kind: 'download' }`: browser mode; the stream's first event names a one-time same-origin address
 *   (`/downloads/<ticket>/<name>`) that the page hands to the browser, whose download manager writes it
 *   to disk as it arrives.
 *
 * Closing the stream cancels the download: the partial file is removed, or the browser's download is cut
 * off (which the browser treats as failed and deletes).
 */
import { z } from 'zod';
import { hostPath } from './transfer';

export const saveTarget = z.discriminatedUnion('kind', [hostPath, z.object({ kind: z.literal('download') }).strict()]);
export type SaveTarget = z.infer<typeof saveTarget>;

/** A name to save a file under: no slashes, not . or .. */
export const downloadFileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !/[/\\\0]/.test(n) && n !== '.' && n !== '..', 'a file name without slashes');

export type DownloadEvent =
  /** Browser mode: the page should hand this address to the browser now. */
  | { type: 'download'; href: string; fileName: string }
  /** Bytes are moving; `totalBytes` is what is expected, when known. */
  | { type: 'started'; fileName: string; totalBytes?: number }
  /** `bytes` written so far (a volume backup counts the volume's data read instead); lines of a log; entries of an archive. */
  | { type: 'progress'; bytes: number; totalBytes?: number; lines?: number; entries?: number }
  /** `file`: where it was saved on the Berth host (desktop). */
  | { type: 'done'; bytes: number; fileName: string; file?: string; lines?: number; entries?: number };
