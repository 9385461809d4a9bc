/** One container's details: its inspect data, its folders, and moving files in and out. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { client } from '../../app/contract-client';
import { useEngineRunning } from '../engines/api';

export const detailKeys = {
  /** Under `containers`: any change to containers refreshes what the page shows. */
  inspect: (id: string) => ['containers', 'inspect', id] as const,
  /**
   * Not under `containers`: listing a running container's folder runs `exec`, which the engine reports as
   * a container event; refreshing on container events would list again, forever. Refreshed by hand instead.
   */
  folder: (id: string, path: string) => ['container-files', id, path] as const,
};

export const inspectQuery = (id: string) => queryOptions({ queryKey: detailKeys.inspect(id), queryFn: () => client.call('container.inspect', { id }) });

export function useContainerInspect(id: string) {
  const running = useEngineRunning();
  return useQuery({ ...inspectQuery(id), enabled: running });
}

export const folderQuery = (id: string, path: string) =>
  queryOptions({ queryKey: detailKeys.folder(id, path), queryFn: () => client.call('container.files.list', { id, path }), staleTime: 0 });

export function useFolder(id: string, path: string) {
  const running = useEngineRunning();
  return useQuery({ ...folderQuery(id, path), enabled: running, placeholderData: keepPreviousData });
}
