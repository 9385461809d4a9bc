/**
 * A short-lived container that mounts volumes so Berth can read and write their files through the Engine
 * API's archive endpoints (GET/PUT /containers/{id}/archive).
 *
 * Why a container that is created but never started: the archive endpoints work on it (the engine mounts
 * its volumes for the copy), so nothing runs inside it and the image needs no shell, no tar, no anything.
 * That makes any image already on the engine good enough, which matters on a user's machine where Berth
 * cannot count on busybox or alpine being there (and cannot always pull them). Only when the engine has no
 * image at all does Berth import an empty one (0 bytes, labelled so the user can tell what it is).
 *
 * Volumes are mounted with `nocopy` (an empty volume is never filled from the image) and read-only
 * whenever Berth only reads, so browsing, downloading and exporting cannot change a volume.
 */
import crypto from 'node:crypto';
import type Docker from 'dockerode';

/** On every helper, so it can be told apart, left out of clean-ups and swept up after a crash. */
export const HELPER_LABEL = 'io.berth.volume-helper';
const EMPTY_IMAGE = { repo: 'berth/volume-helper', tag: 'empty' };
/** A helper this old that this process does not know is a leftover of a crash. */
const LEFTOVER_AFTER_MS = 60 * 60 * 1000;

export interface HelperMount {
  volume: string;
  /** Inside the helper, e.g. /berth-volume. */
  target: string;
  readOnly: boolean;
}

/** Helpers of this process that are in use right now. */
const active = new Set<string>();

/** The smallest image on the engine (every image works: the helper never runs). */
async function helperImage(docker: Docker): Promise<string> {
  const images = await docker.listImages();
  const smallest = images.sort((a, b) => a.Size - b.Size)[0];
  if (smallest) return smallest.Id;
  // An engine without images: import an empty file system as an image. Tiny, local, no registry needed.
  const empty = Buffer.alloc(1024);
  await new Promise<void>((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/images/create?',
        method: 'POST',
        options: { fromSrc: '-', repo: EMPTY_IMAGE.repo, tag: EMPTY_IMAGE.tag, changes: [`LABEL ${HELPER_LABEL}=image`] },
        file: empty,
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      },
      (err, result) => {
        if (err) return reject(err);
        const stream = result as NodeJS.ReadableStream;
        stream.on('error', reject);
        stream.on('end', () => resolve());
        stream.resume();
      },
    );
  });
  return `${EMPTY_IMAGE.repo}:${EMPTY_IMAGE.tag}`;
}

/** Removes helpers a crashed Berth left behind; they would keep their volumes "in use" for good. */
async function sweepLeftovers(docker: Docker): Promise<void> {
  const helpers = await docker.listContainers({ all: true, filters: { label: [HELPER_LABEL] } });
  const cutoff = (Date.now() - LEFTOVER_AFTER_MS) / 1000;
  await Promise.all(
    helpers
      .filter((h) => !active.has(h.Id) && h.Created < cutoff)
      .map((h) => docker.getContainer(h.Id).remove({ force: true, v: false }).catch(() => undefined)),
  );
}

/**
 * Runs `work` with a helper container that mounts `mounts`, and removes the helper afterwards whatever
 * happens. The volumes must exist: mounting a missing one would create it.
 */
export async function withVolumeHelper<T>(docker: Docker, purpose: string, mounts: HelperMount[], work: (helper: Docker.Container) => Promise<T>): Promise<T> {
  await sweepLeftovers(docker).catch(() => undefined);
  const image = await helperImage(docker);
  const helper = await docker.createContainer({
    name: `berth-volume-helper-${crypto.randomBytes(4).toString('hex')}`,
    Image: image,
    // Never run; an image without a CMD still needs one to be created from.
    Cmd: ['/berth-volume-helper-never-runs'],
    Entrypoint: [],
    Labels: { [HELPER_LABEL]: purpose },
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      // The engine takes VolumeOptions with NoCopy alone; the typings ask for every field.
      Mounts: mounts.map((m) => ({ Type: 'volume', Source: m.volume, Target: m.target, ReadOnly: m.readOnly, VolumeOptions: { NoCopy: true } }) as Docker.MountSettings),
    },
  });
  active.add(helper.id);
  try {
    return await work(helper);
  } finally {
    active.delete(helper.id);
    // v: false — the volumes are the user's data, never the helper's to take along.
    await helper.remove({ force: true, v: false }).catch(() => undefined);
  }
}
