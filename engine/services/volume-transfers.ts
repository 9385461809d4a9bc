/**
 * The long work on volumes, as streams of progress: export to a .tar.gz and download a file or folder (by
 * the one download path, download.ts), import a .tar.gz, copy to a new volume. Each runs with a helper container (engine/docker/volume-helper.ts), is cancelled by
 * closing its stream, and leaves nothing half-done behind: no partial file, no half-filled new volume.
 */
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { volumeStreams } from '../contract/volumes';
import type { VolumeTransferEvent } from '../contract/volumes-types';
import { VOLUME_MOUNT, listFolder, statPath, writeFromVolume, writeVolumeArchive } from '../docker/volume-archive';
import { copyBetweenHelpers, describeArchiveFailure, restoreArchive } from '../docker/volume-restore';
import type { Progress } from '../docker/volume-archive';
import { NEW_VOLUME_LABEL, RESTORING_LABEL, withVolumeHelper } from '../docker/volume-helper';
import { createVolume, emptyAgain, inspectVolume, volumeExists, volumeSizes, volumeUsers } from '../docker/volumes';
import { Channel } from '../rpc/channel';
import { receiveUpload } from '../rpc/upload';
import type { StreamHandlersFor } from './engine-access';
import { streamDownload } from './download';
import type { DownloadAccess } from './download';

export type VolumeTransferAccess = DownloadAccess;

type Emit = (event: VolumeTransferEvent) => void;

/** Progress at most this often: a fast local copy would otherwise send thousands of events a second. */
const PROGRESS_EVERY_MS = 100;

/** Runs `work` and streams what it emits; the stream ends with work's error if it fails. */
function transfer(signal: AbortSignal, work: (emit: Emit) => Promise<void>, channel = new Channel<VolumeTransferEvent>(signal)): AsyncIterable<VolumeTransferEvent> {
  work((e) => channel.push(e)).then(
    () => channel.end(),
    (e: unknown) => channel.fail(e),
  );
  return channel;
}

function reporter(emit: Emit, total: () => number | undefined): (p: Progress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    emit({ type: 'progress', bytes: p.bytes, totalBytes: total(), entries: p.entries });
  };
}

/** "data-2024-05-01.tar.gz": the volume's name and today's date. */
function backupName(volume: string): string {
  return `${volume}-${new Date().toISOString().slice(0, 10)}.tar.gz`;
}

async function openSource(source: { kind: 'path'; path: string }): Promise<{ input: Readable; size: number }> {
  try {
    const stat = await fs.promises.stat(source.path);
    if (!stat.isFile()) throw new UserError(`${source.path} is not a file: choose a .tar.gz backup.`, 'invalid-input');
    return { input: fs.createReadStream(source.path), size: stat.size };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`There is no file at ${source.path}.`, 'not-found');
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`Berth may not read ${source.path}: choose a file you can read.`, 'permission-denied');
    throw e;
  }
}

