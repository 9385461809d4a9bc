/**
 * What the engine's `POST /images/prune` will do, worked out beforehand from the same facts it uses. Pure:
 * it takes the image list and which images containers use, so it can be tested on its own.
 *
 * The engine's rules (moby daemon/images/image_prune.go and image_delete.go), followed here:
 * - Candidates are fixed first: with `dangling`, untagged images no other image builds on; otherwise every
 *   image that has a name, or that no other image builds on. Anything created after `until` is left alone.
 * - A candidate's names are removed one by one in lexical order of their full form
 *   (docker.io/library/busybox:latest). A name of an image a container uses is kept when it is the last
 *   one (one repository, at most one tag), so such an image keeps exactly one name and loses the others.
 *   Removing the last tag of a repository also removes that repository's digests.
 * - An image with no names left is deleted unless a container uses it or another image builds on it; then
 *   each parent that is left with no names, no containers and no other children is deleted too.
 * The order the engine visits candidates in is random, but the final result does not depend on it, which
 * is what this computes: images deleted, and names removed from images that stay.
 */

export interface PlanImage {
  id: string;
  parentId?: string;
  /** repository:tag as the engine lists them (without `<none>:<none>`). */
  tags: string[];
  /** repository@sha256:… */
  digests: string[];
  /** Seconds since the epoch. */
  created: number;
}

export interface ImagePrunePlan {
  deleted: string[];
  /** Names removed from images that are not deleted, by image id. */
  untagged: Record<string, string[]>;
}

/** busybox:1 → docker.io/library/busybox:1, as the engine spells names when it sorts them. */
export function fullName(ref: string): string {
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasDomain) return ref;
  return slash < 0 ? `docker.io/library/${ref}` : `docker.io/${ref}`;
}

function repositoryOf(ref: string): string {
  const at = ref.indexOf('@');
  if (at >= 0) return ref.slice(0, at);
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(0, colon) : ref;
}

const isDigest = (ref: string) => ref.includes('@');

/** The engine's isSingleReference: all names from one repository, with at most one tag. */
export function isSingleReference(refs: string[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  let single: string | undefined;
  const digestRepos = new Set<string>();
  for (const ref of refs) {
    if (isDigest(ref)) digestRepos.add(repositoryOf(ref));
    else if (single === undefined) single = ref;
    else return false;
  }
  const name = repositoryOf(single ?? refs[0]!);
  return digestRepos.size === 1 && digestRepos.has(name);
}

export function planImagePrune(images: PlanImage[], usedByContainers: Set<string>, mode: 'dangling' | 'unused', until: number): ImagePrunePlan {
  const byId = new Map(images.map((i) => [i.id, i]));
  const refs = new Map(images.map((i) => [i.id, [...i.tags, ...i.digests].map(fullName)]));
  const children = new Map<string, Set<string>>();
  for (const i of images) if (i.parentId && byId.has(i.parentId)) (children.get(i.parentId) ?? children.set(i.parentId, new Set()).get(i.parentId)!).add(i.id);
  const hasChildren = (id: string) => (children.get(id)?.size ?? 0) > 0;
  const deleted = new Set<string>();
  const removedNames = new Map<string, string[]>();

  const candidates = images
    .filter((i) => i.created <= until)
    .filter((i) => (mode === 'dangling' ? !hasChildren(i.id) && i.tags.length === 0 : (refs.get(i.id)!.length > 0 || !hasChildren(i.id))))
    .map((i) => i.id);

  const drop = (id: string, ref: string) => {
    refs.set(id, refs.get(id)!.filter((r) => r !== ref));
    removedNames.set(id, [...(removedNames.get(id) ?? []), ref]);
  };

  /** Deletes an image with no names left, if nothing holds on to it; then its parents, as the engine prunes them. */
  const tryDelete = (id: string): void => {
    if (deleted.has(id) || refs.get(id)!.length || usedByContainers.has(id) || hasChildren(id)) return;
    deleted.add(id);
    const parent = byId.get(id)?.parentId;
    if (parent && children.has(parent)) {
      children.get(parent)!.delete(id);
      tryDelete(parent);
    }
  };

  // Visiting candidates until nothing changes gives the order-independent end state.
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of candidates) {
      if (deleted.has(id)) continue;
      const before = refs.get(id)!.length;
      for (const ref of [...refs.get(id)!].sort()) {
        const current = refs.get(id)!;
        if (!current.includes(ref)) continue;
        if (usedByContainers.has(id) && isSingleReference(current)) continue;
        drop(id, ref);
        if (!isDigest(ref) && !refs.get(id)!.some((r) => !isDigest(r) && repositoryOf(r) === repositoryOf(ref))) {
          for (const digest of refs.get(id)!.filter((r) => isDigest(r) && repositoryOf(r) === repositoryOf(ref))) drop(id, digest);
        }
      }
      tryDelete(id);
      if (deleted.has(id) || refs.get(id)!.length !== before) changed = true;
    }
  }

  const untagged: Record<string, string[]> = {};
  for (const [id, names] of removedNames) if (!deleted.has(id)) untagged[id] = names;
  return { deleted: [...deleted], untagged };
}

/** docker.io/library/busybox:1 → busybox:1, the way the docker CLI shows names. */
export function familiarName(ref: string): string {
  return ref.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}
