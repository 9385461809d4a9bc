/**
 * Saves a whole log as a file: the backend streams it as text chunks (`logs.download`), which a
 * DownloadCollector folds into a Blob every few megabytes (outside the JavaScript heap) and then offers.
 */
import { client } from '../../app/contract-client';
import { DownloadCollector } from '../../app/downloads';
import { UserError } from '../../../../engine/contract/errors';
import type { Cancellable } from './api';
import { watchConnection } from '../../app/watch-connection';

const LOG_TYPE = 'text/plain;charset=utf-8';
const pad = (n: number) => String(n).padStart(2, '0');

export function logFileName(containerName: string, now = new Date()): string {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${containerName.replace(/[^\w.-]+/g, '_')}-${stamp}.log`;
}

/** Hands text already in the page to the browser as a file download. */
export function saveText(parts: string[], fileName: string): void {
  const collector = new DownloadCollector(LOG_TYPE);
  for (const part of parts) collector.addText(part);
  collector.save(fileName);
}

export function downloadLog(containerId: string, fileName: string, timestamps: boolean, onProgress: (lines: number) => void, source?: 'service'): Cancellable<number> {
  let stream: { close(): void } | undefined;
  let offConnection = () => {};
  const promise = new Promise<number>((resolve, reject) => {
    const collector = new DownloadCollector(LOG_TYPE);
    let lines = 0;
    // A download cut by a lost connection would restart into the same file: stop it instead.
    offConnection = watchConnection({
      lost: () => {
        stream?.close();
        reject(new UserError('Lost the connection to Berth’s backend during the download. Try again.', 'engine-unreachable'));
      },
      back: () => undefined,
    });
    stream = client.open('logs.download', { containerId, source, timestamps }, {
      onData: (chunk) => {
        collector.addText(chunk.text);
        lines += chunk.lines;
        onProgress(lines);
      },
      onEnd: (error) => {
        if (error) return reject(error);
        collector.save(fileName);
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
