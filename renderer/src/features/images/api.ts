/** The engine's images, an image's layers, and changing them. Lists refresh through `app.updates`. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ImageSummary, ImageUser, PrunePlan } from '../../../../engine/contract/images-types';
import type { ContainerSummary } from '../../../../engine/contract/types';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';
import { useContainers } from '../containers/api';
import { useEngineRunning } from '../engines/api';
import { plural } from '../../components/format';

/** Under ['images'], so the engine's image events refresh every one of them. */
export const imageKeys = {
  all: ['images'] as const,
  list: ['images', 'list'] as const,
  layers: (id: string) => ['images', 'layers', id] as const,
  prunePlan: (scope: PrunePlan['scope']) => ['images', 'prune-plan', scope] as const,
};

export const imagesQuery = () => queryOptions({ queryKey: imageKeys.list, queryFn: () => client.call('images.list') });

export const imageLayersQuery = (id: string) => queryOptions({ queryKey: imageKeys.layers(id), queryFn: () => client.call('images.layers', { id }) });

export const prunePlanQuery = (scope: PrunePlan['scope']) =>
  queryOptions({ queryKey: imageKeys.prunePlan(scope), queryFn: () => client.call('images.prunePlan', { scope }), staleTime: 0 });

/**
 * The images, with the containers that use each taken from the live container list: a container created,
 * started or removed changes who uses an image without any image event, and the container list follows
 * those events already.
 */
export function useImages() {
  const running = useEngineRunning();
  const images = useQuery({ ...imagesQuery(), enabled: running });
  const containers = useContainers().data;
  const data = useMemo(() => (images.data && containers ? withUsers(images.data, containers) : images.data), [images.data, containers]);
  return { ...images, data };
}

function withUsers(images: ImageSummary[], containers: ContainerSummary[]): ImageSummary[] {
  const users = new Map<string, ImageUser[]>();
  for (const c of containers) users.set(c.imageId, [...(users.get(c.imageId) ?? []), { id: c.id, name: c.name, state: c.state }]);
  return images.map((image) => ({ ...image, containers: users.get(image.id) ?? [] }));
}

export function useImageLayers(id: string) {
  const running = useEngineRunning();
  return useQuery({ ...imageLayersQuery(id), enabled: running });
}

export function usePrunePlan(scope: PrunePlan['scope']) {
  return useQuery(prunePlanQuery(scope));
}

export function useTagImage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { image: string; tag: string }) => client.call('images.tag', v),
    onSuccess: ({ tag }) => showToast({ tone: 'info', title: `Tagged as ${tag}` }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: imageKeys.all }),
  });
}

export interface RemoveImagesVariables {
  refs: string[];
  force: boolean;
  /** How the refs read in messages, by ref. */
  names: Record<string, string>;
}

export function useRemoveImages() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['images', 'remove'],
    mutationFn: ({ refs, force }: RemoveImagesVariables) => client.call('images.remove', { refs, force }),
    onSuccess: (result, { refs, names }) => {
      const [first, ...more] = result.failed;
      if (!first) return;
      const name = (ref: string) => names[ref] ?? ref;
      if (!more.length) showToast({ tone: 'error', title: `Could not remove ${name(first.id)}`, message: first.message });
      else
        showToast({
          tone: 'error',
          title: `Could not remove ${result.failed.length} of ${plural(refs.length, 'image')}`,
          message: result.failed.map((f) => `${name(f.id)}: ${f.message}`).join('\n'),
        });
    },
    onError: (error, { refs, names }) =>
      showToast({ tone: 'error', title: `Could not remove ${refs.length === 1 ? (names[refs[0]!] ?? refs[0]) : plural(refs.length, 'image')}`, message: messageOf(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: imageKeys.all }),
  });
}
