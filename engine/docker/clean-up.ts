/**
 * Clean-up with the engine's own prune endpoints, previewed first. The preview is computed with the rules
 * and filters the prunes then use (the same `until`, the same labels), for what the engine will look like
 * at that moment: kinds run in order (containers first), so a clean-up of everything counts what the
 * removed containers were holding on to. What actually went is reported from the prunes' answers.
 */
import type Docker from 'dockerode';
import type { ContainerInfo, ImageInfo } from 'dockerode';
import type { CleanUpItem, CleanUpKind, CleanUpPreview, CleanUpResult, ImageCleanUp } from '../contract/disk-types';
import { compareApiVersions } from './client';
import { apiVersionOf, systemDf } from './disk-usage';
import type { DfBuildCache, DfVolume } from './disk-usage';
import { familiarName, planImagePrune } from './image-prune-plan';
import { HELPER_LABEL } from './volume-helper';
import { containerName } from './volumes';

/** The order `docker system prune` uses, so each kind frees what the one before held. */
const ORDER: CleanUpKind[] = ['containers', 'networks', 'volumes', 'images', 'build-cache'];
const UP = new Set(['running', 'paused', 'restarting', 'removing']);
const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none']);

interface NetworkFacts {
  Id: string;
  Name: string;
  Created?: string;
  Scope?: string;
  ConfigOnly?: boolean;
  Containers?: Record<string, unknown> | null;
}

/**
 * The engine's clock to the nanosecond, as "seconds.nanoseconds": prunes take it as `until` and leave
 * anything newer alone; the preview counts what is not newer.
 */
async function engineNow(docker: Docker): Promise<{ until: string; seconds: number }> {
  const info = (await docker.info()) as { SystemTime?: string };
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(info.SystemTime ?? '');
  const whole = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (!m || Number.isNaN(whole)) {
    const now = Date.now() / 1000;
    return { until: now.toFixed(9), seconds: now };
  }
  const nanos = (m[2] ?? '').padEnd(9, '0').slice(0, 9);
  return { until: `${whole / 1000}.${nanos}`, seconds: whole / 1000 + Number(nanos) / 1e9 };
}

function pruneFilters(kind: CleanUpKind, until: string, images: ImageCleanUp, apiVersion: string): Record<string, string[]> {
  switch (kind) {
    case 'containers':
      // Berth's own volume helpers are short-lived work in progress, never clutter.
      return { until: [until], 'label!': [HELPER_LABEL] };
    case 'networks':
      return { until: [until] };
    case 'images':
      return { until: [until], dangling: [images === 'dangling' ? 'true' : 'false'] };
    case 'volumes':
      // From API 1.42 the engine prunes only anonymous volumes unless told `all`; before, it pruned all.
      return compareApiVersions(apiVersion, '1.42') >= 0 ? { all: ['true'] } : {};
    case 'build-cache':
      return {};
  }
}

const sorted = (kinds: CleanUpKind[]) => ORDER.filter((k) => kinds.includes(k));

