/**
 * Saves a whole log as a file: the backend streams it as text chunks (`logs.download`), which become a
 * Blob and a download. A Blob keeps its parts out of the JavaScript heap, so even a large log only passes
 * through.
 */
import { client } from '../../app/contract-client';
import { UserError } from '../../../../engine/contract/errors';
import type { Cancellable } from './api';
import { watchConnection } from '../../app/watch-connection';

const pad = (n: number) => String(n).padStart(2, '0');

export function logFileName(containerName: string, now = new Date()): string {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${containerName.replace(/[^\w.-]+/g, '_')}-${stamp}.log`;
}

/** Hands text to the browser as a file download. */
export function saveText(parts: BlobPart[], fileName: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadLog(containerId: string, fileName: string, timestamps: boolean, onProgress: (lines: number) => void): Cancellable<number> {
  let stream: { close(): void } | undefined;
  let offConnection = () => {};
  const promise = new Promise<number>((resolve, reject) => {
    const parts: string[] = [];
    let lines = 0;
    // A download cut by a lost connection would restart into the same file: stop it instead.
    offConnection = watchConnection({
      lost: () => {
        stream?.close();
        reject(new UserError('Lost the connection to Berth’s backend during the download. Try again.', 'engine-unreachable'));
      },
      back: () => undefined,
    });
    stream = client.open('logs.download', { containerId, timestamps }, {
      onData: (chunk) => {
        parts.push(chunk.text);
        lines += chunk.lines;
        onProgress(lines);
      },
      onEnd: (error) => {
        if (error) return reject(error);
        saveText(parts, fileName);
        resolve(lines);
      },
    });
  });
  void promise.finally(() => offConnection()).catch(() => undefined);
  return {
    promise,
    cancel: () => {
      stream?.close();
      offConnection();
    },
  };
}
