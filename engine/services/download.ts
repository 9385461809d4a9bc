/**
 * The one download path on the backend (the contract's side is engine/contract/download.ts). Whatever
 * Berth hands the user as a file is written here as the engine produces it, into one of two targets:
 *
 * - a file on the Berth host that the desktop app's save dialog chose, written under a hidden temporary
 *   name in the same folder and renamed into place only once complete: a cancelled or failed download
 *   leaves no partial file and never replaces an existing file with half of a new one;
 * - in browser mode, the response to the browser's request for a one-time `/downloads/<ticket>/<name>`
 *   address (engine/rpc/downloads.ts), which the browser's download manager writes to disk. A failure or
 *   a cancel cuts the response off without its final chunk, so the browser marks the download failed and
 *   deletes its partial file.
 *
 * Either way the bytes flow with backpressure (the disk's or the browser's pace holds the engine back),
 * so no download is held whole in memory, whatever its size. Closing the stream cancels.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../contract/errors';
import type { DownloadEvent, SaveTarget } from '../contract/download';
import { Channel } from '../rpc/channel';
import type { DownloadDesk } from '../rpc/downloads';
import type { EngineAccess } from './engine-access';

/** What a download stream needs from the backend: the engine, and the browser-mode download desk. */
export interface DownloadAccess extends EngineAccess {
  readonly downloads: DownloadDesk;
}

export interface DownloadFile {
  /** The name offered to the browser (and reported when done). */
  name: string;
  contentType: string;
  /** What progress is measured against, when known. */
  totalBytes?: number;
  /** The file's exact length, when known before the first byte: the browser then shows its own progress. */
  exactBytes?: number;
}

/** What a writer may report as it goes; `bytes` replaces the count of bytes written (a backup counts data read). */
export interface DownloadCounts {
  bytes?: number;
  totalBytes?: number;
  lines?: number;
  entries?: number;
}

/**
 * Streams the file into `out` and ends it (a `pipeline(source, out)` does both). Failing, or returning
 * early without ending `out`, keeps nothing.
 */
export type WriteDownload = (out: Writable, report: (counts: DownloadCounts) => void) => Promise<unknown>;

export interface Download {
  /** Saves the one file of this download, once its name is known. */
  save(file: DownloadFile, write: WriteDownload): Promise<void>;
}

/** Progress at most this often: a fast local copy would otherwise send thousands of events a second. */
const PROGRESS_EVERY_MS = 100;

interface OpenedTarget {
  out: Writable;
  /** Makes the written file final; returns where it is on the Berth host, for a file. */
  commit(): Promise<string | undefined>;
  /** Throws the partial result away. Safe to call after a failure of any kind. */
  discard(): Promise<void>;
  /** A failure of the target itself (a full disk), in words. */
  describe(e: unknown): unknown;
}

