/** The Disk usage page's methods: what uses the engine's disk, and cleaning up. */
import type { diskMethods } from '../contract/disk';
import type { EngineStatus } from '../contract/types';
import { previewCleanUp, runCleanUp } from '../docker/clean-up';
import { diskUsage } from '../docker/disk-usage';
import type { VmDiskFacts } from '../docker/disk-usage';
import type { EngineAccess, MethodHandlersFor } from './engine-access';

export interface DiskAccess extends EngineAccess {
  /** The engine in use: its address says whether its disk is on this machine. */
  status(): EngineStatus;
  /** Berth's VM's disk, when the VM is the engine in use. */
  vmDisk(): VmDiskFacts | undefined;
}

export function diskHandlers(engine: DiskAccess): MethodHandlersFor<typeof diskMethods> {
  return {
    'disk.usage': () => engine.engineCall((d) => diskUsage(d, engine.status().endpoint?.host ?? '', engine.vmDisk())),
    'cleanup.preview': ({ kinds, images }) => engine.engineCall((d) => previewCleanUp(d, kinds, images)),
    'cleanup.run': ({ kinds, images, until }) => engine.engineCall((d) => runCleanUp(d, kinds, images, until, (e) => engine.describe(e))),
  };
}