export async function previewCleanUp(docker: Docker, kinds: CleanUpKind[], imagesMode: ImageCleanUp): Promise<CleanUpPreview> {
  const { until: untilText, seconds: until } = await engineNow(docker);
  const wants = new Set(kinds);
  const [containers, df, allImages, networks] = await Promise.all([
    docker.listContainers({ all: true }),
    systemDf(docker),
    wants.has('images') ? (docker.listImages({ all: true }) as Promise<ImageInfo[]>) : Promise.resolve([] as ImageInfo[]),
    wants.has('networks') ? inspectNetworks(docker) : Promise.resolve([] as NetworkFacts[]),
  ]);
  const items: CleanUpItem[] = [];
  const notes: string[] = [];
  const sizes = new Map((df.Containers ?? []).map((c) => [c.Id, c.SizeRw ?? 0]));

  const goingContainers = wants.has('containers') ? containers.filter((c) => !UP.has(c.State) && !(HELPER_LABEL in (c.Labels ?? {})) && c.Created <= until) : [];
  for (const c of goingContainers) items.push({ kind: 'containers', id: c.Id, name: containerName(c), detail: c.Image, bytes: sizes.get(c.Id) ?? 0 });
  const staying = containers.filter((c) => !goingContainers.includes(c));

  if (wants.has('networks')) {
    for (const n of networks) {
      const created = n.Created ? Date.parse(n.Created) / 1000 : 0;
      const ours = !BUILT_IN_NETWORKS.has(n.Name) && !n.ConfigOnly && n.Scope !== 'swarm' && created <= until;
      if (!ours || Object.keys(n.Containers ?? {}).length > 0) continue;
      items.push({ kind: 'networks', id: n.Id, name: n.Name });
      // A container that never ran has no network id yet, only the network's name.
      const stopped = staying.filter((c) => Object.entries(c.NetworkSettings?.Networks ?? {}).some(([name, e]) => e.NetworkID === n.Id || name === n.Name));
      if (stopped.length) notes.push(`${stopped.map(containerName).join(', ')} ${stopped.length === 1 ? 'is' : 'are'} stopped and attached to network ${n.Name}: after it is removed, ${stopped.length === 1 ? 'it' : 'they'} will not start until connected to another network.`);
    }
  }

  if (wants.has('volumes')) {
    const mounted = new Set(staying.flatMap((c) => (c.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name!)));
    // The engine prunes volumes of its own `local` driver only.
    const going = (df.Volumes ?? []).filter((v: DfVolume) => v.Driver === 'local' && !mounted.has(v.Name));
    for (const v of going) items.push({ kind: 'volumes', id: v.Name, name: v.Name, detail: v.Mountpoint, bytes: Math.max(0, v.UsageData?.Size ?? 0) });
  }

  if (wants.has('images')) imageItems(allImages, df.Images ?? [], staying, imagesMode, until, items, notes);

  if (wants.has('build-cache')) {
    for (const b of (df.BuildCache ?? []).filter((b: DfBuildCache) => !b.InUse)) {
      items.push({ kind: 'build-cache', id: b.ID, name: b.Description || b.ID.slice(0, 12), detail: b.Type, bytes: b.Size });
    }
  }

  return { kinds: sorted(kinds), images: imagesMode, items, bytes: items.reduce((n, i) => n + (i.bytes ?? 0), 0), notes, until: untilText };
}

async function inspectNetworks(docker: Docker): Promise<NetworkFacts[]> {
  const list = (await docker.listNetworks()) as NetworkFacts[];
  // The list leaves out who is connected; the prune goes by live endpoints, which only inspect shows.
  return Promise.all(list.map((n) => (BUILT_IN_NETWORKS.has(n.Name) ? n : (docker.getNetwork(n.Id).inspect() as Promise<NetworkFacts>).catch(() => n))));
}

function imageItems(all: ImageInfo[], dfImages: { Id: string; Size: number; SharedSize: number }[], staying: ContainerInfo[], mode: ImageCleanUp, until: number, items: CleanUpItem[], notes: string[]): void {
  const real = (names: string[] | null | undefined, none: string) => (names ?? []).filter((n) => n !== none);
  const plan = planImagePrune(
    all.map((i) => ({ id: i.Id, parentId: i.ParentId || undefined, tags: real(i.RepoTags, '<none>:<none>'), digests: real(i.RepoDigests, '<none>@<none>'), created: i.Created })),
    new Set(staying.map((c) => c.ImageID)),
    mode,
    until,
  );
  const unique = new Map(dfImages.map((i) => [i.Id, i.SharedSize >= 0 ? i.Size - i.SharedSize : i.Size]));
  for (const id of plan.deleted) {
    const img = all.find((i) => i.Id === id);
    const tags = real(img?.RepoTags, '<none>:<none>');
    const listed = unique.has(id);
    items.push({
      kind: 'images',
      id,
      name: tags.join(', ') || id.replace(/^sha256:/, '').slice(0, 12),
      detail: tags.length ? undefined : listed ? 'untagged image' : 'intermediate build image',
      // Intermediate images are counted in the image built on them.
      bytes: listed ? unique.get(id) : undefined,
    });
  }
  for (const [id, names] of Object.entries(plan.untagged)) {
    const users = staying.filter((c) => c.ImageID === id).map(containerName);
    const kept = real(all.find((i) => i.Id === id)?.RepoTags, '<none>:<none>').filter((t) => !names.map(familiarName).includes(t));
    items.push({ kind: 'images', id, name: names.map(familiarName).join(', '), detail: `name${names.length === 1 ? '' : 's'} only: the image stays${kept.length ? ` as ${kept.join(', ')}` : ''}` });
    notes.push(
      users.length
        ? `The engine removes all but one name of an image a container uses: ${names.map(familiarName).join(', ')} go${names.length === 1 ? 'es' : ''}, the image stays for ${users.join(', ')}.`
        : `${names.map(familiarName).join(', ')} ${names.length === 1 ? 'is' : 'are'} removed, but the image stays: an image a container uses is built on it.`,
    );
  }
}

