/**
 * Writing into a volume through a helper container: restoring a .tar.gz, and copying another volume's
 * files. Each entry is rebased under the helper's mount point and the archive is extracted at `/`: that
 * way the `./` entry restores the root's own owner and mode too (extracting at the mount point itself
 * skips it, and a database volume owned by uid 999 with mode 700 would come back as root's 755).
 */
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { UserError } from '../contract/errors';
import { VOLUME_MOUNT, counter, entryPath, readArchive } from './volume-archive';
import type { Progress, TransferOptions } from './volume-archive';

/** What went wrong with an archive the user gave, in words; other failures pass through. */
export function describeArchiveFailure(e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = e instanceof Error ? e.message : '';
  if (code === 'Z_DATA_ERROR' || /incorrect header check/.test(message)) {
    return new UserError('This file is not a .tar.gz backup: it is not gzip-compressed.', 'invalid-input');
  }
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) {
    return new UserError('This backup ends early: the file is incomplete (was it copied or downloaded in full?).', 'invalid-input');
  }
  if (/Invalid tar header|Unexpected end of data|unexpected end/i.test(message)) {
    return new UserError('This file is gzip-compressed but does not hold a tar archive, or the archive is damaged.', 'invalid-input');
  }
  return e;
}

/**
 * PUT /archive at `/`. It is cancelled through its body: when the copy is cancelled the tarball is
 * destroyed and the engine client drops the request. (Given the abort signal as well, the client would
 * also tear down a response that has already ended, and that error would reach no one.)
 */
function send(helper: Docker.Container, tarball: Readable): Promise<unknown> {
  return helper.putArchive(tarball, { path: '/' });
}

/**
 * Runs the side that reads an archive and the side that sends it to the engine together. When both fail
 * (one usually takes the other down), the reading side's error is the one that explains.
 */
async function both(reading: Promise<unknown>, sending: Promise<unknown>): Promise<void> {
  const [read, sent] = await Promise.allSettled([reading, sending]);
  if (read.status === 'rejected') throw describeArchiveFailure(read.reason);
  if (sent.status === 'rejected') throw sent.reason;
}

/**
 * Re-writes an archive so every entry lands under `prefix` (hard links too), keeping owners, modes, times
 * and extended attributes. The result is a plain tar for PUT /archive at `/`.
 */
function rebase(source: Readable, prefix: string, progress: Progress, report: () => void): { tarball: Readable; done: Promise<void> } {
  const extract = tar.extract();
  const pack = tar.pack();
  const under = (name: string) => {
    const inner = entryPath(name);
    return inner ? `${prefix}/${inner}` : `${prefix}/`;
  };
  extract.on('entry', (header, stream, next) => {
    try {
      // The names move, so the old pax path records must not travel with them.
      const { path: _path, linkpath: _linkpath, size: _size, ...pax } = (header.pax ?? {}) as Record<string, string>;
      // ustar has room for six octal digits of uid/gid; pax carries larger ones (rootless engines).
      if (header.uid > 0o777777) pax.uid = String(header.uid);
      if (header.gid > 0o777777) pax.gid = String(header.gid);
      const rebased = {
        ...header,
        name: under(header.name),
        linkname: header.type === 'link' ? under(header.linkname ?? '').replace(/\/$/, '') : header.linkname,
        pax: Object.keys(pax).length ? pax : undefined,
      };
      progress.entries = (progress.entries ?? 0) + 1;
      report();
      // pipe's callback, not the entry's: it also hears a failure of either side, which would otherwise be
      // an error event nobody listens to when the copy is cancelled.
      stream.pipe(pack.entry(rebased), (e) => next(e ?? undefined));
    } catch (e) {
      stream.on('error', () => undefined);
      stream.resume();
      next(e as Error);
    }
  });
  const done = pipeline(source, extract).then(
    () => pack.finalize(),
    (e: unknown) => {
      pack.destroy(e as Error);
      throw e;
    },
  );
  return { tarball: pack as unknown as Readable, done };
}

/**
 * Restores a gzipped tar (as from writeVolumeArchive, or `tar -czf x.tgz -C dir .`) into the volume mounted
 * read-write at VOLUME_MOUNT. Progress counts the compressed bytes read, to compare with the file's size.
 */
export async function restoreArchive(helper: Docker.Container, input: Readable, options: TransferOptions): Promise<Progress> {
  const progress: Progress = { bytes: 0, entries: 0 };
  const report = () => options.onProgress?.({ ...progress });
  const plain = new PassThrough();
  const gunzip = pipeline(input, counter(progress, report), zlib.createGunzip(), plain, { signal: options.signal }).catch((e: unknown) => {
    plain.destroy(e as Error);
    throw e;
  });
  const { tarball, done } = rebase(plain, VOLUME_MOUNT.slice(1), progress, report);
  await both(Promise.all([gunzip, done]), send(helper, tarball));
  return progress;
}

/**
 * Copies every file of the volume `source` helper holds into the one `target` holds. Two helpers, because
 * the engine locks a container for as long as an archive is being read from it: a write into the same
 * container would wait for a read that waits for the write.
 */
export async function copyBetweenHelpers(source: Docker.Container, target: Docker.Container, options: TransferOptions): Promise<Progress> {
  const progress: Progress = { bytes: 0, entries: 0 };
  const report = () => options.onProgress?.({ ...progress });
  const archive = await readArchive(source, `${VOLUME_MOUNT}/.`, options.signal);
  const counted = new PassThrough();
  const reading = pipeline(archive, counter(progress, report), counted, { signal: options.signal });
  const { tarball, done } = rebase(counted, VOLUME_MOUNT.slice(1), progress, report);
  await both(Promise.all([reading, done]), send(target, tarball));
  return progress;
}
