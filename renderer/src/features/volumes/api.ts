/** The volumes of the engine in use: listing, sizes, who uses them, their files, creating and removing. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { VolumeRemoval } from '../../../../engine/contract/volumes-types';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';
import { useEngineRunning } from '../engines/api';

export const volumeKeys = {
  all: ['volumes'] as const,
  list: ['volumes', 'list'] as const,
  details: (name: string) => ['volumes', 'details', name] as const,
  /** Container data (who mounts what), so container events keep it live. */
  users: ['containers', 'volume-users'] as const,
  /**
   * Sizes and files are read on request, not on every engine event: reading files runs a helper
   * container, whose own events would otherwise ask for the files again, and again.
   */
  sizes: ['volume-sizes'] as const,
  files: (name: string) => ['volume-files', name] as const,
  folder: (name: string, path: string) => ['volume-files', name, path] as const,
};

export const volumesQuery = () => queryOptions({ queryKey: volumeKeys.list, queryFn: () => client.call('volumes.list') });
export const volumeUsersQuery = () => queryOptions({ queryKey: volumeKeys.users, queryFn: () => client.call('volumes.users') });
export const volumeSizesQuery = () => queryOptions({ queryKey: volumeKeys.sizes, queryFn: () => client.call('volumes.sizes') });
export const volumeDetailsQuery = (name: string) => queryOptions({ queryKey: volumeKeys.details(name), queryFn: () => client.call('volumes.inspect', { name }) });
export const volumeFolderQuery = (name: string, path: string) =>
  queryOptions({ queryKey: volumeKeys.folder(name, path), queryFn: () => client.call('volumes.browse', { name, path }), staleTime: Infinity });

export function useVolumes() {
  return useQuery({ ...volumesQuery(), enabled: useEngineRunning() });
}

export function useVolumeUsers() {
  return useQuery({ ...volumeUsersQuery(), enabled: useEngineRunning() });
}

/** Measured when the page opens and when asked: the engine walks every volume to answer. */
export function useVolumeSizes() {
  return useQuery({ ...volumeSizesQuery(), enabled: useEngineRunning() });
}

export function useVolumeDetails(name: string) {
  return useQuery({ ...volumeDetailsQuery(name), enabled: useEngineRunning() });
}

export function useVolumeFolder(name: string, path: string, enabled = true) {
  return useQuery({ ...volumeFolderQuery(name, path), enabled: useEngineRunning() && enabled });
}

export function useCreateVolume() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; driver?: string; driverOptions?: Record<string, string>; labels?: Record<string, string> }) => client.call('volumes.create', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: volumeKeys.all }),
  });
}

function reportRemoval(result: VolumeRemoval): void {
  const [first, ...more] = result.failed;
  if (!first) return;
  if (!more.length) showToast({ tone: 'error', title: `Could not remove ${first.name}`, message: first.message });
  else showToast({ tone: 'error', title: `Could not remove ${result.failed.length} volumes`, message: result.failed.map((f) => f.message).join('\n') });
}

export function useRemoveVolumes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['volumes', 'remove'],
    mutationFn: (names: string[]) => client.call('volumes.remove', { names }),
    onSuccess: reportRemoval,
    onError: (error, names) => showToast({ tone: 'error', title: `Could not remove ${names.length === 1 ? names[0] : `${names.length} volumes`}`, message: messageOf(error) }),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: volumeKeys.all }), queryClient.invalidateQueries({ queryKey: volumeKeys.sizes })]),
  });
}
