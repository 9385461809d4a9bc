/** Compose projects: which Compose runs, the projects known, a project's definition, and acting on it. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf } from '../../../../engine/contract/contract';
import type { ComposeProject, ComposeTool } from '../../../../engine/contract/compose-types';
import { client } from '../../app/contract-client';
import { useEngineRunning } from '../engines/api';

// Lists that depend on containers live under ['containers', …] so engine events refresh them; the
// project's definition comes from its files and is asked for again only on demand.
export const composeKeys = {
  tool: ['compose', 'tool'] as const,
  projects: ['containers', 'compose', 'projects'] as const,
  project: (name: string) => ['compose', 'project', name] as const,
  downPlan: (name: string, volumes: boolean, images: string) => ['containers', 'compose', 'down-plan', name, volumes, images] as const,
};

export function useComposeTool() {
  return useQuery(queryOptions({ queryKey: composeKeys.tool, queryFn: () => client.call('compose.tool'), staleTime: 60_000 }));
}

export function useChooseCompose() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (command: string | null) => client.call('compose.choose', { command }),
    onSuccess: (tool: ComposeTool) => queryClient.setQueryData(composeKeys.tool, tool),
  });
}

export function useComposeProjects() {
  const running = useEngineRunning();
  return useQuery({ queryKey: composeKeys.projects, queryFn: () => client.call('compose.projects'), enabled: running });
}

export function useComposeProject(name: string) {
  const running = useEngineRunning();
  return useQuery({ queryKey: composeKeys.project(name), queryFn: () => client.call('compose.project', { name }), enabled: running });
}

export function useOpenProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'compose.open'>) => client.call('compose.open', input),
    onSuccess: ({ name }) => {
      void queryClient.invalidateQueries({ queryKey: composeKeys.projects });
      void queryClient.invalidateQueries({ queryKey: composeKeys.project(name) });
    },
  });
}

export function useForgetProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => client.call('compose.forget', { name }),
    onSuccess: (projects) => queryClient.setQueryData(composeKeys.projects, projects),
  });
}

export function useSetProfiles(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (profiles: string[]) => client.call('compose.setProfiles', { name, profiles }),
    onSuccess: (project: ComposeProject) => queryClient.setQueryData(composeKeys.project(name), project),
  });
}

export function useDownPlan(name: string, volumes: boolean, images: 'none' | 'local' | 'all') {
  return useQuery({ queryKey: composeKeys.downPlan(name, volumes, images), queryFn: () => client.call('compose.downPlan', { name, volumes, images }) });
}
