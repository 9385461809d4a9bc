/** The shapes of the Networks page: networks, the containers on them, and each container's network mode. */
import type { ContainerState } from './types';

export interface NetworkSubnet {
  subnet: string;
  gateway?: string;
  ipRange?: string;
}

export interface NetworkSummary {
  id: string;
  name: string;
  /** bridge, host, null (none), overlay, macvlan, … */
  driver: string;
  scope: string;
  /** Seconds since the epoch. */
  created?: number;
  internal: boolean;
  attachable: boolean;
  ipv6: boolean;
  subnets: NetworkSubnet[];
  labels: Record<string, string>;
  /** `bridge`, `host` and `none` come with the engine and cannot be removed. */
  builtIn: boolean;
  composeProject?: string;
}

/** A container on a network: running ones have addresses; stopped ones keep the attachment for their next start. */
export interface NetworkAttachment {
  containerId: string;
  containerName: string;
  state: ContainerState;
  /** Without the prefix length, e.g. 172.18.0.2. */
  ipv4?: string;
  ipv6?: string;
  /** Extra names the container answers to on this network (details only). */
  aliases?: string[];
}

/** The four ways a container can be networked, as Docker's documentation describes them. */
export type NetworkMode = 'bridge' | 'host' | 'container' | 'none';

export interface ContainerNetworking {
  containerId: string;
  containerName: string;
  state: ContainerState;
  mode: NetworkMode;
  /**
   * For bridge: the networks it is on (`bridge` is the default one). For container: the container whose
   * network it shares.
   */
  networks: string[];
  sharesWith?: string;
}

export interface NetworkAttachments {
  /** By network name (a container that never ran knows its networks by name only). */
  byNetwork: Record<string, NetworkAttachment[]>;
  containers: ContainerNetworking[];
}

export interface NetworkDetails {
  network: NetworkSummary;
  containers: NetworkAttachment[];
  options: Record<string, string>;
  raw: string;
}
