/**
 * How the image list is laid out: one row per name (as `docker images` lists them), untagged images in a
 * group of their own, searched and sorted. Pure, so it can be tested without a browser.
 */
import type { ImageSummary } from '../../../../engine/contract/images-types';
import { shortId } from '../../components/format';

export interface ImageRowModel {
  /** Stable across refreshes: the tag, or the id for an untagged image. */
  key: string;
  image: ImageSummary;
  /** `repository:tag`, or undefined for an untagged image. */
  tag?: string;
  repository: string;
  tagName?: string;
  /** What removing this row removes: the tag (untagging it), or the image by id. */
  ref: string;
}

export type ImageSort = { by: 'name' | 'size' | 'created'; descending: boolean };

/** `localhost:5000/app:1` → [`localhost:5000/app`, `1`]: the tag is after the last colon past the last slash. */
export function splitTag(tag: string): [string, string] {
  const colon = tag.lastIndexOf(':');
  return colon > tag.lastIndexOf('/') ? [tag.slice(0, colon), tag.slice(colon + 1)] : [tag, ''];
}

export function imageRows(images: ImageSummary[]): { tagged: ImageRowModel[]; untagged: ImageRowModel[] } {
  const tagged: ImageRowModel[] = [];
  const untagged: ImageRowModel[] = [];
  for (const image of images) {
    if (!image.tags.length) {
      // Known by digest only (pulled as name@sha256:…), or by nothing at all (dangling).
      const repository = image.digests[0]?.split('@')[0] ?? '<none>';
      untagged.push({ key: image.id, image, repository, ref: image.id });
      continue;
    }
    for (const tag of image.tags) {
      const [repository, tagName] = splitTag(tag);
      tagged.push({ key: tag, image, tag, repository, tagName, ref: tag });
    }
  }
  return { tagged, untagged };
}

export function matchesSearch(row: ImageRowModel, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return (
    (row.tag ?? row.repository).toLowerCase().includes(q) ||
    shortId(row.image.id).startsWith(q.replace(/^sha256:/, '')) ||
    row.image.digests.some((d) => d.toLowerCase().includes(q))
  );
}

const byName = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

export function sortRows(rows: ImageRowModel[], sort: ImageSort): ImageRowModel[] {
  const sign = sort.descending ? -1 : 1;
  const compare = (a: ImageRowModel, b: ImageRowModel): number => {
    switch (sort.by) {
      case 'size':
        return a.image.size - b.image.size;
      case 'created':
        return a.image.created - b.image.created;
      case 'name':
        return byName(a.tag ?? a.repository, b.tag ?? b.repository);
    }
  };
  return [...rows].sort((a, b) => sign * compare(a, b) || byName(a.key, b.key));
}

/** What removing some rows does to their images, so the question can say exactly what is lost. */
export interface RemovalPlan {
  /** Rows whose image goes (its last name, or removed by id), with the bytes it frees at most. */
  deletes: ImageRowModel[];
  /** Rows that only lose a name: the image stays under its other names. */
  untags: { row: ImageRowModel; stillNamed: string[] }[];
  /** Rows whose image containers use: removing needs force (and running ones cannot lose the image). */
  inUse: ImageRowModel[];
}

export function planRemoval(rows: ImageRowModel[]): RemovalPlan {
  const removedTags = new Set(rows.flatMap((r) => (r.tag ? [r.tag] : [])));
  const deletes: ImageRowModel[] = [];
  const untags: RemovalPlan['untags'] = [];
  for (const row of rows) {
    const stillNamed = row.tag ? row.image.tags.filter((t) => !removedTags.has(t)) : [];
    if (row.tag && stillNamed.length) untags.push({ row, stillNamed });
    else deletes.push(row);
  }
  const inUse = deletes.filter((r) => r.image.containers.length > 0);
  return { deletes, untags, inUse };
}

const listOf = (names: string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);
const isLive = (state: string) => state === 'running' || state === 'paused' || state === 'restarting';

/**
 * What a forced removal does to each image in use, as the engine does it: a running container's image
 * is never deleted, so removing its last name only takes the name off (the image stays, nameless, until
 * those containers are removed), and removing it by id is refused; an image only stopped containers use
 * is deleted, and they keep running from its layers but cannot be made again from its name.
 */
export function forcedRemovalOutcomes(plan: RemovalPlan): { key: string; text: string }[] {
  return plan.inUse.map((row) => {
    const name = row.tag ?? shortId(row.image.id);
    const live = row.image.containers.filter((c) => isLive(c.state)).map((c) => c.name);
    const stopped = row.image.containers.filter((c) => !isLive(c.state)).map((c) => c.name);
    const one = live.length === 1;
    let text: string;
    if (live.length && row.tag) {
      text =
        `${name} is taken off the image, but the image is not deleted: ${listOf(live)} ${one ? 'is' : 'are'} running from it. ` +
        `It stays, without a name (shown as <none>), until ${one ? 'that container is' : 'those containers are'} removed.`;
    } else if (live.length) {
      text = `${name} cannot be removed while ${listOf(live)} ${one ? 'runs' : 'run'} from it: the engine refuses. Stop and remove ${one ? 'that container' : 'those containers'} first.`;
    } else {
      text = `${name} is deleted. ${listOf(stopped)} ${stopped.length === 1 ? 'keeps' : 'keep'} what ${stopped.length === 1 ? 'it has' : 'they have'} and can start again, but cannot be made again from ${name}.`;
    }
    return { key: row.key, text };
  });
}
