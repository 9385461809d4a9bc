/** The networks of the engine in use, the containers on them, and changing them. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createNetworkInput } from '../../../../engine/contract/networks';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';
import { useEngineRunning } from '../engines/api';

export const networkKeys = {
  all: ['networks'] as const,
  list: ['networks', 'list'] as const,
  details: (id: string) => ['networks', 'details', id] as const,
  /** Container data (who is on which network, each container's mode), so container events keep it live. */
  attachments: ['containers', 'network-attachments'] as const,
};

export const networksQuery = () => queryOptions({ queryKey: networkKeys.list, queryFn: () => client.call('networks.list') });
export const networkAttachmentsQuery = () => queryOptions({ queryKey: networkKeys.attachments, queryFn: () => client.call('networks.attachments') });
export const networkDetailsQuery = (id: string) => queryOptions({ queryKey: networkKeys.details(id), queryFn: () => client.call('networks.inspect', { id }) });

export function useNetworks() {
  return useQuery({ ...networksQuery(), enabled: useEngineRunning() });
}

export function useNetworkAttachments() {
  return useQuery({ ...networkAttachmentsQuery(), enabled: useEngineRunning() });
}

export function useNetworkDetails(id: string) {
  return useQuery({ ...networkDetailsQuery(id), enabled: useEngineRunning() });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: networkKeys.all }), queryClient.invalidateQueries({ queryKey: ['containers'] })]);
}

export function useCreateNetwork() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: z.input<typeof createNetworkInput>) => client.call('networks.create', input),
    onSettled: invalidate,
  });
}

export function useRemoveNetwork() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (network: { id: string; name: string }) => client.call('networks.remove', { id: network.id }),
    onError: (error, network) => showToast({ tone: 'error', title: `Could not remove ${network.name}`, message: messageOf(error) }),
    onSettled: invalidate,
  });
}

export function useConnect() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { network: string; container: string; aliases: string[]; ipv4?: string }) => client.call('networks.connect', input),
    onSettled: invalidate,
  });
}

export function useDisconnect() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { network: string; networkName: string; container: string; containerName: string }) =>
      client.call('networks.disconnect', { network: input.network, container: input.container }),
    onError: (error, input) => showToast({ tone: 'error', title: `Could not disconnect ${input.containerName} from ${input.networkName}`, message: messageOf(error) }),
    onSettled: invalidate,
  });
}
