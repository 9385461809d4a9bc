/** The contract of the Run dialog: checking a container before it is created, creating it, recreating one. */
import { z } from 'zod';
import { engineObjectId, method } from './define';
import { hostPath } from './transfer';
import { containerCreateSpec } from './run-spec-schema';
import type { RunChoice, RunCheckResult, RunFile, RunResult, RunTemplate } from './run-types';

export { CONTAINER_NAME, containerCreateSpec } from './run-spec-schema';

export const runMethods = {
  /**
   * What can be known before creating: a name already taken, an image that is not here, a host port in
   * use, a folder that does not exist. `replacing` is the container being recreated, whose name and
   * ports are about to be freed.
   */
  'run.check': method<RunCheckResult>()(z.object({ spec: containerCreateSpec, replacing: engineObjectId.optional() }).strict()),
  /** Creates the container and starts it (`start: false`: only creates it, as `docker create`). */
  'run.create': method<RunResult>()(z.object({ spec: containerCreateSpec, start: z.boolean().optional() }).strict()),
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
  /**
   * A file a pasted command names (`--env-file`, `--label-file`), read on the machine Berth runs on (the
   * desktop app reads it at once; in browser mode the page first offers to read it from the user's own
   * computer). At most 1 MiB of text: these files hold variables and labels.
   */
  'run.readFile': method<RunFile>()(z.object({ path: hostPath.shape.path }).strict()),
} as const;
