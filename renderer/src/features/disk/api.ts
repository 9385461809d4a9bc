/** The engine's disk usage, and cleaning up: a preview of what would go, then the engine's prunes. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CleanUpKind, ImageCleanUp } from '../../../../engine/contract/disk-types';
import { client } from '../../app/contract-client';
import { useEngineRunning } from '../engines/api';

export const diskKeys = {
  /** Made stale by any change to containers, images or volumes (app/updates.ts). */
  usage: ['disk', 'usage'] as const,
  preview: (kinds: CleanUpKind[], images: ImageCleanUp) => ['cleanup-preview', [...kinds].sort().join(','), images] as const,
};

export const diskUsageQuery = () => queryOptions({ queryKey: diskKeys.usage, queryFn: () => client.call('disk.usage') });

export function useDiskUsage() {
  return useQuery({ ...diskUsageQuery(), enabled: useEngineRunning() });
}

/** Worked out afresh each time a clean-up is about to be confirmed, never from an old answer. */
export function useCleanUpPreview(kinds: CleanUpKind[], images: ImageCleanUp) {
  return useQuery({
    queryKey: diskKeys.preview(kinds, images),
    queryFn: () => client.call('cleanup.preview', { kinds, images }),
    enabled: useEngineRunning() && kinds.length > 0,
    staleTime: 0,
    gcTime: 0,
  });
}

export function useRunCleanUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['cleanup'],
    mutationFn: (input: { kinds: CleanUpKind[]; images: ImageCleanUp; until: string }) => client.call('cleanup.run', input),
    onSettled: () =>
      Promise.all(
        (['disk', 'volume-sizes', 'containers', 'images', 'volumes', 'networks'] as const).map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
      ),
  });
}
