/**
 * The contract of the Swarm pages: the swarm (init, join, leave, join tokens), nodes, services and their
 * tasks, stacks, secrets and configs. Everything runs on the engine in use, which must be a manager for
 * all but the swarm's own state.
 */
import { z } from 'zod';
import { engineObjectId, method, none } from './define';
import type { ConfigDetails, JoinTokens, ServiceDetails, ServiceSummary, StackSummary, SwarmInfo, SwarmNode, SwarmObject } from './swarm-types';

const text = (max: number) => z.string().max(max);
const labels = z.record(z.string().trim().min(1).max(255), z.string().max(4096));

/** The engine's rule for secret and config names (swarmkit refuses anything else). */
export const SWARM_OBJECT_NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9._-]*[a-zA-Z0-9])?$/;
export const swarmObjectName = z
  .string()
  .trim()
  .min(1, 'a name')
  .max(64, 'at most 64 characters')
  .regex(SWARM_OBJECT_NAME, 'letters, digits, dots, dashes and underscores, starting and ending with a letter or digit');

/** The engine's rule for service names (a DNS label) and stack names. */
export const serviceName = z
  .string()
  .trim()
  .min(1, 'a name')
  .max(63, 'at most 63 characters')
  .regex(/^[a-zA-Z0-9](?:[a-zA-Z0-9-_]*[a-zA-Z0-9])?$/, 'letters, digits, dashes and underscores, starting and ending with a letter or digit');

/** host:port or an address alone (the port defaults to 2377). */
const managerAddress = z
  .string()
  .trim()
  .min(1, 'the address of a manager')
  .max(300)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'an address like 10.0.0.5:2377');
const listenAddress = z.string().trim().max(300).regex(/^[A-Za-z0-9.:[\]-]*$/, 'an address like 10.0.0.5 or eth0').default('');

const policy = z
  .object({
    parallelism: z.number().int().min(0).max(10_000),
    delaySeconds: z.number().min(0).max(86_400),
    failureAction: z.enum(['pause', 'continue', 'rollback']),
    order: z.enum(['stop-first', 'start-first']),
    monitorSeconds: z.number().min(0).max(86_400),
  })
  .strict();

const reference = z.object({ name: swarmObjectName, target: text(255).regex(/^[^/\0][^\0]*$|^$/, 'a file name').default('') }).strict();

export const serviceForm = z
  .object({
    name: serviceName,
    image: text(1024).trim().min(1, 'an image'),
    entrypoint: z.array(text(65_536)).max(4096).default([]),
    command: z.array(text(65_536)).max(4096).default([]),
    env: z.array(text(131_072).regex(/^[^=]+=/s, 'KEY=value')).max(4096).default([]),
    workdir: text(4096).default(''),
    user: text(256).default(''),
    tty: z.boolean().default(false),
    labels: labels.default({}),
    mode: z.enum(['replicated', 'global']).default('replicated'),
    replicas: z.number().int().min(0).max(10_000).default(1),
    ports: z
      .array(
        z
          .object({
            target: z.number().int().min(1).max(65_535),
            published: z.number().int().min(1).max(65_535).optional(),
            protocol: z.enum(['tcp', 'udp', 'sctp']).default('tcp'),
            mode: z.enum(['ingress', 'host']).default('ingress'),
          })
          .strict(),
      )
      .max(256)
      .default([]),
    mounts: z
      .array(z.object({ type: z.enum(['volume', 'bind', 'tmpfs']), source: text(4096), target: text(4096).min(1, 'a path in the container'), readOnly: z.boolean().default(false) }).strict())
      .max(256)
      .default([]),
    networks: z.array(engineObjectId).max(64).default([]),
    constraints: z.array(text(1024).regex(/^\s*[\w.-]+\s*(==|!=)\s*\S.*$/, 'a constraint like node.role==manager')).max(64).default([]),
    preferences: z.array(text(1024).regex(/^spread=\S+$/, 'a preference like spread=node.labels.zone')).max(16).default([]),
    restartCondition: z.enum(['none', 'on-failure', 'any']).default('any'),
    update: policy.default({ parallelism: 1, delaySeconds: 0, failureAction: 'pause', order: 'stop-first', monitorSeconds: 5 }),
    rollback: policy.default({ parallelism: 1, delaySeconds: 0, failureAction: 'pause', order: 'stop-first', monitorSeconds: 5 }),
    cpuLimit: z.number().min(0).max(10_000).default(0),
    memoryLimitBytes: z.number().int().min(0).max(2 ** 53).default(0),
    cpuReservation: z.number().min(0).max(10_000).default(0),
    memoryReservationBytes: z.number().int().min(0).max(2 ** 53).default(0),
    secrets: z.array(reference).max(256).default([]),
    configs: z.array(reference).max(256).default([]),
  })
  .strict();

