/**
 * Saving a whole log as a file, by the one download path (app/downloads.ts): the backend writes it to the
 * file the desktop's save dialog chose, or streams it to the browser's downloads, as it reads it from the
 * engine; the page never holds it.
 */
import { startDownload } from '../../app/downloads';

const LOGS = [{ name: 'Logs', extensions: ['log', 'txt'] }];
const pad = (n: number) => String(n).padStart(2, '0');

export function logFileName(containerName: string, now = new Date()): string {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${containerName.replace(/[^\w.-]+/g, '_')}-${stamp}.log`;
}

/** `source: 'service'`: a swarm service's log (containerId is then the service's id). */
export function downloadLog(containerId: string, name: string, timestamps: boolean, source?: 'service'): Promise<string | undefined> {
  const fileName = logFileName(name);
  return startDownload({
    kind: 'log-download',
    title: `Download the log of ${name}`,
    fileName,
    filters: LOGS,
    stream: 'logs.download',
    input: (target) => ({ containerId, source, timestamps, fileName, target }),
  });
}
