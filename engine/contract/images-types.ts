/**
 * The shapes of the images area that cross the boundary: the image list, an image's layers, and the events
 * of the long work on images (pull, push, build, save, load, prune). Plain data only, like types.ts.
 */
import type { ContainerState } from './types';

export interface ImageUser {
  id: string;
  name: string;
  state: ContainerState;
}

export interface ImageSummary {
  /** The full id, `sha256:…`. */
  id: string;
  /** `repository:tag` as the engine lists them; empty for an untagged image. */
  tags: string[];
  /** `repository@sha256:…` for images pulled from or pushed to a registry. */
  digests: string[];
  /** Bytes on disk, counting layers it shares with other images. */
  size: number;
  /** Seconds since the epoch. */
  created: number;
  /** Containers made from this image, in any state. */
  containers: ImageUser[];
  /** Neither tagged nor known by digest: nothing refers to it by name any more. */
  dangling: boolean;
}

/** One step of an image's history, oldest first, with the layer it made (if it made one). */
export interface ImageStep {
  /** The instruction that made it, as a Dockerfile line ("RUN apk add curl"). */
  instruction: string;
  /** Seconds since the epoch. */
  created: number;
  /** Bytes the step added (0 for steps that only change metadata). */
  size: number;
  /** The position of its layer from the bottom (0 is the first); absent for a step that made no layer. */
  layer?: number;
  /** Tags of the image this step ends, e.g. the base image a Dockerfile started FROM. */
  tags: string[];
  /** Other local images that have this exact layer (the same layer on the same layers below it). */
  sharedWith: { id: string; name: string }[];
  comment?: string;
}

export interface ImageLayers {
  id: string;
  tags: string[];
  size: number;
  created: number;
  os: string;
  architecture: string;
  steps: ImageStep[];
  layerCount: number;
  /** Bytes of layers other local images use too (what the engine calls the shared size). */
  sharedBytes: number;
  /** Bytes of layers only this image has: what removing it would give back, were no container using it. */
  uniqueBytes: number;
  /** Disk the sharing saves: each shared layer's size times the number of other images that use it. */
  savedBytes: number;
  /** False when some steps could not be matched to their layers (the sizes and totals are still right). */
  matched: boolean;
}

export type LayerPhase = 'waiting' | 'downloading' | 'verifying' | 'downloaded' | 'extracting' | 'pushing' | 'done' | 'exists';

/** One layer of a pull or push as it goes. */
export interface LayerTransfer {
  /** The short layer id the engine reports. */
  id: string;
  phase: LayerPhase;
  /** The engine's own word for the phase ("Downloading", "Mounted from library/busybox"). */
  status: string;
  /** Bytes of the current phase done, and its total when known. */
  current: number;
  total?: number;
  /** The layer's compressed size once known: what it costs to move. */
  size?: number;
}

export type TransferEvent =
  | {
      type: 'progress';
      layers: LayerTransfer[];
      /** Overall progress from 0 to 1, each layer counting the same (downloading half, extracting half). */
      fraction: number;
      /** Bytes moved so far and the total of the layers whose size is known. */
      bytesDone: number;
      bytesTotal: number;
      /** The engine's last general status line ("Pulling from library/nginx"). */
      status?: string;
    }
  | { type: 'done'; reference: string; digest?: string; imageId?: string; message: string };

export interface BuildStep {
  number: number;
  total: number;
  instruction: string;
}

export type BuildEvent =
  | UploadedEvent
  | { type: 'output'; text: string }
  | ({ type: 'step' } & BuildStep)
  /** Sent just before the stream ends with the same failure, so the UI can show the failing step. */
  | { type: 'failed'; step?: BuildStep; message: string }
  | { type: 'done'; imageId: string; tags: string[] };

/** How much of an upload the backend has taken so far: the UI sends more as this grows. */
export interface UploadedEvent {
  type: 'uploaded';
  bytes: number;
}

export type LoadEvent =
  | UploadedEvent
  | { type: 'progress'; bytes: number; total?: number }
  | { type: 'done'; images: string[] };

export interface PrunePlan {
  scope: 'dangling' | 'unused';
  images: { id: string; tags: string[]; size: number; created: number }[];
  /** Bytes that come back: layers no image left behind still uses. */
  reclaimBytes: number;
}

export type PruneEvent =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; removed: string[]; kept: { id: string; reason: string }[]; reclaimedBytes: number };

/** Where a registry login comes from. */
export type LoginSource = 'berth' | 'docker-config' | 'credential-helper';

export interface RegistryLogin {
  /** `docker.io`, `ghcr.io`, `localhost:5000`. */
  registry: string;
  username?: string;
  source: LoginSource;
  /** For credential helpers: the helper's name (`desktop`, `pass`, `osxkeychain`). */
  helper?: string;
}

export interface RegistryLogins {
  logins: RegistryLogin[];
  /** Where sign-ins made in Berth are kept: the OS keychain, or only in memory for this session. */
  store: 'keychain' | 'session';
  /** Why they are kept only for the session, when they are. */
  storeNote?: string;
}
