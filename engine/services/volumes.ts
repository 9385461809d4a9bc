/** The Volumes page's methods, implemented on the active engine. */
import type { volumeMethods } from '../contract/volumes';
import { VOLUME_MOUNT, listFolder } from '../docker/volume-archive';
import { withVolumeHelper } from '../docker/volume-helper';
import { createVolume, inspectVolume, listVolumes, removeVolumes, volumeDetails, volumeSizes, volumeUsers } from '../docker/volumes';
import type { EngineAccess, MethodHandlersFor } from './engine-access';

export function volumeHandlers(engine: EngineAccess): MethodHandlersFor<typeof volumeMethods> {
  return {
    'volumes.list': () => engine.engineCall((d) => listVolumes(d)),
    'volumes.users': () => engine.engineCall((d) => volumeUsers(d)),
    'volumes.sizes': () => engine.engineCall((d) => volumeSizes(d)),
    'volumes.inspect': ({ name }) => engine.engineCall((d) => volumeDetails(d, name)),
    'volumes.create': (input) => engine.engineCall((d) => createVolume(d, input)),
    'volumes.remove': ({ names }) => engine.engineCall((d) => removeVolumes(d, names, (e) => engine.describe(e))),
    'volumes.browse': ({ name, path }) =>
      engine.engineCall(async (d) => {
        // Mounting a volume that does not exist would create it: make sure it is there first.
        await inspectVolume(d, name);
        return withVolumeHelper(d, 'browse', [{ volume: name, target: VOLUME_MOUNT, readOnly: true }], (helper) => listFolder(helper, name, path));
      }),
  };
}
