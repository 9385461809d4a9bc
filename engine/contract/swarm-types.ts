/** The shapes of the Swarm pages: the swarm itself, nodes, services and their tasks, stacks, secrets and configs. */

export type SwarmRole = 'manager' | 'worker';

/** What this engine is to a swarm. */
export interface SwarmInfo {
  /** inactive: not in a swarm; pending: joining; error/locked: in one but not working. */
  state: 'inactive' | 'pending' | 'active' | 'error' | 'locked';
  /** Only a manager can list nodes, services, stacks, secrets and configs. */
  role?: SwarmRole;
  nodeId?: string;
  nodeAddress?: string;
  clusterId?: string;
  /** RFC 3339. */
  createdAt?: string;
  managers?: number;
  nodes?: number;
  /** The addresses of managers this node knows (to join the same swarm elsewhere). */
  managerAddresses: string[];
  error?: string;
}

export interface JoinTokens {
  worker: string;
  manager: string;
  /** The address other engines join through: `<address>:2377`. */
  joinAddress?: string;
}

export interface SwarmNode {
  id: string;
  hostname: string;
  role: SwarmRole;
  availability: 'active' | 'pause' | 'drain';
  /** ready, down, disconnected, unknown. */
  status: string;
  address?: string;
  /** Managers only: reachable, unreachable, unknown; and whether it is the Raft leader. */
  managerReachability?: string;
  leader: boolean;
  engineVersion?: string;
  labels: Record<string, string>;
  cpus?: number;
  memoryBytes?: number;
  os?: string;
  arch?: string;
  /** The node Berth is connected to. */
  self: boolean;
  version: number;
}

export interface PublishedPort {
  target: number;
  published?: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  /** host: on the node the task runs on; ingress: the routing mesh, on every node. */
  mode: 'ingress' | 'host';
}

export interface ServiceMount {
  type: 'volume' | 'bind' | 'tmpfs';
  source: string;
  target: string;
  readOnly: boolean;
}

export interface UpdatePolicy {
  parallelism: number;
  /** Seconds between batches. */
  delaySeconds: number;
  failureAction: 'pause' | 'continue' | 'rollback';
  order: 'stop-first' | 'start-first';
  /** Seconds each task is watched for failure after it is updated. */
  monitorSeconds: number;
}

export interface ServiceReference {
  /** The secret's or config's name. */
  name: string;
  /** The file name in the container (/run/secrets/<target> for secrets). */
  target: string;
}

/** Everything a user sets on a service; the same shape creates and updates one. */
export interface ServiceForm {
  name: string;
  image: string;
  /** Replaces the image's entrypoint when set. */
  entrypoint: string[];
  /** Replaces the image's command when set. */
  command: string[];
  env: string[];
  workdir: string;
  user: string;
  tty: boolean;
  labels: Record<string, string>;
  mode: 'replicated' | 'global';
  replicas: number;
  ports: PublishedPort[];
  mounts: ServiceMount[];
  networks: string[];
  constraints: string[];
  /** spread=node.labels.zone, … */
  preferences: string[];
  restartCondition: 'none' | 'on-failure' | 'any';
  update: UpdatePolicy;
  rollback: UpdatePolicy;
  /** CPUs (1.5 = one and a half) and bytes; 0 means none. */
  cpuLimit: number;
  memoryLimitBytes: number;
  cpuReservation: number;
  memoryReservationBytes: number;
  secrets: ServiceReference[];
  configs: ServiceReference[];
}

export interface ServiceSummary {
  id: string;
  name: string;
  mode: 'replicated' | 'global';
  image: string;
  /** Tasks running now, and how many are wanted (for a global service: one per eligible node). */
  running: number;
  desired: number;
  ports: PublishedPort[];
  /** RFC 3339. */
  createdAt: string;
  updatedAt: string;
  /** The rolling update or rollback under way or last done, as the engine reports it. */
  update?: { state: string; message?: string; startedAt?: string; completedAt?: string };
  stack?: string;
  /** A previous spec exists, so a rollback is possible. */
  canRollback: boolean;
}

export interface ServiceTask {
  id: string;
  /** service.slot, or service.node for a global service. */
  name: string;
  slot?: number;
  nodeId: string;
  nodeHostname?: string;
  /** new, pending, assigned, preparing, starting, running, complete, shutdown, failed, rejected, … */
  state: string;
  desiredState: string;
  message?: string;
  error?: string;
  /** RFC 3339: when the task entered its state. */
  since: string;
  image: string;
  /** Made from the service's spec as it is now (false: from before an update still rolling). */
  current: boolean;
  containerId?: string;
}

export interface ServiceDetails {
  service: ServiceSummary;
  form: ServiceForm;
  tasks: ServiceTask[];
  raw: string;
}

export interface StackSummary {
  name: string;
  services: { id: string; name: string; image: string; running: number; desired: number }[];
  networks: string[];
  secrets: string[];
  configs: string[];
}

/** A secret or a config; a secret's value never leaves the engine. */
export interface SwarmObject {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  labels: Record<string, string>;
  /** Services that use it. */
  usedBy: string[];
  stack?: string;
}

export interface ConfigDetails extends SwarmObject {
  /** A config's content (configs are not secret); undefined when it is not text. */
  text?: string;
  sizeBytes: number;
}
