/**
 * Images to and from tar archives (`docker save` / `docker load`): GET /images/get into a file on this
 * machine or out to the UI in chunks, and POST /images/load from a file or an upload. A save that fails
 * or is cancelled leaves no partial file behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { SaveEvent } from '../contract/images-types';
import { jsonLines } from './json-lines';

const CHUNK_BYTES = 512 * 1024;
const PROGRESS_EVERY_BYTES = 4 * 1024 * 1024;

function dialStream(docker: Docker, options: object): Promise<Readable> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(options as Parameters<Docker['modem']['dial']>[0], (err, data) => (err ? reject(err) : resolve(data as Readable)));
  });
}

/** The archive of these images as the engine writes it. */
export function exportImages(docker: Docker, images: string[], signal: AbortSignal): Promise<Readable> {
  return dialStream(docker, {
    path: '/images/get?',
    method: 'GET',
    options: { names: images },
    isStream: true,
    abortSignal: signal,
    statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
  });
}

/** The file name offered for an archive of these images: `nginx-1.27.tar`. */
export function archiveName(images: string[]): string {
  const first = images[0]!.replace(/^sha256:/, '').slice(0, 64);
  const base = first.replace(/[/:@]+/g, '-').replace(/[^\w.-]/g, '').slice(0, 80) || 'images';
  return `${base}${images.length > 1 ? `-and-${images.length - 1}-more` : ''}.tar`;
}

/** Writes the archive to `file` (through a .part file, renamed at the end), reporting the bytes written. */
export async function* saveToFile(source: Readable, file: string, estimatedTotal: number, signal: AbortSignal): AsyncGenerator<SaveEvent> {
  const parent = await fs.promises.stat(path.dirname(file)).catch(() => undefined);
  if (!parent?.isDirectory()) throw new UserError(`There is no folder ${path.dirname(file)} to save into.`, 'not-found');
  if ((await fs.promises.stat(file).catch(() => undefined))?.isDirectory()) throw new UserError(`${file} is a folder: choose a file name.`, 'invalid-input');
  const partial = `${file}.part`;
  const out = fs.createWriteStream(partial, { mode: 0o644 });
  let bytes = 0;
  let reported = 0;
  let saved = false;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (signal.aborted) break;
      bytes += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
      if (bytes - reported >= PROGRESS_EVERY_BYTES) {
        reported = bytes;
        yield { type: 'progress', bytes, estimatedTotal };
      }
    }
    if (signal.aborted) throw new UserError('The save was cancelled.', 'cancelled');
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    await fs.promises.rename(partial, file);
    saved = true;
  } finally {
    // Failed, or cancelled (the consumer stopped at a yield): no half-written archive stays behind.
    if (!saved) {
      out.destroy();
      (source as Readable).destroy();
      await fs.promises.rm(partial, { force: true });
    }
  }
  yield { type: 'done', bytes, fileName: path.basename(file), path: file };
}

/** Sends the archive to the UI in base64 chunks; the transport's backpressure paces the engine. */
export async function* saveToDownload(source: Readable, fileName: string, estimatedTotal: number): AsyncGenerator<SaveEvent> {
  let bytes = 0;
  let reported = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    bytes += chunk.length;
    if (pendingBytes >= CHUNK_BYTES) {
      yield { type: 'chunk', data: Buffer.concat(pending).toString('base64') };
      pending = [];
      pendingBytes = 0;
    }
    if (bytes - reported >= PROGRESS_EVERY_BYTES) {
      reported = bytes;
      yield { type: 'progress', bytes, estimatedTotal };
    }
  }
  if (pendingBytes) yield { type: 'chunk', data: Buffer.concat(pending).toString('base64') };
  yield { type: 'done', bytes, fileName };
}

/** Loads an archive; resolves with the names (or ids) of the images it held. */
export async function loadImages(docker: Docker, archive: Readable, signal: AbortSignal): Promise<string[]> {
  const response = await dialStream(docker, {
    path: '/images/load?',
    method: 'POST',
    options: { quiet: true },
    file: archive,
    isStream: true,
    abortSignal: signal,
    statusCodes: { 200: true, 500: 'server error' },
  });
  const loaded: string[] = [];
  for await (const line of jsonLines(response as AsyncIterable<Buffer>)) {
    const m = /^Loaded image(?: ID)?: (\S+)/.exec(line.stream?.trim() ?? '');
    if (m) loaded.push(m[1]!);
  }
  if (!loaded.length) throw new UserError('The archive held no images: choose a file made by “docker save” or by Berth’s Save.', 'invalid-input');
  return loaded;
}
