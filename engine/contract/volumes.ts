/** The contract of the Volumes page: list, create, inspect, remove, browse, back up, restore and copy to a new volume. */
import { z } from 'zod';
import { engineObjectId, method, none, stream } from './define';
import { hostPath, uploadSource, uploadWrite } from './transfer';
import { saveTarget } from './download';
import type { DownloadEvent } from './download';
import type { VolumeDetails, VolumeFolder, VolumeRemoval, VolumeSizes, VolumeSummary, VolumeTransferEvent, VolumeUsers } from './volumes-types';

/** The engine's rule for names it accepts (two characters at least). */
export const newVolumeName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]+$/, 'a volume name is two or more letters, digits, dots, dashes or underscores, starting with a letter or digit')
  .max(255);

const labels = z.record(z.string().trim().min(1).max(255), z.string().max(4096));

/** A path inside a volume, from its root: `''` is the root; no `..` steps out of it. */
const pathInVolume = z
  .string()
  .max(4096)
  .refine((p) => !p.includes('\0') && !p.split('/').includes('..'), 'a path inside the volume, without “..”');

export const volumeMethods = {
  'volumes.list': method<VolumeSummary[]>()(none),
  /** Which containers mount each volume; container data, so it is kept under the containers' key. */
  'volumes.users': method<VolumeUsers>()(none),
  /** Measured on request (the engine walks every volume): not live. */
  'volumes.sizes': method<VolumeSizes>()(none),
  'volumes.inspect': method<VolumeDetails>()(z.object({ name: engineObjectId }).strict()),
  'volumes.create': method<VolumeSummary>()(
    z
      .object({
        name: newVolumeName,
        driver: z.string().trim().min(1).max(255).optional(),
        driverOptions: labels.optional(),
        labels: labels.optional(),
      })
      .strict(),
  ),
  /** A volume in use is refused, naming the containers that use it. */
  'volumes.remove': method<VolumeRemoval>()(z.object({ names: z.array(engineObjectId).min(1).max(1000) }).strict()),
  /** The files and folders directly inside `path`, with sizes of everything under each folder. */
  'volumes.browse': method<VolumeFolder>()(z.object({ name: engineObjectId, path: pathInVolume }).strict()),
} as const;

export const volumeStreams = {
  /** The whole volume as a .tar.gz file, by the one download path (download.ts). */
  'volumes.export': stream<DownloadEvent>()(z.object({ name: engineObjectId, target: saveTarget }).strict()),
  /** One file as it is, or one folder as a .tar.gz, by the one download path (download.ts). */
  'volumes.download': stream<DownloadEvent>()(
    z.object({ name: engineObjectId, path: pathInVolume.refine((p) => p.replace(/\/+$/, '') !== '', 'a file or folder, not the root'), target: saveTarget }).strict(),
  ),
  /** A .tar.gz into a new volume (`create`) or an existing empty one. */
  'volumes.import': stream<VolumeTransferEvent>()(
    z
      .object({
        name: newVolumeName,
        create: z.object({ driver: z.string().trim().min(1).max(255).optional(), labels: labels.optional() }).strict().optional(),
        /** A file on the Berth host, or the file the page uploads into the stream (browser mode). */
        source: z.discriminatedUnion('kind', [hostPath, uploadSource]),
      })
      .strict(),
    uploadWrite,
  ),
  /** A new volume holding a copy of every file of `source`. */
  'volumes.copy': stream<VolumeTransferEvent>()(z.object({ source: engineObjectId, name: newVolumeName }).strict()),
} as const;
