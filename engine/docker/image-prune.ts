/**
 * Pruning images with a preview that is exact: the plan names the images that would go and the space that
 * comes back (layers that no remaining image uses), and the prune removes exactly those images, keeping
 * any that a container started using in between.
 */
import type Docker from 'dockerode';
import type { PruneEvent, PrunePlan } from '../contract/images-types';
import { matchLayers } from './image-history';
import type { HistoryEntry, LocalImage } from './image-history';
import { listImages, localImageChains } from './images';

/** Each layer (by chain id) of these images, with its size from the image's history. */
async function layerSizes(docker: Docker, images: LocalImage[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const img of images) {
    const history = (await docker.getImage(img.id).history().catch(() => [])) as HistoryEntry[];
    const oldestFirst = [...history].reverse();
    const { layerOf } = matchLayers(oldestFirst, img.chain.length);
    oldestFirst.forEach((h, i) => {
      const layer = layerOf[i];
      if (layer !== undefined) sizes.set(img.chain[layer]!, h.Size);
    });
  }
  return sizes;
}

/** Bytes of the layers of `going` that none of `staying` uses. */
function freedBytes(going: LocalImage[], staying: LocalImage[], sizes: Map<string, number>): number {
  const kept = new Set(staying.flatMap((img) => img.chain));
  const freed = new Set(going.flatMap((img) => img.chain).filter((chain) => !kept.has(chain)));
  let total = 0;
  for (const chain of freed) total += sizes.get(chain) ?? 0;
  return total;
}

export async function planPrune(docker: Docker, scope: PrunePlan['scope']): Promise<PrunePlan> {
  const [images, locals] = await Promise.all([listImages(docker), localImageChains(docker)]);
  const goes = images.filter((img) => img.containers.length === 0 && (scope === 'unused' || img.dangling));
  const ids = new Set(goes.map((img) => img.id));
  const going = locals.filter((l) => ids.has(l.id));
  const sizes = await layerSizes(docker, going);
  return {
    scope,
    images: goes.map(({ id, tags, size, created }) => ({ id, tags, size, created })).sort((a, b) => b.size - a.size),
    reclaimBytes: freedBytes(going, locals.filter((l) => !ids.has(l.id)), sizes),
  };
}

/** Removes the planned images one by one, reporting as it goes; `signal` stops between images. */
export async function* prune(docker: Docker, ids: string[], signal: AbortSignal): AsyncGenerator<PruneEvent> {
  const localsBefore = await localImageChains(docker);
  const targets = localsBefore.filter((l) => ids.includes(l.id));
  const sizes = await layerSizes(docker, targets);
  const removed: string[] = [];
  const kept: { id: string; reason: string }[] = [];
  for (const id of ids) {
    if (signal.aborted) break;
    if (!targets.some((t) => t.id === id)) {
      kept.push({ id, reason: 'It was already gone.' });
    } else {
      const users = await docker.listContainers({ all: true, filters: { ancestor: [id] } });
      const user = users.find((c) => c.ImageID === id);
      if (user) {
        kept.push({ id, reason: `Container ${(user.Names?.[0] ?? user.Id.slice(0, 12)).replace(/^\//, '')} started using it.` });
      } else {
        try {
          // Forced only to take all its names at once; no container uses it (checked just above).
          await docker.getImage(id).remove({ force: true });
          removed.push(id);
        } catch (e) {
          const err = e as { json?: { message?: string }; message?: string };
          kept.push({ id, reason: err.json?.message ?? err.message ?? String(e) });
        }
      }
    }
    yield { type: 'progress', done: removed.length + kept.length, total: ids.length };
  }
  const after = await localImageChains(docker);
  const gone = localsBefore.filter((l) => removed.includes(l.id));
  yield { type: 'done', removed, kept, reclaimedBytes: freedBytes(gone, after, sizes) };
}
