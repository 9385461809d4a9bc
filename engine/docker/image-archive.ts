/**
 * Images to and from tar archives (`docker save` / `docker load`): GET /images/get, which the one download
 * path saves (engine/services/download.ts), and POST /images/load from a file or an upload.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import { jsonLines } from './json-lines';

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
