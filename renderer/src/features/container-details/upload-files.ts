/**
 * Files into a container through the backend's streams, by the one upload protocol (app/upload.ts), so a
 * large file never piles up in memory on either side. (Downloads go the one download path, app/downloads.ts.)
 */
import { client } from '../../app/contract-client';
import { Uploader } from '../../app/upload';
import type { UploadMessage } from '../../app/upload';
import { UserError } from '../../../../engine/contract/errors';

export interface Transfer {
  done: Promise<void>;
  cancel(): void;
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
