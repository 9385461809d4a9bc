/** The Containers page's part of the contract, implemented on the active engine. */
import type { containerMethods } from '../contract/containers';
import { actOnContainer, listContainers, removeContainer, settleAll } from '../docker/containers';
import type { EngineAccess, MethodHandlersFor } from './engine-access';

export function containerHandlers(engine: EngineAccess): MethodHandlersFor<typeof containerMethods> {
  return {
    'containers.list': () => engine.engineCall((d) => listContainers(d)),
    'containers.act': ({ ids, action }) =>
      engine.engineCall((d) => settleAll(ids, (id) => actOnContainer(d, id, action), (e) => engine.describe(e))),
    'containers.remove': ({ ids, volumes, force }) =>
      engine.engineCall((d) => settleAll(ids, (id) => removeContainer(d, id, { volumes, force }), (e) => engine.describe(e))),
  };
}
