/** Adding and removing engines on other machines, and the overview of every engine. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf } from '../../../../engine/contract/contract';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';
import { engineKeys } from './api';

export const engineOverviewQuery = () => queryOptions({ queryKey: [...engineKeys.all, 'overview'] as const, queryFn: () => client.call('engine.overview') });

export function useEngineOverview() {
  return useQuery(engineOverviewQuery());
}

export function useAddRemoteEngine() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'engine.remote.add'>) => client.call('engine.remote.add', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: engineKeys.all }),
  });
}

export function useRemoveRemoteEngine() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => client.call('engine.remote.remove', { name }),
    onError: (error, name) => showToast({ tone: 'error', title: `Could not remove ${name}`, message: messageOf(error) }),
    onSuccess: (_r, name) => showToast({ tone: 'info', title: `Removed ${name}`, message: `The docker context “${name}” is gone; the engine itself was not touched.` }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: engineKeys.all }),
  });
}
