/** Volumes on one engine: listing them with who uses them, creating, inspecting and removing them. */
import type Docker from 'dockerode';
import type { ContainerInfo, VolumeInspectInfo } from 'dockerode';
import { UserError } from '../contract/errors';
import type { ContainerState } from '../contract/types';
import type { VolumeDetails, VolumeRemoval, VolumeSizes, VolumeSummary, VolumeUser, VolumeUsers } from '../contract/volumes-types';
import { systemDf } from './disk-usage';
import { HELPER_LABEL } from './volume-helper';

const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';
const COMPOSE_PROJECT = 'com.docker.compose.project';

type EngineVolume = VolumeInspectInfo & { CreatedAt?: string; Options?: Record<string, string> | null; Labels?: Record<string, string> | null };

export function toVolumeSummary(v: EngineVolume): VolumeSummary {
  const labels = v.Labels ?? {};
  const created = v.CreatedAt ? Date.parse(v.CreatedAt) : NaN;
  return {
    name: v.Name,
    driver: v.Driver,
    mountpoint: v.Mountpoint,
    scope: v.Scope === 'global' ? 'global' : 'local',
    created: Number.isNaN(created) ? undefined : Math.floor(created / 1000),
    labels,
    options: v.Options ?? {},
    // Engines before 23.0 do not label anonymous volumes; their names are 64 hex digits.
    anonymous: ANONYMOUS_LABEL in labels || /^[0-9a-f]{64}$/.test(v.Name),
    composeProject: labels[COMPOSE_PROJECT],
  };
}

export async function listVolumes(docker: Docker): Promise<VolumeSummary[]> {
  const { Volumes } = await docker.listVolumes();
  return (Volumes ?? []).map((v) => toVolumeSummary(v as EngineVolume)).sort((a, b) => a.name.localeCompare(b.name));
}

export function containerName(c: Pick<ContainerInfo, 'Names' | 'Id'>): string {
  return (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
}

/** Who mounts each volume, from every container (running or not). */
export function usersOf(containers: ContainerInfo[]): VolumeUsers {
  const users: VolumeUsers = {};
  for (const c of containers) {
    // Berth's own short-lived helpers are work in progress, not users the person needs to know about.
    if (HELPER_LABEL in (c.Labels ?? {})) continue;
    for (const m of c.Mounts ?? []) {
      if (m.Type !== 'volume' || !m.Name) continue;
      const user: VolumeUser = { id: c.Id, name: containerName(c), state: c.State as ContainerState, mountPath: m.Destination, readOnly: !m.RW };
      (users[m.Name] ??= []).push(user);
    }
  }
  return users;
}

export async function volumeUsers(docker: Docker): Promise<VolumeUsers> {
  return usersOf(await docker.listContainers({ all: true }));
}

export async function volumeSizes(docker: Docker): Promise<VolumeSizes> {
  const df = await systemDf(docker, ['volume']);
  const sizes: Record<string, number | null> = {};
  // -1: the driver cannot measure it (anything but `local`).
  for (const v of df.Volumes ?? []) sizes[v.Name] = (v.UsageData?.Size ?? -1) >= 0 ? v.UsageData!.Size : null;
  return { sizes, measuredAt: Math.floor(Date.now() / 1000) };
}

/** The volume's engine record; a sentence when it does not exist. */
export async function inspectVolume(docker: Docker, name: string): Promise<EngineVolume> {
  try {
    return (await docker.getVolume(name).inspect()) as EngineVolume;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) throw new UserError(`There is no volume “${name}” (any more): it may have been removed.`, 'not-found');
    throw e;
  }
}

export async function volumeDetails(docker: Docker, name: string): Promise<VolumeDetails> {
  const v = await inspectVolume(docker, name);
  return { volume: toVolumeSummary(v), raw: JSON.stringify(v, null, 2) };
}

export async function volumeExists(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getVolume(name).inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}

export interface NewVolume {
  name: string;
  driver?: string;
  driverOptions?: Record<string, string>;
  labels?: Record<string, string>;
}

/** Creates a volume; refuses a name in use (the engine would silently hand back the existing volume). */
export async function createVolume(docker: Docker, v: NewVolume): Promise<VolumeSummary> {
  if (await volumeExists(docker, v.name)) {
    throw new UserError(`A volume named “${v.name}” already exists: choose another name.`, 'conflict');
  }
  await docker.createVolume({ Name: v.name, Driver: v.driver ?? 'local', DriverOpts: v.driverOptions ?? {}, Labels: v.labels ?? {} });
  return toVolumeSummary(await inspectVolume(docker, v.name));
}

/** "remove data: volume is in use - [id1, id2]" → the names of those containers. */
async function inUseMessage(docker: Docker, name: string, engineMessage: string): Promise<string | undefined> {
  const ids = /in use - \[([^\]]*)\]/.exec(engineMessage)?.[1]?.split(/[\s,]+/).filter(Boolean);
  if (!ids?.length) return undefined;
  const containers = await docker.listContainers({ all: true }).catch(() => [] as ContainerInfo[]);
  const users = containers.filter((c) => ids.some((id) => c.Id.startsWith(id)));
  if (users.length && users.every((c) => HELPER_LABEL in (c.Labels ?? {}))) {
    return `Berth is reading or writing ${name} right now (a backup, restore, copy or browse): try again when that has finished.`;
  }
  const names = ids.map((id) => {
    const c = containers.find((x) => x.Id.startsWith(id));
    if (!c) return id.slice(0, 12);
    return c.State === 'running' ? containerName(c) : `${containerName(c)} (${c.State})`;
  });
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${name} is used by ${names.length === 1 ? 'container' : 'containers'} ${list}: remove ${names.length === 1 ? 'that container' : 'those containers'} first (stopping is not enough).`;
}

export async function removeVolumes(docker: Docker, names: string[], describe: (e: unknown) => string): Promise<VolumeRemoval> {
  const result: VolumeRemoval = { removed: [], failed: [] };
  await Promise.all(
    names.map(async (name) => {
      try {
        await docker.getVolume(name).remove();
        result.removed.push(name);
      } catch (e) {
        const err = e as { statusCode?: number; json?: { message?: string } };
        const inUse = err.statusCode === 409 ? await inUseMessage(docker, name, err.json?.message ?? '') : undefined;
        result.failed.push({ name, message: inUse ?? describe(e) });
      }
    }),
  );
  return result;
}

/**
 * After a restore into an existing empty volume failed halfway: makes it empty again by creating it anew
 * with the same driver, options and labels. Returns a sentence when that could not be done.
 */
export async function emptyAgain(docker: Docker, name: string): Promise<string | undefined> {
  try {
    const v = await inspectVolume(docker, name);
    const users = (await volumeUsers(docker))[name] ?? [];
    if (users.length) {
      return `${name} now holds part of the backup, and Berth did not empty it because ${users.map((u) => u.name).join(', ')} use${users.length === 1 ? 's' : ''} it: remove it and restore again.`;
    }
    await docker.getVolume(name).remove();
    await docker.createVolume({ Name: name, Driver: v.Driver, DriverOpts: v.Options ?? {}, Labels: v.Labels ?? {} });
    return undefined;
  } catch {
    return `${name} may hold part of the backup: remove it and restore again.`;
  }
}
