/**
 * The engine's archive endpoint (`GET /containers/{id}/archive`) answers with a tar archive even for one
 * file. A download of that file passes on the one entry's bytes, as they come.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { Header } from 'tar-stream';

/**
 * Hands the archive's first regular file to `use`, which must read it through; false when the archive held
 * none (the path was a device, a socket…). Anything after it is read past.
 */
export async function withArchivedFile(archive: Readable, signal: AbortSignal, use: (header: Header, file: Readable) => Promise<void>): Promise<boolean> {
  const extract = tar.extract();
  let delivered: Promise<void> | undefined;
  extract.on('entry', (header, stream, next) => {
    if ((header.type === 'file' || header.type === 'contiguous-file') && !delivered) {
      delivered = use(header, stream as unknown as Readable);
      delivered.then(() => next(), (e: unknown) => next(e as Error));
      return;
    }
    stream.on('error', () => undefined);
    stream.on('end', () => next());
    stream.resume();
  });
  await pipeline(archive, extract, { signal });
  if (!delivered) return false;
  await delivered;
  return true;
}
