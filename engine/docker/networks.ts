/**
 * Networks on one engine: listing them with the containers on them, creating bridge networks, removing,
 * connecting and disconnecting containers, and each container's network mode.
 */
import type Docker from 'dockerode';
import type { ContainerInfo, NetworkInspectInfo } from 'dockerode';
import { contains, formatSubnet, overlaps, parseIPv4, parseSubnet } from '../contract/cidr';
import { UserError } from '../contract/errors';
import type { ContainerNetworking, NetworkAttachment, NetworkAttachments, NetworkDetails, NetworkMode, NetworkSummary } from '../contract/networks-types';
import type { ContainerState } from '../contract/types';
import { HELPER_LABEL } from './volume-helper';
import { containerName } from './volumes';

const BUILT_IN = new Set(['bridge', 'host', 'none']);
const COMPOSE_PROJECT = 'com.docker.compose.project';

type EngineNetwork = NetworkInspectInfo & { Created?: string; Labels?: Record<string, string> | null };

export function toNetworkSummary(n: EngineNetwork): NetworkSummary {
  const created = n.Created ? Date.parse(n.Created) : NaN;
  const labels = n.Labels ?? {};
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    scope: n.Scope,
    created: Number.isNaN(created) ? undefined : Math.floor(created / 1000),
    internal: Boolean(n.Internal),
    attachable: Boolean(n.Attachable),
    ipv6: Boolean(n.EnableIPv6),
    subnets: (n.IPAM?.Config ?? [])
      .filter((c) => c.Subnet)
      .map((c) => ({ subnet: c.Subnet!, gateway: c.Gateway || undefined, ipRange: c.IPRange || undefined })),
    labels,
    builtIn: BUILT_IN.has(n.Name),
    composeProject: labels[COMPOSE_PROJECT],
  };
}

export async function listNetworks(docker: Docker): Promise<NetworkSummary[]> {
  const list = (await docker.listNetworks()) as EngineNetwork[];
  return list.map(toNetworkSummary).sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name));
}

/** What Docker's documentation calls the container's network mode, from HostConfig.NetworkMode. */
export function networkModeOf(mode: string | undefined): { mode: NetworkMode; sharesWith?: string } {
  if (mode === 'host') return { mode: 'host' };
  if (mode === 'none') return { mode: 'none' };
  if (mode?.startsWith('container:')) return { mode: 'container', sharesWith: mode.slice('container:'.length) };
  // "default", "bridge" or the name of a user-defined network (a bridge of its own, usually).
  return { mode: 'bridge' };
}

/** Which containers are on which network (running or not) and how each container is networked. */
export function attachmentsOf(containers: ContainerInfo[]): NetworkAttachments {
  const byNetwork: Record<string, NetworkAttachment[]> = {};
  const nameById = new Map(containers.map((c) => [c.Id, containerName(c)]));
  const modes: ContainerNetworking[] = [];
  for (const c of containers) {
    // Berth's volume helpers never run and have no network: nothing to show.
    if (HELPER_LABEL in (c.Labels ?? {})) continue;
    const networks = c.NetworkSettings?.Networks ?? {};
    for (const [name, endpoint] of Object.entries(networks)) {
      // By name: a container that never ran has no network id yet.
      (byNetwork[name] ??= []).push({
        containerId: c.Id,
        containerName: containerName(c),
        state: c.State as ContainerState,
        ipv4: endpoint.IPAddress || undefined,
        ipv6: endpoint.GlobalIPv6Address || undefined,
      });
    }
    const { mode, sharesWith } = networkModeOf(c.HostConfig?.NetworkMode);
    const shared = sharesWith && (nameById.get(sharesWith) ?? [...nameById].find(([id]) => id.startsWith(sharesWith))?.[1] ?? sharesWith.slice(0, 12));
    modes.push({
      containerId: c.Id,
      containerName: containerName(c),
      state: c.State as ContainerState,
      mode,
      networks: mode === 'bridge' ? Object.keys(networks) : [],
      sharesWith: shared || undefined,
    });
  }
  modes.sort((a, b) => a.containerName.localeCompare(b.containerName));
  return { byNetwork, containers: modes };
}

export async function networkAttachments(docker: Docker): Promise<NetworkAttachments> {
  return attachmentsOf(await docker.listContainers({ all: true }));
}

async function inspectNetwork(docker: Docker, id: string): Promise<EngineNetwork> {
  try {
    return (await docker.getNetwork(id).inspect()) as EngineNetwork;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) throw new UserError(`There is no network “${id}” (any more): it may have been removed.`, 'not-found');
    throw e;
  }
}

