/**
 * Where the engine's disk went: `GET /system/df` summed into images, containers, volumes and build cache,
 * plus the free space of the filesystem that holds the engine's data root when that filesystem is on this
 * machine.
 *
 * The engine walks every layer and volume to answer /system/df, so it is slow on a big engine and must not
 * pile up: callers that arrive while one is running share the next one (not the running one, which may
 * predate the change they were told about).
 */
import fs from 'node:fs';
import os from 'node:os';
import type Docker from 'dockerode';
import type { DiskUsage, UsageCategory } from '../contract/disk-types';
import { compareApiVersions } from './client';
import { unixSocketPath } from './endpoint';

export interface DfImage {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created: number;
  Size: number;
  SharedSize: number;
  Containers: number;
  Labels?: Record<string, string> | null;
}
export interface DfContainer {
  Id: string;
  Names?: string[];
  Image: string;
  ImageID: string;
  State: string;
  SizeRw?: number;
  Labels?: Record<string, string> | null;
  Created: number;
}
export interface DfVolume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
  Scope: string;
  UsageData?: { Size: number; RefCount: number } | null;
}
export interface DfBuildCache {
  ID: string;
  Type?: string;
  Description?: string;
  InUse: boolean;
  Shared: boolean;
  Size: number;
  CreatedAt?: string;
  LastUsedAt?: string | null;
}
export interface SystemDf {
  LayersSize?: number;
  Images?: DfImage[] | null;
  Containers?: DfContainer[] | null;
  Volumes?: DfVolume[] | null;
  BuildCache?: DfBuildCache[] | null;
}

export type DfType = 'image' | 'container' | 'volume' | 'build-cache';

export function apiVersionOf(docker: Docker): string {
  return String((docker.modem as { version?: string }).version ?? 'v1.41').replace(/^v/, '');
}

interface Flight {
  running?: Promise<SystemDf>;
  next?: Promise<SystemDf>;
}
const flights = new WeakMap<Docker, Map<string, Flight>>();

function requestDf(docker: Docker, types: DfType[] | undefined): Promise<SystemDf> {
  // `type` (measure only some kinds) came with API 1.42; older engines measure everything.
  const typed = types && compareApiVersions(apiVersionOf(docker), '1.42') >= 0;
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      { path: '/system/df?', method: 'GET', options: typed ? { type: types } : {}, statusCodes: { 200: true, 500: 'server error' } },
      (err, data) => (err ? reject(err) : resolve(data as SystemDf)),
    );
  });
}

/** /system/df, one at a time per engine and kind of request. */
export function systemDf(docker: Docker, types?: DfType[]): Promise<SystemDf> {
  const key = types?.join(',') ?? 'all';
  let byKey = flights.get(docker);
  if (!byKey) flights.set(docker, (byKey = new Map()));
  let flight = byKey.get(key);
  if (!flight) byKey.set(key, (flight = {}));
  const f = flight;
  if (!f.running) {
    f.running = requestDf(docker, types).finally(() => (f.running = undefined));
    return f.running;
  }
  f.next ??= f.running
    .catch(() => undefined)
    .then(() => {
      f.next = undefined;
      f.running = requestDf(docker, types).finally(() => (f.running = undefined));
      return f.running;
    });
  return f.next;
}

