/** The swarm this engine is in (or not): its state, init, join, leave and join tokens. */
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { JoinTokens, SwarmInfo } from '../contract/swarm-types';
import { dial, engineMessage, swarmCall } from './engine-calls';

interface EngineSwarmInfo {
  LocalNodeState?: string;
  ControlAvailable?: boolean;
  NodeID?: string;
  NodeAddr?: string;
  Error?: string;
  Managers?: number;
  Nodes?: number;
  RemoteManagers?: { NodeID: string; Addr: string }[] | null;
  Cluster?: { ID?: string; CreatedAt?: string };
}

export async function swarmInfo(docker: Docker): Promise<SwarmInfo> {
  const info = (await docker.info()) as { Swarm?: EngineSwarmInfo };
  const s = info.Swarm ?? {};
  const state = (['inactive', 'pending', 'active', 'error', 'locked'] as const).find((x) => x === s.LocalNodeState) ?? 'inactive';
  if (state === 'inactive') return { state, managerAddresses: [] };
  return {
    state,
    role: s.ControlAvailable ? 'manager' : 'worker',
    nodeId: s.NodeID || undefined,
    nodeAddress: s.NodeAddr || undefined,
    clusterId: s.Cluster?.ID || undefined,
    createdAt: s.Cluster?.CreatedAt || undefined,
    managers: s.Managers,
    nodes: s.Nodes,
    managerAddresses: (s.RemoteManagers ?? []).map((m) => m.Addr),
    error: s.Error || undefined,
  };
}

function refusal(e: unknown, what: string): never {
  const message = engineMessage(e);
  if (/already part of a swarm/i.test(message)) throw new UserError('This engine is already in a swarm: leave it first to create or join another.', 'conflict');
  if (/could not choose an IP address to advertise|must specify a listening address/i.test(message)) {
    throw new UserError(`The engine has more than one network address, so it cannot tell which one other nodes should use: give the address to advertise (${message.replace(/^.*\(([^)]*)\).*$/s, '$1')}).`, 'invalid-input');
  }
  if (/invalid join token|token.*invalid/i.test(message)) throw new UserError('The manager refused the join token: copy the token again from a manager (it may have been rotated).', 'permission-denied');
  if (/timeout|deadline exceeded|connection refused|no route/i.test(message)) throw new UserError(`${what} failed: the manager could not be reached (${message}). Check the address and that port 2377 is open between the machines.`, 'engine-unreachable');
  throw new UserError(`${what} failed: ${message}`, 'engine-error');
}

export async function initSwarm(docker: Docker, advertiseAddress: string): Promise<SwarmInfo> {
  try {
    await dial(docker, 'POST', '/swarm/init', { body: { ListenAddr: '0.0.0.0:2377', AdvertiseAddr: advertiseAddress || undefined } });
  } catch (e) {
    refusal(e, 'Creating the swarm');
  }
  return swarmInfo(docker);
}

export async function joinSwarm(docker: Docker, input: { managerAddress: string; token: string; advertiseAddress: string }): Promise<SwarmInfo> {
  const remote = /:\d+$/.test(input.managerAddress) ? input.managerAddress : `${input.managerAddress}:2377`;
  try {
    await dial(docker, 'POST', '/swarm/join', {
      body: { ListenAddr: '0.0.0.0:2377', AdvertiseAddr: input.advertiseAddress || undefined, RemoteAddrs: [remote], JoinToken: input.token },
    });
  } catch (e) {
    refusal(e, 'Joining the swarm');
  }
  return swarmInfo(docker);
}

export async function leaveSwarm(docker: Docker, force: boolean): Promise<SwarmInfo> {
  try {
    await dial(docker, 'POST', '/swarm/leave', { query: { force } });
  } catch (e) {
    const message = engineMessage(e);
    if (/not part of a swarm/i.test(message)) return swarmInfo(docker);
    if (/manager/i.test(message) && !force) {
      throw new UserError('This engine is a manager: leaving takes it out of the swarm’s control plane, and the last manager leaving ends the swarm (its services, secrets and configs are lost). Leave with force to do it anyway.', 'conflict');
    }
    throw new UserError(`Leaving the swarm failed: ${message}`, 'engine-error');
  }
  return swarmInfo(docker);
}

interface EngineSwarm {
  JoinTokens: { Worker: string; Manager: string };
  Version: { Index: number };
  Spec: unknown;
}

export async function joinTokens(docker: Docker): Promise<JoinTokens> {
  const swarm = await swarmCall(() => dial<EngineSwarm>(docker, 'GET', '/swarm'));
  const info = await swarmInfo(docker);
  return { worker: swarm.JoinTokens.Worker, manager: swarm.JoinTokens.Manager, joinAddress: info.nodeAddress ? `${info.nodeAddress}:2377` : undefined };
}

/** A new token for one role; the old one stops working (nodes already in the swarm are not affected). */
export async function rotateToken(docker: Docker, role: 'worker' | 'manager'): Promise<JoinTokens> {
  const swarm = await swarmCall(() => dial<EngineSwarm>(docker, 'GET', '/swarm'));
  await dial(docker, 'POST', '/swarm/update', {
    query: { version: swarm.Version.Index, rotateWorkerToken: role === 'worker', rotateManagerToken: role === 'manager' },
    body: swarm.Spec,
  });
  return joinTokens(docker);
}