export async function networkDetails(docker: Docker, id: string): Promise<NetworkDetails> {
  const n = await inspectNetwork(docker, id);
  const all = attachmentsOf(await docker.listContainers({ all: true })).byNetwork[n.Name] ?? [];
  // Aliases live on each container's endpoint, not in the network's answer.
  const containers = await Promise.all(
    all.map(async (a) => {
      const c = await docker.getContainer(a.containerId).inspect().catch(() => undefined);
      const endpoint = c?.NetworkSettings.Networks[n.Name];
      const aliases = (endpoint?.Aliases ?? []).filter((alias: string) => !a.containerId.startsWith(alias));
      return { ...a, aliases };
    }),
  );
  return { network: toNetworkSummary(n), containers, options: n.Options ?? {}, raw: JSON.stringify(n, null, 2) };
}

export interface NewNetwork {
  name: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  internal: boolean;
  attachable: boolean;
  labels?: Record<string, string>;
}

/** Creates a bridge network; says which network is in the way when the name or subnet is taken. */
export async function createNetwork(docker: Docker, n: NewNetwork): Promise<NetworkSummary> {
  const existing = (await docker.listNetworks()) as EngineNetwork[];
  if (existing.some((e) => e.Name === n.name)) throw new UserError(`A network named “${n.name}” already exists: choose another name.`, 'conflict');
  const subnetText = n.subnet?.trim();
  if (subnetText) {
    const subnet = parseSubnet(subnetText);
    if (typeof subnet === 'string') throw new UserError(subnet, 'invalid-input');
    for (const other of existing) {
      for (const c of other.IPAM?.Config ?? []) {
        const theirs = c.Subnet ? parseSubnet(c.Subnet) : undefined;
        if (theirs && typeof theirs !== 'string' && overlaps(subnet, theirs)) {
          throw new UserError(`${formatSubnet(subnet)} overlaps network ${other.Name} (${c.Subnet}): choose a range no other network uses.`, 'conflict');
        }
      }
    }
  }
  const created = await docker.createNetwork({
    Name: n.name,
    Driver: 'bridge',
    // Without this the engine makes a second network with the same name.
    CheckDuplicate: true,
    Internal: n.internal,
    Attachable: n.attachable,
    Labels: n.labels ?? {},
    IPAM: subnetText
      ? { Driver: 'default', Config: [{ Subnet: subnetText, Gateway: n.gateway?.trim() || undefined, IPRange: n.ipRange?.trim() || undefined } as { Subnet: string }] }
      : undefined,
  });
  return toNetworkSummary(await inspectNetwork(docker, created.id));
}

/** Removes a network; refuses, naming them, while running containers are on it. */
export async function removeNetwork(docker: Docker, id: string): Promise<{ name: string }> {
  const n = await inspectNetwork(docker, id);
  if (BUILT_IN.has(n.Name)) throw new UserError(`${n.Name} comes with the engine and cannot be removed.`, 'not-supported');
  const running = Object.values(n.Containers ?? {}).map((c) => c.Name);
  if (running.length) {
    const list = running.length === 1 ? running[0] : `${running.slice(0, -1).join(', ')} and ${running.at(-1)}`;
    throw new UserError(`${n.Name} still has ${running.length === 1 ? 'container' : 'containers'} ${list} on it: disconnect or stop ${running.length === 1 ? 'it' : 'them'} first.`, 'conflict');
  }
  await docker.getNetwork(n.Id).remove();
  return { name: n.Name };
}

/** Connects a container; a fixed address is checked against the network's subnets first. */
export async function connectContainer(docker: Docker, input: { network: string; container: string; aliases: string[]; ipv4?: string }): Promise<NetworkDetails> {
  const n = await inspectNetwork(docker, input.network);
  const ipv4 = input.ipv4?.trim();
  if (ipv4) {
    const address = parseIPv4(ipv4);
    const subnets = (n.IPAM?.Config ?? []).map((c) => (c.Subnet ? parseSubnet(c.Subnet) : undefined)).filter((s) => s && typeof s !== 'string');
    if (address !== undefined && subnets.length && !subnets.some((s) => s && typeof s !== 'string' && contains(s, address))) {
      const ranges = (n.IPAM?.Config ?? []).map((c) => c.Subnet).join(', ');
      throw new UserError(`${ipv4} is outside ${n.Name}’s subnet (${ranges}): choose an address inside it.`, 'invalid-input');
    }
  }
  await docker.getNetwork(n.Id).connect({
    Container: input.container,
    EndpointConfig: { Aliases: input.aliases.length ? input.aliases : undefined, IPAMConfig: ipv4 ? { IPv4Address: ipv4 } : undefined },
  });
  return networkDetails(docker, n.Id);
}

export async function disconnectContainer(docker: Docker, input: { network: string; container: string; force: boolean }): Promise<NetworkDetails> {
  const n = await inspectNetwork(docker, input.network);
  await docker.getNetwork(n.Id).disconnect({ Container: input.container, Force: input.force });
  return networkDetails(docker, n.Id);
}