/** At most 500 KB, the engine's own limit. */
const MAX_VALUE = 500 * 1024;
/** Text as typed, or a file's bytes in base64. */
const value = z.discriminatedUnion('encoding', [
  z.object({ encoding: z.literal('text'), data: z.string().min(1, 'a value').max(MAX_VALUE, 'at most 500 KB') }).strict(),
  z.object({ encoding: z.literal('base64'), data: z.string().min(1, 'a file that is not empty').max(Math.ceil(MAX_VALUE / 3) * 4, 'at most 500 KB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64') }).strict(),
]);

const stackFile = z.string().min(1, 'a Compose file').max(1024 * 1024, 'a Compose file of at most 1 MB');

export const swarmMethods = {
  'swarm.info': method<SwarmInfo>()(none),
  'swarm.init': method<SwarmInfo>()(z.object({ advertiseAddress: listenAddress }).strict()),
  'swarm.join': method<SwarmInfo>()(
    z.object({ managerAddress, token: z.string().trim().regex(/^SWMTKN-1-[a-z0-9]+-[a-z0-9]+$/, 'a join token starting with SWMTKN-1-'), advertiseAddress: listenAddress }).strict(),
  ),
  /** A manager must be forced out (and the swarm may lose its quorum); the UI says so before asking. */
  'swarm.leave': method<SwarmInfo>()(z.object({ force: z.boolean().default(false) }).strict()),
  /** Only on request: a token lets whoever holds it join the swarm. */
  'swarm.joinTokens': method<JoinTokens>()(none),
  'swarm.rotateToken': method<JoinTokens>()(z.object({ role: z.enum(['worker', 'manager']) }).strict()),

  'nodes.list': method<SwarmNode[]>()(none),
  'nodes.update': method<SwarmNode>()(
    z
      .object({
        id: engineObjectId,
        availability: z.enum(['active', 'pause', 'drain']).optional(),
        role: z.enum(['manager', 'worker']).optional(),
        labels: labels.optional(),
      })
      .strict(),
  ),
  /** Refused in words while the node is up: drain it and stop its engine (or have it leave) first. */
  'nodes.remove': method<{ hostname: string }>()(z.object({ id: engineObjectId, force: z.boolean().default(false) }).strict()),

  'services.list': method<ServiceSummary[]>()(none),
  'services.inspect': method<ServiceDetails>()(z.object({ id: engineObjectId }).strict()),
  'services.create': method<ServiceSummary>()(z.object({ form: serviceForm }).strict()),
  /** Applies the form over the service's spec as it is (fields the form does not show are kept). */
  'services.update': method<ServiceSummary>()(z.object({ id: engineObjectId, form: serviceForm }).strict()),
  'services.scale': method<ServiceSummary>()(z.object({ id: engineObjectId, replicas: z.number().int().min(0).max(10_000) }).strict()),
  /** Back to the spec before the last update, as `docker service rollback` does. */
  'services.rollback': method<ServiceSummary>()(z.object({ id: engineObjectId }).strict()),
  'services.remove': method<{ name: string }>()(z.object({ id: engineObjectId }).strict()),

  'stacks.list': method<StackSummary[]>()(none),
  /**
   * Deploys (or redeploys) a Compose file as a stack with the docker CLI, as `docker stack deploy -c FILE
   * NAME` does. The file is checked first; a deploy of a new stack that fails part way is undone.
   */
  'stacks.deploy': method<StackSummary>()(z.object({ name: serviceName, compose: stackFile }).strict()),
  'stacks.remove': method<{ name: string }>()(z.object({ name: serviceName }).strict()),

  'secrets.list': method<SwarmObject[]>()(none),
  /** The value goes to the engine and nowhere else: it is not in any answer, log or file of Berth's. */
  'secrets.create': method<SwarmObject>()(z.object({ name: swarmObjectName, value, labels: labels.default({}) }).strict()),
  /** Refused while services use it, naming them. */
  'secrets.remove': method<{ name: string }>()(z.object({ id: engineObjectId }).strict()),
  'configs.list': method<SwarmObject[]>()(none),
  'configs.inspect': method<ConfigDetails>()(z.object({ id: engineObjectId }).strict()),
  'configs.create': method<SwarmObject>()(z.object({ name: swarmObjectName, value, labels: labels.default({}) }).strict()),
  'configs.remove': method<{ name: string }>()(z.object({ id: engineObjectId }).strict()),
} as const;
