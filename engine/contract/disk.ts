/** The contract of the Disk usage page: what uses the engine's disk, and cleaning up what nothing uses. */
import { z } from 'zod';
import { method, none } from './define';
import type { CleanUpPreview, CleanUpResult, DiskUsage } from './disk-types';

const cleanUpInput = {
  kinds: z.array(z.enum(['containers', 'images', 'volumes', 'networks', 'build-cache'])).min(1).max(5),
  images: z.enum(['dangling', 'unused']).default('dangling'),
};

export const diskMethods = {
  'disk.usage': method<DiskUsage>()(none),
  /** Exactly what the clean-up would remove now, computed the way the engine's prune decides. */
  'cleanup.preview': method<CleanUpPreview>()(z.object(cleanUpInput).strict()),
  /** Runs the engine's prune for each kind (containers first, so what they held is freed too). */
  'cleanup.run': method<CleanUpResult>()(
    z
      .object({
        ...cleanUpInput,
        /** The preview's `until`: nothing created after the preview is removed. */
        until: z.string().max(64).regex(/^[0-9T:.+\-Z]+$/, 'a timestamp from the preview'),
      })
      .strict(),
  ),
} as const;
