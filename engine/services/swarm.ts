/** The Swarm pages' methods, implemented on the engine in use (see engine/contract/swarm.ts). */
import type { swarmMethods } from '../contract/swarm';
import { initSwarm, joinSwarm, joinTokens, leaveSwarm, rotateToken, swarmInfo } from '../swarm/cluster';
import { listNodes, removeNode, updateNode } from '../swarm/nodes';
import { configDetails, createObject, listObjects, removeObject } from '../swarm/secrets-configs';
import { createService, listServices, removeService, rollbackService, scaleService, serviceDetails, updateService } from '../swarm/services';
import { deployStack, listStacks, removeStack } from '../swarm/stacks';
import type { EngineAccess, MethodHandlersFor } from './engine-access';

export function swarmHandlers(engine: EngineAccess): MethodHandlersFor<typeof swarmMethods> {
  return {
    'swarm.info': () => engine.engineCall((d) => swarmInfo(d)),
    'swarm.init': ({ advertiseAddress }) => engine.engineCall((d) => initSwarm(d, advertiseAddress)),
    'swarm.join': (input) => engine.engineCall((d) => joinSwarm(d, input)),
    'swarm.leave': ({ force }) => engine.engineCall((d) => leaveSwarm(d, force)),
    'swarm.joinTokens': () => engine.engineCall((d) => joinTokens(d)),
    'swarm.rotateToken': ({ role }) => engine.engineCall((d) => rotateToken(d, role)),
    'nodes.list': () => engine.engineCall((d) => listNodes(d)),
    'nodes.update': (input) => engine.engineCall((d) => updateNode(d, input)),
    'nodes.remove': ({ id, force }) => engine.engineCall((d) => removeNode(d, id, force)),
    'services.list': () => engine.engineCall((d) => listServices(d)),
    'services.inspect': ({ id }) => engine.engineCall((d) => serviceDetails(d, id)),
    'services.create': ({ form }) => engine.engineCall((d) => createService(d, form)),
    'services.update': ({ id, form }) => engine.engineCall((d) => updateService(d, id, form)),
    'services.scale': ({ id, replicas }) => engine.engineCall((d) => scaleService(d, id, replicas)),
    'services.rollback': ({ id }) => engine.engineCall((d) => rollbackService(d, id)),
    'services.remove': ({ id }) => engine.engineCall((d) => removeService(d, id)),
    'stacks.list': () => engine.engineCall((d) => listStacks(d)),
    'stacks.deploy': ({ name, compose }) => engine.engineCall((d) => deployStack(d, name, compose)),
    'stacks.remove': ({ name }) => engine.engineCall((d) => removeStack(d, name)),
    'secrets.list': () => engine.engineCall((d) => listObjects(d, 'secret')),
    'secrets.create': (input) => engine.engineCall((d) => createObject(d, 'secret', input)),
    'secrets.remove': ({ id }) => engine.engineCall((d) => removeObject(d, 'secret', id)),
    'configs.list': () => engine.engineCall((d) => listObjects(d, 'config')),
    'configs.inspect': ({ id }) => engine.engineCall((d) => configDetails(d, id)),
    'configs.create': (input) => engine.engineCall((d) => createObject(d, 'config', input)),
    'configs.remove': ({ id }) => engine.engineCall((d) => removeObject(d, 'config', id)),
  };
}
