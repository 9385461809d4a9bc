/**
 * Files in and out of a container through the backend's streams. A download arrives in pieces, folded
 * into a Blob as it comes (app/downloads.ts) and handed to the browser as one file; an upload follows the
 * one upload protocol (app/upload.ts), so a large file never piles up in memory on either side.
 */
import { client } from '../../app/contract-client';
import { DownloadCollector } from '../../app/downloads';
import { Uploader } from '../../app/upload';
import type { UploadMessage } from '../../app/upload';
import { UserError } from '../../../../engine/contract/errors';

export interface Transfer {
  done: Promise<void>;
  cancel(): void;
}

/** Downloads a file as itself, a folder as a .tar archive. */
export function downloadFromContainer(id: string, path: string, onProgress: (bytes: number) => void): Transfer {
  let collector: DownloadCollector | undefined;
  let received = 0;
  let meta: { name: string; kind: 'file' | 'folder' } | undefined;
  let cancelled = false;
  let session: { close(): void } | undefined;
  const done = new Promise<void>((resolve, reject) => {
    session = client.open('container.files.download', { id, path }, {
      onData: (event) => {
        if (event.type === 'start') {
          meta = { name: event.name, kind: event.kind };
          collector = new DownloadCollector(event.kind === 'folder' ? 'application/x-tar' : 'application/octet-stream');
        } else {
          received += collector?.add(event.base64) ?? 0;
          onProgress(received);
        }
      },
      onEnd: (error) => {
        if (error) return reject(error);
        if (cancelled) return reject(new UserError('The download was cancelled.', 'cancelled'));
        if (!meta) return reject(new UserError(`Nothing came back for ${path}.`, 'not-found'));
        collector?.save(meta.name);
        resolve();
      },
    });
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      session?.close();
    },
  };
}

/** Puts a file into a folder of the container, replacing a file of the same name. */
export function uploadToContainer(id: string, folder: string, file: File, onProgress: (bytes: number) => void): Transfer {
  let session: { write(w: UploadMessage): void; close(): void } | undefined;
  let finished = false;
  let cancelled = false;
  const uploader = new Uploader(file, (message) => {
    if (!cancelled) session?.write(message);
  });
  const done = new Promise<void>((resolve, reject) => {
    session = client.open('container.files.upload', { id, folder, name: file.name, size: file.size }, {
      onData: (event) => {
        if (event.type === 'uploaded') {
          onProgress(event.bytes);
          uploader.acknowledged(event.bytes);
        } else finished = true;
      },
      onEnd: (error) => {
        if (error) reject(error);
        else if (finished) resolve();
        else reject(new UserError(cancelled ? 'The upload was cancelled.' : `The upload of ${file.name} stopped before the end.`, 'cancelled'));
      },
    });
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      session?.close();
    },
  };
}
