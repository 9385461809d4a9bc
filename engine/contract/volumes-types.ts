/** The shapes of the Volumes page: volumes, who uses them, their files, and moving their data in and out. */
import type { ContainerState } from './types';

export interface VolumeSummary {
  name: string;
  driver: string;
  /** Where the data lives on the engine's machine. */
  mountpoint: string;
  scope: 'local' | 'global';
  /** Seconds since the epoch; absent when the driver does not say. */
  created?: number;
  labels: Record<string, string>;
  /** Driver options given at creation (e.g. `type=nfs`). */
  options: Record<string, string>;
  /** Created without a name, for one container (`docker run -v /data`). */
  anonymous: boolean;
  composeProject?: string;
}

/** A container that mounts a volume, running or not. */
export interface VolumeUser {
  id: string;
  name: string;
  state: ContainerState;
  /** Where the volume appears inside the container. */
  mountPath: string;
  readOnly: boolean;
}

/** Who uses each volume, by volume name. Volumes nobody uses are absent. */
export type VolumeUsers = Record<string, VolumeUser[]>;

export interface VolumeSizes {
  /** Bytes by volume name; null where the driver cannot say (remote drivers). */
  sizes: Record<string, number | null>;
  /** Seconds since the epoch: sizes are measured on request, not kept live. */
  measuredAt: number;
}

export interface VolumeDetails {
  volume: VolumeSummary;
  /** The engine's own answer, pretty-printed, for the details view. */
  raw: string;
}

export type VolumeEntryKind = 'file' | 'folder' | 'symlink' | 'other';

/** A file or folder inside a volume. */
export interface VolumeEntry {
  name: string;
  /** From the volume's root, without a leading slash: `logs/2024/app.log`. */
  path: string;
  kind: VolumeEntryKind;
  /** Bytes: a file's size, or everything under a folder. */
  size: number;
  /** Files under a folder, at any depth. */
  files?: number;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  modified: number;
  /** Where a symbolic link points. */
  linkTarget?: string;
}

export interface VolumeFolder {
  volume: string;
  /** '' for the root. */
  path: string;
  entries: VolumeEntry[];
  /** More entries exist than were returned (the list is capped to stay responsive). */
  truncated: boolean;
}

/** Progress of restoring a volume from a file, or copying it into another volume. */
export type VolumeTransferEvent =
  /** How much of an upload the backend has taken (engine/contract/transfer.ts): the page sends more as it grows. */
  | { type: 'uploaded'; bytes: number }
  /** Data is moving; `totalBytes` is what is expected, when known. */
  | { type: 'started'; totalBytes?: number }
  | { type: 'progress'; bytes: number; totalBytes?: number; entries?: number }
  /** `volume`: the volume restored or copied into. */
  | { type: 'done'; bytes: number; entries?: number; volume: string };

/** The outcome of a removal of several volumes. */
export interface VolumeRemoval {
  removed: string[];
  failed: { name: string; message: string }[];
}
