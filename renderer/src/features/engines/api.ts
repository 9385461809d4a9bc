/** The engine in use and the engines Berth can find. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';

export const engineKeys = {
  all: ['engine'] as const,
  status: ['engine', 'status'] as const,
  list: ['engine', 'list'] as const,
};

/** Kept current by the `app.updates` stream; the fetch only fills the gap until its first notice. */
export const engineStatusQuery = () =>
  queryOptions({ queryKey: engineKeys.status, queryFn: () => client.call('engine.status') });

export const engineListQuery = () => queryOptions({ queryKey: engineKeys.list, queryFn: () => client.call('engine.list') });

export function useEngineStatus() {
  return useQuery(engineStatusQuery());
}

export function useEngineRunning(): boolean {
  return useEngineStatus().data?.state === 'running';
}

export function useEngineList() {
  return useQuery(engineListQuery());
}

/** The new status arrives through `app.updates`, in order with everything else the backend says. */
export function useSelectEngine() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (endpoint: { id: string; label: string }) => client.call('engine.select', { id: endpoint.id }),
    onError: (error, endpoint) => showToast({ tone: 'error', title: `Could not switch to ${endpoint.label}`, message: messageOf(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: engineKeys.list }),
  });
}
