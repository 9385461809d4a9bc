/**
 * Container operations on one engine. Actions on several containers run side by side and report each
 * container's outcome, so one failure does not hide the others.
 */
import type Docker from 'dockerode';
import type { ContainerInfo } from 'dockerode';
import { HELPER_LABEL } from './volume-helper';
import type { BulkResult, ContainerAction, ContainerState, ContainerSummary, PortBinding } from '../contract/types';

const COMPOSE_PROJECT = 'com.docker.compose.project';
const COMPOSE_SERVICE = 'com.docker.compose.service';

export function toContainerSummary(c: ContainerInfo): ContainerSummary {
  const labels = c.Labels ?? {};
  const ports: PortBinding[] = [];
  const seen = new Set<string>();
  for (const p of c.Ports ?? []) {
    // The engine lists a port once per host address (0.0.0.0 and ::); the user thinks of it once.
    const key = `${p.PrivatePort}/${p.Type}/${p.PublicPort ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ports.push({ privatePort: p.PrivatePort, publicPort: p.PublicPort || undefined, ip: p.IP || undefined, type: p.Type as PortBinding['type'] });
  }
  ports.sort((a, b) => a.privatePort - b.privatePort);
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command,
    state: c.State as ContainerState,
    status: c.Status,
    created: c.Created,
    ports,
    labels,
    composeProject: labels[COMPOSE_PROJECT],
    composeService: labels[COMPOSE_SERVICE],
    anonymousVolumes: (c.Mounts ?? []).filter((m) => m.Type === 'volume' && /^[0-9a-f]{64}$/.test(m.Name ?? '')).length,
  };
}

/** Whether the engine listed a container's image by its id: the name it was made from no longer names it. */
const listedById = (c: ContainerInfo) => c.Image === c.ImageID || /^sha256:[0-9a-f]{64}$/.test(c.Image);

export async function listContainers(docker: Docker): Promise<ContainerSummary[]> {
  const list = await docker.listContainers({ all: true });
  // Berth's own short-lived helpers (reading a volume) are plumbing, not the user's containers.
  const mine = list.filter((c) => !c.Labels?.[HELPER_LABEL]);
  const summaries = mine.map(toContainerSummary);
  // Once its image lost the name it was created from (removed, or moved to a newer image), the engine
  // lists the bare `sha256:…`; the name the user typed is still in the container's config. Only those
  // few are asked about.
  await Promise.all(
    summaries.map(async (summary, i) => {
      if (!listedById(mine[i]!)) return;
      const created = await docker
        .getContainer(summary.id)
        .inspect()
        .then((info) => info.Config.Image, () => undefined);
      if (created && !/^(sha256:)?[0-9a-f]{12,64}$/.test(created)) {
        summary.image = created;
        summary.imageNameMoved = true;
      }
    }),
  );
  return summaries;
}

export async function settleAll(ids: string[], run: (id: string) => Promise<unknown>, describe: (e: unknown) => string): Promise<BulkResult> {
  const outcomes = await Promise.allSettled(ids.map(run));
  const result: BulkResult = { done: [], failed: [] };
  outcomes.forEach((o, i) => {
    const id = ids[i]!;
    if (o.status === 'fulfilled') result.done.push(id);
    else result.failed.push({ id, message: describe(o.reason) });
  });
  return result;
}

/** Whether an engine answer means "already in the state you asked for" (304), which is not a failure. */
function alreadyThere(e: unknown): boolean {
  return (e as { statusCode?: number } | undefined)?.statusCode === 304;
}

export async function actOnContainer(docker: Docker, id: string, action: ContainerAction): Promise<void> {
  const c = docker.getContainer(id);
  try {
    switch (action) {
      case 'start':
        await c.start();
        return;
      case 'stop':
        await c.stop();
        return;
      case 'restart':
        await c.restart();
        return;
      case 'pause':
        await c.pause();
        return;
      case 'unpause':
        await c.unpause();
        return;
      case 'kill':
        await c.kill();
        return;
    }
  } catch (e) {
    if (!alreadyThere(e)) throw e;
  }
}

export async function removeContainer(docker: Docker, id: string, options: { volumes: boolean; force: boolean }): Promise<void> {
  await docker.getContainer(id).remove({ v: options.volumes, force: options.force });
}
