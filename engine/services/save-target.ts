/**
 * Where exported data is written, and what happens to it when the export does not finish.
 *
 * A file on the Berth host (the desktop app's save dialog chose it) is written under a hidden temporary
 * name in the same folder and renamed into place only once complete: a cancelled or failed export leaves
 * no partial file and never replaces an existing file with half of a new one. A browser download is cut
 * off instead, which the browser treats as a failed download and deletes (see engine/rpc/downloads.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { UserError } from '../contract/errors';
import type { VolumeTransferEvent } from '../contract/volumes-types';
import type { DownloadDesk } from '../rpc/downloads';

export type SaveTarget = { kind: 'path'; path: string } | { kind: 'download' };

export interface OpenedTarget {
  out: Writable;
  /** Makes the written file final; returns where it is on the Berth host, for a file. */
  commit(): Promise<string | undefined>;
  /** Throws the partial result away. Safe to call after a failure of any kind. */
  discard(): Promise<void>;
}

function closed(stream: fs.WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

function fileError(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const folder = path.dirname(file);
  if (code === 'ENOENT') return new UserError(`The folder ${folder} does not exist: choose another place to save.`, 'not-found');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new UserError(`Berth may not write in ${folder}: choose a folder you can write to.`, 'permission-denied');
  if (code === 'ENOSPC') return new UserError(`The disk holding ${folder} is full: free some space or save somewhere else.`, 'engine-error');
  return e;
}

async function openFile(file: string): Promise<OpenedTarget> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial-${crypto.randomBytes(4).toString('hex')}`);
  const out = fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', (e) => reject(fileError(e, file)));
  });
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
  };
}

/**
 * Opens the target. For a download, `emit` tells the page where to fetch it, and this resolves once the
 * browser has asked for it.
 */
export async function openSaveTarget(
  target: SaveTarget,
  file: { name: string; contentType: string },
  context: { downloads: DownloadDesk; signal: AbortSignal; emit(event: VolumeTransferEvent): void },
): Promise<OpenedTarget> {
  if (target.kind === 'path') return openFile(target.path);
  const offer = context.downloads.offer(file.name, file.contentType, context.signal);
  context.emit({ type: 'download', href: offer.href, fileName: file.name });
  const response = await offer.response;
  return {
    out: response,
    commit: async () => undefined,
    discard: async () => {
      // Cut off without the final chunk: the browser sees a failed download, not a short file.
      response.destroy();
    },
  };
}

/** Writes through `write` into the opened target, keeping the result only if all of it got there. */
export async function saveWith<T>(opened: OpenedTarget, write: (out: Writable) => Promise<T>): Promise<{ result: T; file?: string }> {
  try {
    const result = await write(opened.out);
    return { result, file: await opened.commit() };
  } catch (e) {
    await opened.discard().catch(() => undefined);
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' && !(e instanceof UserError)) {
      throw new UserError('The download was stopped before it finished, so the file was not kept.', 'cancelled');
    }
    throw e;
  }
}
