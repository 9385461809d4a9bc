/**
 * Moving files in and out of a container through the engine's archive endpoints: a file comes out as
 * itself, a folder as the tar archive the engine makes; a file goes in as a one-entry tar archive.
 * Both flow with backpressure: nothing is held whole in memory.
 */
import { once } from 'node:events';
import path from 'node:path/posix';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { UserError } from '../contract/errors';
import type { UploadEvent } from '../contract/container-details-types';
import type { Download } from '../services/download';
import { withArchivedFile } from './archived-file';
import type { UploadMessage } from '../rpc/upload';

/** How many links a download follows before giving up (a link to a link to a file...). */
const MAX_LINKS = 8;

interface PathStat {
  name: string;
  size: number;
  mode: number;
  linkTarget?: string;
}

/** The engine describes the path it archived in a header: base64 JSON; its mode is a Go FileMode. */
function pathStat(response: { headers?: Record<string, string | string[] | undefined> }): PathStat | undefined {
  const raw = response.headers?.['x-docker-container-path-stat'];
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as PathStat;
  } catch {
    return undefined;
  }
}

const GO_MODE_DIR = 2 ** 31;
const GO_MODE_SYMLINK = 2 ** 27;

async function openArchive(docker: Docker, id: string, target: string, signal: AbortSignal): Promise<{ stream: Readable; stat: PathStat | undefined }> {
  const stream = (await docker.getContainer(id).getArchive({ path: target, abortSignal: signal })) as unknown as Readable;
  return { stream, stat: pathStat(stream as unknown as { headers?: Record<string, string> }) };
}

/**
 * Downloads a file as itself or a folder as the engine's tar archive (engine/services/download.ts), after
 * following links to what they point to.
 */
export async function downloadPath(docker: Docker, id: string, requested: string, signal: AbortSignal, download: Download): Promise<void> {
  let target = path.normalize(requested);
  let opened = await openArchive(docker, id, target, signal);
  for (let hops = 0; opened.stat?.linkTarget && opened.stat.mode & GO_MODE_SYMLINK; hops++) {
    opened.stream.destroy();
    if (hops >= MAX_LINKS) throw new UserError(`${requested} is a chain of links too long to follow.`, 'invalid-input');
    target = path.resolve(path.dirname(target), opened.stat.linkTarget);
    opened = await openArchive(docker, id, target, signal);
  }
  const { stream, stat } = opened;
  const base = path.basename(target) || 'root';
  try {
    if (stat && stat.mode & GO_MODE_DIR) {
      await download.save({ name: `${base}.tar`, contentType: 'application/x-tar' }, (out) => pipeline(stream, out));
      return;
    }
    const found = await withArchivedFile(stream, signal, (header, file) =>
      download.save({ name: base, contentType: 'application/octet-stream', totalBytes: header.size, exactBytes: header.size }, (out) => pipeline(file, out)),
    );
    if (!found) throw new UserError(`${requested} is not a regular file or folder, so there is nothing to download.`, 'invalid-input');
  } finally {
    // The engine holds the container's lock until its archive is read or dropped: never leave one half-read.
    stream.destroy();
  }
}

/**
 * Writes one file into `folder`, taking its bytes from `writes` in order (the upload protocol of
 * engine/contract/transfer.ts). Each chunk is acknowledged once the engine's connection has taken it, so
 * the UI never runs more than its window ahead of the engine.
 */
export async function* uploadFile(
  docker: Docker,
  id: string,
  upload: { folder: string; name: string; size: number },
  writes: AsyncIterable<UploadMessage>,
  signal: AbortSignal,
): AsyncGenerator<UploadEvent> {
  const folder = path.normalize(upload.folder);
  const pack = tar.pack();
  let failure: unknown;
  const put = docker
    .getContainer(id)
    .putArchive(pack as unknown as NodeJS.ReadableStream, { path: folder, noOverwriteDirNonDir: true, abortSignal: signal })
    .catch((e: unknown) => {
      failure = e;
    });
  const entry = pack.entry({ name: upload.name, size: upload.size, mode: 0o644, mtime: new Date() });
  const check = () => {
    if (failure) throw failure;
  };
  let received = 0;
  try {
    // Ready: the UI sends nothing before this first acknowledgement.
    yield { type: 'uploaded', bytes: 0 };
    for await (const write of writes) {
      check();
      if (write.t === 'end') break;
      const bytes = Buffer.from(write.data, 'base64');
      received += bytes.length;
      if (received > upload.size) throw new UserError(`${upload.name} is larger than announced: the upload was stopped.`, 'invalid-input');
      if (!entry.write(bytes)) await Promise.race([once(entry, 'drain'), put]);
      check();
      yield { type: 'uploaded', bytes: received };
    }
    if (received !== upload.size) throw new UserError(`The upload of ${upload.name} ended early: nothing was written.`, 'cancelled');
    entry.end(undefined);
    pack.finalize();
    await put;
    check();
    yield { type: 'done', path: path.join(folder, upload.name) };
  } finally {
    if (received !== upload.size || failure) pack.destroy();
  }
}
