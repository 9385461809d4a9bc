/** What the Run dialog asks the backend: what to offer, what the engine thinks of the form, running it, and files a pasted line names. */
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContainerCreateSpec, RunChoiceKind } from '../../../../engine/contract/run-types';
import { client } from '../../app/contract-client';
import { useEngineRunning } from '../engines/api';

export const runKeys = {
  /** Each list is refreshed with the engine resource it comes from. */
  choices: (of: RunChoiceKind) => [of, 'run-choices'] as const,
  /** Any change to containers (a name freed, a port published) can change what the check says. */
  check: (spec: ContainerCreateSpec, replacing: string | undefined) => ['containers', 'run-check', spec, replacing ?? null] as const,
};

export const runChoicesQuery = (of: RunChoiceKind) => queryOptions({ queryKey: runKeys.choices(of), queryFn: () => client.call('run.choices', { of }) });

export function useRunChoices(of: RunChoiceKind) {
  const running = useEngineRunning();
  return useQuery({ ...runChoicesQuery(of), enabled: running });
}

export const runCheckQuery = (spec: ContainerCreateSpec, replacing: string | undefined) =>
  queryOptions({
    queryKey: runKeys.check(spec, replacing),
    queryFn: () => client.call('run.check', { spec, replacing }),
    // Checks go stale fast (a port taken meanwhile); asked again when the dialog submits.
    staleTime: 0,
    gcTime: 30_000,
  });

/** The engine's view of the form; `spec` is undefined while the form itself has errors to fix first. */
export function useRunCheck(spec: ContainerCreateSpec | undefined, replacing: string | undefined) {
  const running = useEngineRunning();
  return useQuery({
    ...runCheckQuery(spec ?? { Image: '', HostConfig: {} }, replacing),
    enabled: running && spec !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useRunContainer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ spec, replacing, start }: { spec: ContainerCreateSpec; replacing?: string; start?: boolean }) =>
      replacing ? client.call('run.recreate', { id: replacing, spec }) : client.call('run.create', { spec, start }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['containers'] }),
  });
}

/** A file a pasted command names, read on the machine Berth runs on. */
export const readRunFile = (path: string) => client.call('run.readFile', { path });
