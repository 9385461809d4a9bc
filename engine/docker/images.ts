/** Image operations on one engine: the list with who uses what, tagging, removing, and an image's layers. */
import type Docker from 'dockerode';
import { familiarName, parseImageReference, repositoryName, withDefaultTag } from '../contract/image-reference';
import type { ImageLayers, ImageSummary, ImageUser } from '../contract/images-types';
import type { ContainerState } from '../contract/types';
import { UserError } from '../contract/errors';
import { describeLayers, chainIds } from './image-history';
import type { HistoryEntry, LocalImage } from './image-history';

const NONE_TAG = '<none>:<none>';
const NONE_DIGEST = '<none>@<none>';

interface ListedImage {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size: number;
  Created: number;
}

interface InspectedImage {
  Id: string;
  RepoTags?: string[] | null;
  Size: number;
  Created: string;
  Os?: string;
  Architecture?: string;
  RootFS?: { Layers?: string[] };
}

const named = (list: string[] | null | undefined, none: string) => (list ?? []).filter((t) => t !== none);

/** Every image (as `docker images` lists them, without intermediate build steps), with its containers. */
export async function listImages(docker: Docker): Promise<ImageSummary[]> {
  const [images, containers] = await Promise.all([
    docker.listImages() as Promise<ListedImage[]>,
    docker.listContainers({ all: true }),
  ]);
  const users = new Map<string, ImageUser[]>();
  for (const c of containers) {
    const list = users.get(c.ImageID) ?? [];
    list.push({ id: c.Id, name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), state: c.State as ContainerState });
    users.set(c.ImageID, list);
  }
  return images.map((img) => {
    const tags = named(img.RepoTags, NONE_TAG);
    const digests = named(img.RepoDigests, NONE_DIGEST);
    return {
      id: img.Id,
      tags,
      digests,
      size: img.Size,
      created: img.Created,
      containers: users.get(img.Id) ?? [],
      dangling: tags.length === 0 && digests.length === 0,
    };
  });
}

/** Gives an image another name; `docker tag` with `latest` filled in when no tag is given. */
export async function tagImage(docker: Docker, image: string, tag: string): Promise<string> {
  const parsed = parseImageReference(tag);
  if (!parsed.ok) throw new UserError(parsed.problem, 'invalid-input');
  const ref = withDefaultTag(parsed.reference);
  await docker.getImage(image).tag({ repo: repositoryName(ref), tag: ref.tag });
  return familiarName(ref);
}

export async function removeImage(docker: Docker, ref: string, force: boolean): Promise<void> {
  await docker.getImage(ref).remove({ force });
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of the results. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The local images with their layer chains: what a layer's sharing is counted among. */
export async function localImageChains(docker: Docker): Promise<LocalImage[]> {
  const images = (await docker.listImages()) as ListedImage[];
  const inspected = await mapLimited(images, 8, (img) => (docker.getImage(img.Id).inspect() as Promise<InspectedImage>).catch(() => undefined));
  return inspected.flatMap((info, i) => {
    if (!info) return []; // removed while we looked
    const tags = named(images[i]!.RepoTags, NONE_TAG);
    return [{ id: info.Id, name: tags[0] ?? info.Id.replace(/^sha256:/, '').slice(0, 12), chain: chainIds(info.RootFS?.Layers ?? []) }];
  });
}

export async function imageLayers(docker: Docker, id: string): Promise<ImageLayers> {
  const image = docker.getImage(id);
  const [info, history, locals] = await Promise.all([
    image.inspect() as Promise<InspectedImage>,
    image.history() as Promise<HistoryEntry[]>,
    localImageChains(docker),
  ]);
  return describeLayers(
    {
      id: info.Id,
      tags: named(info.RepoTags, NONE_TAG),
      size: info.Size,
      created: Math.floor(Date.parse(info.Created) / 1000),
      os: info.Os ?? '',
      architecture: info.Architecture ?? '',
      diffIds: info.RootFS?.Layers ?? [],
    },
    history,
    locals,
  );
}
