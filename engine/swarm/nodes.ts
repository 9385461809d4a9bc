/** The nodes of the swarm, seen from a manager: list, availability, role, labels and removal. */
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { SwarmNode } from '../contract/swarm-types';
import { dial, engineMessage, swarmCall } from './engine-calls';

export interface EngineNode {
  ID: string;
  Version: { Index: number };
  Spec: { Role: 'manager' | 'worker'; Availability: 'active' | 'pause' | 'drain'; Labels?: Record<string, string>; Name?: string };
  Description?: {
    Hostname?: string;
    Platform?: { OS?: string; Architecture?: string };
    Resources?: { NanoCPUs?: number; MemoryBytes?: number };
    Engine?: { EngineVersion?: string };
  };
  Status: { State: string; Addr?: string; Message?: string };
  ManagerStatus?: { Reachability?: string; Leader?: boolean; Addr?: string };
}

export function toNode(n: EngineNode, selfId: string | undefined): SwarmNode {
  const cpus = n.Description?.Resources?.NanoCPUs;
  return {
    id: n.ID,
    hostname: n.Description?.Hostname ?? n.ID.slice(0, 12),
    role: n.Spec.Role,
    availability: n.Spec.Availability,
    status: n.Status.State,
    address: n.Status.Addr || undefined,
    managerReachability: n.ManagerStatus?.Reachability,
    leader: Boolean(n.ManagerStatus?.Leader),
    engineVersion: n.Description?.Engine?.EngineVersion,
    labels: n.Spec.Labels ?? {},
    cpus: cpus ? cpus / 1e9 : undefined,
    memoryBytes: n.Description?.Resources?.MemoryBytes,
    os: n.Description?.Platform?.OS,
    arch: n.Description?.Platform?.Architecture,
    self: n.ID === selfId,
    version: n.Version.Index,
  };
}

async function selfId(docker: Docker): Promise<string | undefined> {
  const info = (await docker.info()) as { Swarm?: { NodeID?: string } };
  return info.Swarm?.NodeID || undefined;
}

export async function listNodes(docker: Docker): Promise<SwarmNode[]> {
  const [nodes, self] = await Promise.all([swarmCall(() => docker.listNodes() as Promise<EngineNode[]>), selfId(docker)]);
  return nodes.map((n) => toNode(n, self)).sort((a, b) => Number(b.role === 'manager') - Number(a.role === 'manager') || a.hostname.localeCompare(b.hostname));
}

async function inspectNode(docker: Docker, id: string): Promise<EngineNode> {
  try {
    return await swarmCall(() => docker.getNode(id).inspect() as Promise<EngineNode>);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) throw new UserError(`There is no node “${id}” in the swarm (any more).`, 'not-found');
    throw e;
  }
}

/** Changes availability, role or labels; the rest of the node's spec is kept. */
export async function updateNode(docker: Docker, input: { id: string; availability?: SwarmNode['availability']; role?: SwarmNode['role']; labels?: Record<string, string> }): Promise<SwarmNode> {
  const node = await inspectNode(docker, input.id);
  const name = node.Description?.Hostname ?? input.id;
  if (input.role === 'worker' && node.Spec.Role === 'manager') {
    const managers = ((await docker.listNodes()) as EngineNode[]).filter((n) => n.Spec.Role === 'manager');
    if (managers.length <= 1) throw new UserError(`${name} is the swarm’s only manager: promote another node first, or the swarm would have no manager left.`, 'conflict');
  }
  const spec = {
    ...node.Spec,
    ...(input.availability ? { Availability: input.availability } : {}),
    ...(input.role ? { Role: input.role } : {}),
    ...(input.labels ? { Labels: input.labels } : {}),
  };
  try {
    await dial(docker, 'POST', `/nodes/${encodeURIComponent(node.ID)}/update`, { query: { version: node.Version.Index }, body: spec });
  } catch (e) {
    const message = engineMessage(e);
    if (/update out of sequence/i.test(message)) throw new UserError(`${name} was changed elsewhere at the same moment: look at it again and repeat the change.`, 'conflict');
    throw new UserError(`Could not change ${name}: ${message}`, 'engine-error');
  }
  return toNode(await inspectNode(docker, node.ID), await selfId(docker));
}

/** Removes a node that is down; a node that is up is refused in words (the engine would refuse too). */
export async function removeNode(docker: Docker, id: string, force: boolean): Promise<{ hostname: string }> {
  const node = await inspectNode(docker, id);
  const hostname = node.Description?.Hostname ?? id;
  if (node.Status.State === 'ready' && !force) {
    throw new UserError(
      `${hostname} is up: a node is removed once it has left the swarm or is down. Drain it, then run “docker swarm leave” on it (or stop its engine), and remove it here.`,
      'conflict',
    );
  }
  if (node.Spec.Role === 'manager') throw new UserError(`${hostname} is a manager: demote it to a worker first.`, 'conflict');
  await docker.getNode(node.ID).remove({ force });
  return { hostname };
}
