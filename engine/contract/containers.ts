/** The contract of the Containers page. */
import { z } from 'zod';
import { engineObjectId, method, none } from './define';
import type { BulkResult, ContainerSummary } from './types';

const containerIds = z.array(engineObjectId).min(1).max(10_000);

export const containerMethods = {
  'containers.list': method<ContainerSummary[]>()(none),
  'containers.act': method<BulkResult>()(
    z
      .object({
        ids: containerIds,
        action: z.enum(['start', 'stop', 'restart', 'pause', 'unpause', 'kill']),
      })
      .strict(),
  ),
  'containers.remove': method<BulkResult>()(
    z
      .object({
        ids: containerIds,
        /** Also remove the container's anonymous volumes. */
        volumes: z.boolean(),
        /** Remove running containers too (killing them). */
        force: z.boolean(),
      })
      .strict(),
  ),
} as const;