export function volumeTransferHandlers(engine: VolumeTransferAccess): StreamHandlersFor<typeof volumeStreams> {
  return {
    'volumes.export': ({ name, target }, { signal }) =>
      streamDownload(engine.downloads, target, signal, (download) =>
        engine.engineCall(async (d) => {
          await inspectVolume(d, name);
          // The size is only for the progress bar: measuring must not hold up the copy.
          let total: number | undefined;
          void volumeSizes(d).then((s) => (total = s.sizes[name] ?? undefined), () => undefined);
          await withVolumeHelper(d, 'export', [{ volume: name, target: VOLUME_MOUNT, readOnly: true }], (helper) =>
            download.save({ name: backupName(name), contentType: 'application/gzip' }, (out, report) =>
              writeVolumeArchive(helper, out, { signal, onProgress: (p) => report({ bytes: p.bytes, entries: p.entries, totalBytes: total }) }),
            ),
          );
        }),
      ),

    'volumes.download': ({ name, path: inVolume, target }, { signal }) =>
      streamDownload(engine.downloads, target, signal, (download) =>
        engine.engineCall(async (d) => {
          await inspectVolume(d, name);
          await withVolumeHelper(d, 'download', [{ volume: name, target: VOLUME_MOUNT, readOnly: true }], async (helper) => {
            const stat = await statPath(helper, name, inVolume);
            if (stat.linkTarget) throw new UserError(`${stat.name} is a symbolic link (to ${stat.linkTarget}): download what it points to instead.`, 'invalid-input');
            const file = stat.isFolder
              ? { name: `${stat.name}.tar.gz`, contentType: 'application/gzip' }
              : { name: stat.name, contentType: 'application/octet-stream', totalBytes: stat.size, exactBytes: stat.size };
            await download.save(file, (out, report) =>
              writeFromVolume(helper, inVolume, stat.isFolder, out, { signal, onProgress: (p) => report({ bytes: p.bytes, entries: p.entries }) }),
            );
          });
        }),
      ),

    'volumes.import': ({ name, create, source }, ctx) => {
      const { signal } = ctx;
      const channel = new Channel<VolumeTransferEvent>(signal);
      // An upload's chunks may arrive as soon as the stream opens: take them now, read them later. Each
      // is acknowledged once the restore has taken it (the PassThrough holds the write back until then),
      // so the page never runs more than its window ahead of the engine.
      let upload: { input: Readable; size: number; received: Promise<void> } | undefined;
      if (source.kind === 'upload') {
        const incoming = new PassThrough();
        const received = receiveUpload(ctx, incoming, source.size, (bytes) => channel.push({ type: 'uploaded', bytes }));
        received.catch(() => undefined);
        upload = { input: incoming, size: source.size, received };
      }
      return transfer(signal, (emit) =>
        engine.engineCall(async (d) => {
          if (create && (await volumeExists(d, name))) {
            throw new UserError(`A volume named “${name}” already exists: choose another name, or restore into it if it is empty.`, 'conflict');
          }
          if (!create) await checkEmptyAndIdle(d, name);
          const { input, size } = upload ?? (await openSource(source as { kind: 'path'; path: string }));
          if (create) await createVolume(d, { name, driver: create.driver, labels: create.labels });
          emit({ type: 'started', totalBytes: size });
          // The page sends nothing before this first acknowledgement: a refused restore costs no upload.
          if (upload) emit({ type: 'uploaded', bytes: 0 });
          try {
            // The helper names the volume it fills: if Berth is killed mid-way, the next Berth to connect
            // finds it and undoes the half restore (sweepLeftoverHelpers).
            const marks = { [RESTORING_LABEL]: name, [NEW_VOLUME_LABEL]: String(Boolean(create)) };
            const result = await withVolumeHelper(
              d,
              'import',
              [{ volume: name, target: VOLUME_MOUNT, readOnly: false }],
              (helper) => restoreArchive(helper, input, { signal, onProgress: reporter(emit, () => size) }),
              marks,
            );
            await upload?.received;
            emit({ type: 'done', bytes: result.bytes, entries: result.entries, volume: name });
          } catch (e) {
            input.destroy();
            // Leave no half-restored volume: a new one goes, an existing one is made empty again if it can be.
            const left = create ? await d.getVolume(name).remove().then(() => undefined, () => `The new volume ${name} holds part of the backup: remove it.`) : await emptyAgain(d, name);
            const failure = describeArchiveFailure(e);
            if (left && failure instanceof UserError) throw new UserError(`${failure.message} ${left}`, failure.code);
            throw failure;
          }
        }),
      channel,
      );
    },

    'volumes.copy': ({ source, name }, { signal }) =>
      transfer(signal, (emit) =>
        engine.engineCall(async (d) => {
          await inspectVolume(d, source);
          if (await volumeExists(d, name)) throw new UserError(`A volume named “${name}” already exists: choose another name for the copy.`, 'conflict');
          let total: number | undefined;
          void volumeSizes(d).then((s) => (total = s.sizes[source] ?? undefined), () => undefined);
          await createVolume(d, { name, labels: { 'io.berth.copied-from': source } });
          emit({ type: 'started', totalBytes: total });
          try {
            const result = await withVolumeHelper(d, 'copy', [{ volume: source, target: VOLUME_MOUNT, readOnly: true }], (from) =>
              withVolumeHelper(d, 'copy', [{ volume: name, target: VOLUME_MOUNT, readOnly: false }], (to) =>
                copyBetweenHelpers(from, to, { signal, onProgress: reporter(emit, () => total) }),
              ),
            );
            emit({ type: 'done', bytes: result.bytes, entries: result.entries, volume: name });
          } catch (e) {
            await d.getVolume(name).remove().catch(() => undefined);
            throw e;
          }
        }),
      ),
  };

  /** Restoring into an existing volume: only an empty one, and none a running container is writing to. */
  async function checkEmptyAndIdle(d: Docker, name: string): Promise<void> {
    await inspectVolume(d, name);
    const running = ((await volumeUsers(d))[name] ?? []).filter((u) => u.state === 'running' || u.state === 'paused' || u.state === 'restarting');
    if (running.length) {
      throw new UserError(`${name} is in use by ${running.map((u) => u.name).join(', ')}: stop ${running.length === 1 ? 'it' : 'them'} before restoring into the volume.`, 'conflict');
    }
    const root = await withVolumeHelper(d, 'check', [{ volume: name, target: VOLUME_MOUNT, readOnly: true }], (helper) => listFolder(helper, name, ''));
    if (root.entries.length) {
      const shown = root.entries.slice(0, 3).map((e) => e.name).join(', ');
      throw new UserError(`${name} is not empty (it holds ${shown}${root.entries.length > 3 ? ', …' : ''}): restore into a new volume instead, so nothing in it is overwritten.`, 'conflict');
    }
  }
}
