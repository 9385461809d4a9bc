/** The contract of one container's details page: inspect, processes, files and live resource use. */
import { z } from 'zod';
import { engineObjectId, method, stream } from './define';
import type { ContainerInspect, FileListing, ProcessList, StatsBatch, UploadEvent } from './container-details-types';
import { saveTarget } from './download';
import type { DownloadEvent } from './download';
import { uploadWrite } from './transfer';

/** An absolute path inside a container. */
const containerPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/'), 'an absolute path (starting with /)')
  .refine((p) => !p.includes('\0'), 'a path without NUL characters');

/** One file's name: no slashes, not . or .. */
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !/[/\0]/.test(n) && n !== '.' && n !== '..', 'a file name without slashes');

/** How many containers one stats stream may follow at once. */
export const MAX_STATS_CONTAINERS = 200;
/** The largest upload, in bytes. */
export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

const statsIds = z.array(engineObjectId).max(MAX_STATS_CONTAINERS);

export const containerDetailMethods = {
  'container.inspect': method<ContainerInspect>()(z.object({ id: engineObjectId }).strict()),
  /** The entries of one folder inside the container. */
  'container.files.list': method<FileListing>()(z.object({ id: engineObjectId, path: containerPath }).strict()),
} as const;

export const containerDetailStreams = {
  /** `top` inside a running container, read again every few seconds while the UI shows it. */
  'container.top': stream<ProcessList>()(z.object({ id: engineObjectId }).strict()),
  /** Live resource use of several containers in one stream; write a new `ids` list to change which. */
  'containers.stats': stream<StatsBatch>()(z.object({ ids: statsIds }).strict(), z.object({ ids: statsIds }).strict()),
  /** A file as itself, a folder as a tar archive, by the one download path (download.ts). */
  'container.files.download': stream<DownloadEvent>()(z.object({ id: engineObjectId, path: containerPath, target: saveTarget }).strict()),
  /**
   * Puts one file into a folder of the container, by the one upload protocol (transfer.ts): the UI writes
   * its bytes in chunks within a window of unacknowledged bytes, then `end`.
   */
  'container.files.upload': stream<UploadEvent>()(
    z.object({ id: engineObjectId, folder: containerPath, name: fileName, size: z.number().int().min(0).max(MAX_UPLOAD_BYTES) }).strict(),
    uploadWrite,
  ),
} as const;
