/** The shapes of the Disk usage page: where the engine's disk went, and cleaning it up. */

export type UsageKind = 'images' | 'containers' | 'volumes' | 'build-cache';

export interface UsageCategory {
  kind: UsageKind;
  /** How many there are, and how many are in use (images with containers, running containers, mounted volumes). */
  count: number;
  active: number;
  totalBytes: number;
  /** What removing the unused ones would return. */
  reclaimableBytes: number;
}

export interface DiskUsage {
  categories: UsageCategory[];
  /** The engine's data root on its own machine, e.g. /var/lib/docker. */
  dataRoot: string;
  storageDriver: string;
  /** The filesystem holding the data root, when Berth can measure it (the engine runs on this machine). */
  space?: { totalBytes: number; availableBytes: number };
  /** Why the free space is not shown, in words. */
  spaceUnknown?: string;
  /** Seconds since the epoch. */
  measuredAt: number;
}

export type CleanUpKind = 'containers' | 'images' | 'volumes' | 'networks' | 'build-cache';

/** Dangling images only (untagged), or every image no container uses. */
export type ImageCleanUp = 'dangling' | 'unused';

/** One thing a clean-up removes. */
export interface CleanUpItem {
  kind: CleanUpKind;
  id: string;
  /** What the user knows it by: a container or volume name, an image tag, a short id. */
  name: string;
  /** A second line: the image of a container, "intermediate build image", a cache description. */
  detail?: string;
  /** Space it returns on its own, when known. */
  bytes?: number;
}

export interface CleanUpPreview {
  kinds: CleanUpKind[];
  images: ImageCleanUp;
  items: CleanUpItem[];
  /** What the items return together, at least (layers shared with kept images stay). */
  bytes: number;
  /** Side effects worth knowing before saying yes, in words. */
  notes: string[];
  /** The engine's clock when the preview was made: the clean-up leaves anything newer alone. */
  until: string;
}

export interface CleanUpResult {
  removed: { kind: CleanUpKind; id: string; name: string }[];
  /** As the engine reports it. */
  reclaimedBytes: number;
  /** A kind whose clean-up failed, and why; the others still ran. */
  failed: { kind: CleanUpKind; message: string }[];
}
