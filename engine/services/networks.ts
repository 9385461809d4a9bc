/** The Networks page's methods, implemented on the active engine. */
import type { networkMethods } from '../contract/networks';
import { connectContainer, createNetwork, disconnectContainer, listNetworks, networkAttachments, networkDetails, removeNetwork } from '../docker/networks';
import type { EngineAccess, MethodHandlersFor } from './engine-access';

export function networkHandlers(engine: EngineAccess): MethodHandlersFor<typeof networkMethods> {
  return {
    'networks.list': () => engine.engineCall((d) => listNetworks(d)),
    'networks.attachments': () => engine.engineCall((d) => networkAttachments(d)),
    'networks.inspect': ({ id }) => engine.engineCall((d) => networkDetails(d, id)),
    'networks.create': (input) => engine.engineCall((d) => createNetwork(d, input)),
    'networks.remove': ({ id }) => engine.engineCall((d) => removeNetwork(d, id)),
    'networks.connect': (input) => engine.engineCall((d) => connectContainer(d, input)),
    'networks.disconnect': (input) => engine.engineCall((d) => disconnectContainer(d, input)),
  };
}