interface PruneAnswer {
  ContainersDeleted?: string[] | null;
  NetworksDeleted?: string[] | null;
  VolumesDeleted?: string[] | null;
  ImagesDeleted?: { Untagged?: string; Deleted?: string }[] | null;
  CachesDeleted?: string[] | null;
  SpaceReclaimed?: number;
}

function prune(docker: Docker, kind: CleanUpKind, filters: Record<string, string[]>): Promise<PruneAnswer> {
  const path = { containers: '/containers/prune?', networks: '/networks/prune?', volumes: '/volumes/prune?', images: '/images/prune?', 'build-cache': '/build/prune?' }[kind];
  const options = kind === 'build-cache' ? { all: true } : { filters };
  return new Promise((resolve, reject) => {
    docker.modem.dial({ path, method: 'POST', options, statusCodes: { 200: true, 400: 'bad parameter', 409: 'conflict', 500: 'server error' } }, (err, data) =>
      err ? reject(err) : resolve((data ?? {}) as PruneAnswer),
    );
  });
}

/** Runs the prunes in order; each kind succeeds or fails on its own. */
export async function runCleanUp(docker: Docker, kinds: CleanUpKind[], images: ImageCleanUp, until: string, describe: (e: unknown) => string): Promise<CleanUpResult> {
  const result: CleanUpResult = { removed: [], reclaimedBytes: 0, failed: [] };
  const apiVersion = apiVersionOf(docker);
  const names = new Map<string, string>();
  if (kinds.includes('containers')) for (const c of await docker.listContainers({ all: true })) names.set(c.Id, containerName(c));
  const before = kinds.includes('images') ? ((await docker.listImages({ all: true })) as ImageInfo[]) : [];
  const imageIds = new Set(before.map((i) => i.Id));
  const imageOfName = new Map(before.flatMap((i) => (i.RepoTags ?? []).map((t) => [t, i.Id] as const)));
  const namesOf = (id: string) => (before.find((i) => i.Id === id)?.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  // The network prune answers with names; the preview knows networks by id.
  const networkIds = new Map(kinds.includes('networks') ? ((await docker.listNetworks()) as NetworkFacts[]).map((n) => [n.Name, n.Id]) : []);
  for (const kind of sorted(kinds)) {
    try {
      const answer = await prune(docker, kind, pruneFilters(kind, until, images, apiVersion));
      result.reclaimedBytes += answer.SpaceReclaimed ?? 0;
      const add = (id: string, name = id) => result.removed.push({ kind, id, name });
      for (const id of answer.ContainersDeleted ?? []) add(id, names.get(id) ?? id.slice(0, 12));
      for (const name of answer.NetworksDeleted ?? []) add(networkIds.get(name) ?? name, name);
      for (const name of answer.VolumesDeleted ?? []) add(name);
      for (const id of answer.CachesDeleted ?? []) add(id, id.slice(0, 12));
      // "Deleted" also lists layers; only image ids are worth naming. A name untagged from an image that
      // is deleted too went with it: it is that image's name, not a name taken off an image that stays.
      const deleted = new Set((answer.ImagesDeleted ?? []).flatMap((d) => (d.Deleted && imageIds.has(d.Deleted) ? [d.Deleted] : [])));
      for (const id of deleted) add(id, namesOf(id).map(familiarName).join(', ') || id.replace(/^sha256:/, '').slice(0, 12));
      for (const d of answer.ImagesDeleted ?? []) {
        if (d.Untagged && !d.Untagged.includes('@') && !deleted.has(imageOfName.get(d.Untagged) ?? '')) add(d.Untagged);
      }
    } catch (e) {
      result.failed.push({ kind, message: describe(e) });
    }
  }
  return result;
}