function closed(stream: fs.WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

function fileError(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const folder = path.dirname(file);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new UserError(`The folder ${folder} does not exist: choose another place to save.`, 'not-found');
  if (code === 'EISDIR') return new UserError(`${file} is a folder: choose a file name.`, 'invalid-input');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new UserError(`Berth may not write in ${folder}: choose a folder you can write to.`, 'permission-denied');
  if (code === 'ENOSPC') return new UserError(`The disk holding ${folder} is full: free some space or save somewhere else.`, 'engine-error');
  return e;
}

/** A file on the Berth host, written under a hidden name beside it and renamed into place by `commit`. */
export async function openHostFile(file: string): Promise<OpenedTarget> {
  if ((await fs.promises.stat(file).catch(() => undefined))?.isDirectory()) throw fileError(Object.assign(new Error('EISDIR'), { code: 'EISDIR' }), file);
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial-${crypto.randomBytes(4).toString('hex')}`);
  const out = fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', (e) => reject(fileError(e, file)));
  });
  // Errors after opening (a full disk) reach whoever writes; this only keeps them from going unheard.
  out.on('error', () => undefined);
  return {
    out,
    commit: async () => {
      await closed(out);
      try {
        await fs.promises.chmod(partial, 0o644);
        await fs.promises.rename(partial, file);
      } catch (e) {
        throw fileError(e, file);
      }
      return file;
    },
    discard: async () => {
      out.destroy();
      await closed(out);
      await fs.promises.rm(partial, { force: true });
    },
    describe: (e) => fileError(e, file),
  };
}

/** Browser mode: offers the file once, tells the page where to fetch it, and waits for the browser to ask. */
async function openBrowserDownload(desk: DownloadDesk, file: DownloadFile, signal: AbortSignal, emit: (e: DownloadEvent) => void): Promise<OpenedTarget> {
  const offer = desk.offer(file.name, file.contentType, signal, file.exactBytes);
  emit({ type: 'download', href: offer.href, fileName: file.name });
  const response = await offer.response;
  return {
    out: response,
    commit: async () => undefined,
    // Cut off without the final chunk: the browser sees a failed download, not a short file.
    discard: async () => void response.destroy(),
    describe: (e) => e,
  };
}

function describeFailure(e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' && !(e instanceof UserError)) {
    return new UserError('The download was stopped before it finished, so the file was not kept.', 'cancelled');
  }
  return e;
}

/**
 * A download as a stream of DownloadEvents: `work` finds what to download (on the engine) and saves it
 * with `download.save`. Cancelling (closing the stream) stops the bytes and keeps nothing.
 */
export function streamDownload(desk: DownloadDesk, target: SaveTarget, signal: AbortSignal, work: (download: Download) => Promise<void>): AsyncIterable<DownloadEvent> {
  const channel = new Channel<DownloadEvent>(signal);
  const emit = (e: DownloadEvent) => channel.push(e);
  let saved = false;
  const download: Download = {
    async save(file, write) {
      if (saved) throw new Error('A download saves one file.');
      saved = true;
      const opened = target.kind === 'path' ? await openHostFile(target.path) : await openBrowserDownload(desk, file, signal, emit);
      await saveInto(opened, file, write, signal, emit);
    },
  };
  work(download).then(
    () => (saved ? channel.end() : channel.fail(new UserError('There was nothing to download.', 'not-found'))),
    (e: unknown) => channel.fail(e),
  );
  return channel;
}

async function saveInto(opened: OpenedTarget, file: DownloadFile, write: WriteDownload, signal: AbortSignal, emit: (e: DownloadEvent) => void): Promise<void> {
  let written = 0;
  let counts: DownloadCounts = { totalBytes: file.totalBytes };
  let last = 0;
  const progress = () => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    emit({ type: 'progress', bytes: counts.bytes ?? written, totalBytes: counts.totalBytes, lines: counts.lines, entries: counts.entries });
  };
  // Counts what goes out, and is where a cancel cuts the flow whatever the writer is doing.
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      progress();
      done(null, chunk);
    },
  });
  const delivered = pipeline(counter, opened.out);
  // When the target fails (a full disk), the writer only sees its stream cut: the target's error says why.
  let targetError: unknown;
  delivered.catch((e: unknown) => (targetError = e));
  const cancel = () => counter.destroy(new UserError('The download was cancelled.', 'cancelled'));
  signal.addEventListener('abort', cancel, { once: true });
  try {
    if (signal.aborted) cancel();
    emit({ type: 'started', fileName: file.name, totalBytes: file.totalBytes });
    await write(counter, (c) => {
      counts = { ...counts, ...c };
      progress();
    });
    if (!counter.writableEnded) throw new UserError(`The download of ${file.name} stopped before the end.`, 'engine-error');
    await delivered;
    const onHost = await opened.commit();
    emit({ type: 'done', bytes: counts.bytes ?? written, fileName: file.name, file: onHost, lines: counts.lines, entries: counts.entries });
  } catch (e) {
    counter.destroy();
    await delivered.catch(() => undefined);
    await opened.discard().catch(() => undefined);
    if (signal.aborted) throw new UserError('The download was cancelled.', 'cancelled');
    const cause = targetError !== undefined && !(e instanceof UserError) && (e as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' ? targetError : e;
    throw describeFailure(opened.describe(cause));
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
