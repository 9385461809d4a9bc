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
import fs from 'node:fs';
import os from 'node:os';
import type Docker from 'dockerode';

/** On every helper, so it can be told apart, left out of clean-ups and swept up after a crash. */
export const HELPER_LABEL = 'io.berth.volume-helper';
const EMPTY_IMAGE = { repo: 'berth/volume-helper', tag: 'empty' };
/** Which Berth process made the helper: `host/pid/start`, so a later Berth can tell its maker is gone. */
const OWNER_LABEL = 'io.berth.volume-helper.owner';
/** On a restore's helper: the volume being written, and whether the restore created it. */
export const RESTORING_LABEL = 'io.berth.volume-helper.restoring';
export const NEW_VOLUME_LABEL = 'io.berth.volume-helper.new-volume';
/** A helper this old that this process does not know is a leftover of a crash (for makers on other machines). */
const LEFTOVER_AFTER_MS = 60 * 60 * 1000;

/** The process's start time in clock ticks since boot (Linux); with the pid it names one process for good. */
function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const self = `${os.hostname()}/${process.pid}/${processStart(process.pid) ?? ''}`;

/**
 * Whether the Berth that made a helper is gone (`gone`: it ran on this machine and its process has ended),
 * still running (`alive`), or cannot be told (`unknown`: another machine, or a helper from before owners).
 */
function maker(owner: string | undefined): 'gone' | 'alive' | 'unknown' {
  const [host, pidText, start] = (owner ?? '').split('/');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return 'unknown';
  if (owner === self) return 'alive';
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH' ? 'gone' : 'unknown';
  }
  // The pid may have been taken by another process than the one that made the helper.
  return start && processStart(pid) !== start ? 'gone' : 'alive';
}

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

/**
 * Helpers a crashed or killed Berth left behind, each with whether its maker is certainly gone. A helper
 * whose maker cannot be told counts once it is older than any copy; a live maker's helpers never count.
 */
async function leftovers(docker: Docker): Promise<{ helper: Docker.ContainerInfo; makerGone: boolean }[]> {
  const helpers = await docker.listContainers({ all: true, filters: { label: [HELPER_LABEL] } });
  const cutoff = (Date.now() - LEFTOVER_AFTER_MS) / 1000;
  return helpers
    .filter((h) => !active.has(h.Id))
    .map((helper) => ({ helper, state: maker(helper.Labels[OWNER_LABEL]) }))
    .filter(({ helper, state }) => state === 'gone' || (state === 'unknown' && helper.Created < cutoff))
    .map(({ helper, state }) => ({ helper, makerGone: state === 'gone' }));
}

/** Removes leftover helpers that wrote nothing; they would keep their volumes "in use" for good. */
async function sweepLeftovers(docker: Docker): Promise<void> {
  // A restore's helper is the only record that its volume is incomplete: sweepLeftoverHelpers deals with it.
  const idle = (await leftovers(docker)).filter(({ helper }) => !helper.Labels[RESTORING_LABEL]);
  await Promise.all(idle.map(({ helper }) => docker.getContainer(helper.Id).remove({ force: true, v: false }).catch(() => undefined)));
}

/**
 * Cleans up after a Berth that was killed while it worked on volumes (run when Berth connects to an
 * engine). A restore cut short leaves its helper, which names the volume it was filling: when its maker is
 * certainly gone, a volume the restore created is removed and an existing one (it was empty: restores only
 * go into empty volumes) is made empty again, so no half-restored volume passes for a complete one. A
 * volume another container has started using meanwhile is left as it is. When the maker cannot be told
 * (another machine), the volume is left and the log says it may be incomplete. Then the helpers go.
 */
export async function sweepLeftoverHelpers(docker: Docker, emptyAgain: (docker: Docker, volume: string) => Promise<string | undefined>): Promise<void> {
  for (const { helper, makerGone } of await leftovers(docker)) {
    const volume = helper.Labels[RESTORING_LABEL];
    await docker.getContainer(helper.Id).remove({ force: true, v: false }).catch(() => undefined);
    if (!volume) continue;
    const created = helper.Labels[NEW_VOLUME_LABEL] === 'true';
    let outcome: string;
    if (!makerGone) outcome = `it may hold only part of the backup: check it, or remove it and restore again.`;
    else if (created) outcome = (await docker.getVolume(volume).remove().then(() => undefined, (e: unknown) => `Berth could not remove it: ${(e as Error).message}`)) ?? 'the volume it had created is removed.';
    else outcome = (await emptyAgain(docker, volume)) ?? 'the volume is empty again.';
    console.warn(`[berth] a restore into the volume ${volume} was cut short (the Berth doing it stopped): ${outcome}`);
  }
}

/**
 * Runs `work` with a helper container that mounts `mounts`, and removes the helper afterwards whatever
 * happens. The volumes must exist: mounting a missing one would create it.
 */
export async function withVolumeHelper<T>(
  docker: Docker,
  purpose: string,
  mounts: HelperMount[],
  work: (helper: Docker.Container) => Promise<T>,
  labels: Record<string, string> = {},
): Promise<T> {
  await sweepLeftovers(docker).catch(() => undefined);
  const image = await helperImage(docker);
  const helper = await docker.createContainer({
    name: `berth-volume-helper-${crypto.randomBytes(4).toString('hex')}`,
    Image: image,
    // Never run; an image without a CMD still needs one to be created from.
    Cmd: ['/berth-volume-helper-never-runs'],
    Entrypoint: [],
    Labels: { ...labels, [HELPER_LABEL]: purpose, [OWNER_LABEL]: self },
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
