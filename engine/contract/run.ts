/** The contract of the Run dialog: checking a container before it is created, creating it, recreating one. */
import { z } from 'zod';
import { engineObjectId, method } from './define';
import type { ContainerCreateSpec, RunChoice, RunCheckResult, RunResult, RunTemplate } from './run-types';

/** The engine's own rule for container names. */
export const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

const text = (max: number) => z.string().max(max);
const empty = z.object({}).strict();
const port = z.string().regex(/^\d{1,5}\/(tcp|udp|sctp)$/, 'a port like 8080/tcp');

const hostConfig = z
  .object({
    PortBindings: z
      .record(port, z.array(z.object({ HostIp: text(64).optional(), HostPort: z.string().regex(/^\d{0,5}$/).optional() }).strict()).max(32))
      .optional(),
    PublishAllPorts: z.boolean().optional(),
    Binds: z.array(text(4096).min(1)).max(256).optional(),
    RestartPolicy: z
      .object({ Name: z.enum(['no', 'on-failure', 'always', 'unless-stopped']), MaximumRetryCount: z.number().int().min(0).max(1_000_000).optional() })
      .strict()
      .optional(),
    NetworkMode: text(300).optional(),
    NanoCpus: z.number().int().min(0).max(1_000_000 * 1e9).optional(),
    Memory: z.number().int().min(0).max(2 ** 53).optional(),
    AutoRemove: z.boolean().optional(),
    Privileged: z.boolean().optional(),
    Init: z.boolean().optional(),
  })
  .strict();

export const containerCreateSpec = z
  .object({
    name: z.string().regex(CONTAINER_NAME, 'a name of letters, digits, _ . - (at least two)').max(255).optional(),
    Image: text(1024).min(1, 'an image'),
    Cmd: z.array(text(65_536)).max(4096).optional(),
    Entrypoint: z.array(text(65_536)).max(4096).optional(),
    Env: z.array(text(131_072).regex(/^[^=]+=/s, 'KEY=value')).max(4096).optional(),
    WorkingDir: text(4096).optional(),
    User: text(256).optional(),
    Hostname: text(253).optional(),
    Labels: z.record(text(1024).min(1), text(65_536)).optional(),
    ExposedPorts: z.record(port, empty).optional(),
    Volumes: z.record(text(4096).min(1), empty).optional(),
    Tty: z.boolean().optional(),
    OpenStdin: z.boolean().optional(),
    HostConfig: hostConfig,
  })
  .strict();

// The schema and the hand-written type describe the same thing; the compiler holds them together.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const specMatches: Same<z.output<typeof containerCreateSpec>, ContainerCreateSpec> = true;
void specMatches;

export const runMethods = {
  /**
   * What can be known before creating: a name already taken, an image that is not here, a host port in
   * use, a folder that does not exist. `replacing` is the container being recreated, whose name and
   * ports are about to be freed.
   */
  'run.check': method<RunCheckResult>()(z.object({ spec: containerCreateSpec, replacing: engineObjectId.optional() }).strict()),
  /** Creates the container and starts it. */
  'run.create': method<RunResult>()(z.object({ spec: containerCreateSpec }).strict()),
  /**
   * Replaces a container with one made from `spec`, keeping its volumes: the old one is set aside, the
   * new one created and started, and the old one removed only once the new one runs (or restored if it
   * does not).
   */
  'run.recreate': method<RunResult>()(z.object({ id: engineObjectId, spec: containerCreateSpec }).strict()),
  /** What the form can offer to pick from. */
  'run.choices': method<RunChoice[]>()(z.object({ of: z.enum(['images', 'networks', 'volumes', 'containers']) }).strict()),
  /** How an existing container was made, for "Duplicate" and "Recreate with changes". */
  'run.template': method<RunTemplate>()(z.object({ id: engineObjectId }).strict()),
} as const;