/** The categories as `docker system df` shows them, with the same idea of "reclaimable". */
export function summarise(df: SystemDf): UsageCategory[] {
  const images = df.Images ?? [];
  const containers = df.Containers ?? [];
  const volumes = df.Volumes ?? [];
  const cache = df.BuildCache ?? [];
  // Layers of images some container uses stay; the rest of the layer store could go. Which layers those
  // images share is not in the answer, so what stays is at least the largest of them, and at least the
  // sum of what each has alone (the docker CLI counts only the latter, and calls an image whose layers
  // are all shared with a dangling copy fully reclaimable).
  const imagesInUse = images.filter((i) => i.Containers > 0);
  const unique = imagesInUse.reduce((n, i) => n + Math.max(0, i.Size - Math.max(0, i.SharedSize)), 0);
  const usedByContainers = Math.max(unique, ...imagesInUse.map((i) => i.Size), 0);
  const layers = df.LayersSize ?? images.reduce((n, i) => n + i.Size, 0);
  const running = containers.filter((c) => c.State === 'running' || c.State === 'paused' || c.State === 'restarting');
  const sizeOf = (c: DfContainer) => Math.max(0, c.SizeRw ?? 0);
  const volumeSize = (v: DfVolume) => Math.max(0, v.UsageData?.Size ?? 0);
  return [
    { kind: 'images', count: images.length, active: imagesInUse.length, totalBytes: layers, reclaimableBytes: Math.max(0, layers - usedByContainers) },
    {
      kind: 'containers',
      count: containers.length,
      active: running.length,
      totalBytes: containers.reduce((n, c) => n + sizeOf(c), 0),
      reclaimableBytes: containers.filter((c) => !running.includes(c)).reduce((n, c) => n + sizeOf(c), 0),
    },
    {
      kind: 'volumes',
      count: volumes.length,
      active: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length,
      totalBytes: volumes.reduce((n, v) => n + volumeSize(v), 0),
      reclaimableBytes: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((n, v) => n + volumeSize(v), 0),
    },
    {
      kind: 'build-cache',
      count: cache.length,
      active: cache.filter((c) => c.InUse).length,
      totalBytes: cache.reduce((n, c) => n + c.Size, 0),
      reclaimableBytes: cache.filter((c) => !c.InUse).reduce((n, c) => n + c.Size, 0),
    },
  ];
}

interface EngineInfo {
  DockerRootDir?: string;
  Driver?: string;
  Name?: string;
  KernelVersion?: string;
}

/**
 * The free space of the data root's filesystem, when it can be measured from here: the engine listens on
 * a unix socket of this machine and reports this machine's host name and kernel (a VM's engine forwarded
 * to a local socket reports its own, and its /var/lib/docker is not ours to measure).
 */
export function measureDataRoot(host: string, info: EngineInfo): Pick<DiskUsage, 'space' | 'spaceUnknown'> {
  const root = info.DockerRootDir ?? '';
  if (!unixSocketPath(host)) {
    return { spaceUnknown: `The engine runs on another machine (${host}): its free space cannot be measured from here.` };
  }
  if (info.Name !== os.hostname() || info.KernelVersion !== os.release()) {
    return { spaceUnknown: 'The engine runs in a virtual machine or another system behind a local socket: its free space cannot be measured from here.' };
  }
  try {
    const s = fs.statfsSync(root);
    return { space: { totalBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize } };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      spaceUnknown:
        code === 'EACCES' || code === 'EPERM'
          ? `Berth may not look at ${root} (it belongs to another user), so its free space is not shown.`
          : `${root} is not visible from Berth, so its free space is not shown.`,
    };
  }
}

/** What the host knows of Berth's own VM's disk, when that is the engine in use. */
export interface VmDiskFacts {
  /** Its largest size (under WSL 2 that is WSL's to set, so not known). */
  maxGiB?: number;
  /** What the disk file takes on this machine now (it is sparse and trimmed). */
  onHostBytes?: number;
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

export async function diskUsage(docker: Docker, host: string, vmDisk?: VmDiskFacts): Promise<DiskUsage> {
  const [df, info] = await Promise.all([systemDf(docker), docker.info() as Promise<EngineInfo>]);
  return {
    categories: summarise(df),
    dataRoot: info.DockerRootDir ?? '',
    storageDriver: info.Driver ?? '',
    ...(vmDisk
      ? {
          spaceUnknown:
            vmDisk.maxGiB !== undefined
              ? `The engine runs in Berth’s VM, on a disk of at most ${vmDisk.maxGiB} GiB${vmDisk.onHostBytes !== undefined ? ` that takes ${gib(vmDisk.onHostBytes)} on this machine` : ''}; the VM’s settings can make it larger.`
              : `The engine runs in Berth’s VM under WSL 2${vmDisk.onHostBytes !== undefined ? `, whose disk takes ${gib(vmDisk.onHostBytes)} on this machine` : ''}; WSL sets how large that disk may grow.`,
        }
      : measureDataRoot(host, info)),
    measuredAt: Math.floor(Date.now() / 1000),
  };
}
