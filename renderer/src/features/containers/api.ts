/** The containers of the engine in use, and acting on them. */
import { queryOptions, useMutation, useMutationState, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { BulkResult, ContainerAction, ContainerSummary } from '../../../../engine/contract/types';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';
import { useEngineRunning } from '../engines/api';
import { containerWork } from './actions';
import type { ContainerWork } from './actions';

export const containerKeys = {
  all: ['containers'] as const,
  list: ['containers', 'list'] as const,
};

export const containersQuery = () => queryOptions({ queryKey: containerKeys.list, queryFn: () => client.call('containers.list') });

/** Every container, running or not; asked for only while the engine runs (otherwise the engine status says why). */
export function useContainers() {
  const running = useEngineRunning();
  return useQuery({ ...containersQuery(), enabled: running });
}

export type { ContainerWork } from './actions';
export type ContainerRef = Pick<ContainerSummary, 'id' | 'name'>;
interface WorkVariables {
  work: ContainerWork;
  containers: ContainerRef[];
}
export interface RemoveVariables extends WorkVariables {
  work: 'remove';
  volumes: boolean;
  force: boolean;
}

/** One notice per action, naming each container that failed with the engine's own sentence. */
function reportFailures({ work, containers }: WorkVariables, result: BulkResult): void {
  const nameOf = (id: string) => containers.find((c) => c.id === id)?.name ?? id.slice(0, 12);
  const [first, ...more] = result.failed;
  if (!first) return;
  if (!more.length) {
    showToast({ tone: 'error', title: `Could not ${containerWork[work].verb} ${nameOf(first.id)}`, message: first.message });
    return;
  }
  showToast({
    tone: 'error',
    title: `Could not ${containerWork[work].verb} ${result.failed.length} of ${containers.length} containers`,
    message: result.failed.map((f) => `${nameOf(f.id)}: ${f.message}`).join('\n'),
  });
}

function reportError({ work, containers }: WorkVariables, error: unknown): void {
  const what = containers.length === 1 ? containers[0]!.name : `${containers.length} containers`;
  showToast({ tone: 'error', title: `Could not ${containerWork[work].verb} ${what}`, message: messageOf(error) });
}

function useContainerMutation<V extends WorkVariables>(run: (variables: V) => Promise<BulkResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: containerKeys.all,
    mutationFn: run,
    onSuccess: (result, variables) => reportFailures(variables, result),
    onError: (error, variables) => reportError(variables, error),
    // Stay pending until the list shows the outcome, so a row never flashes its old state.
    onSettled: () => queryClient.invalidateQueries({ queryKey: containerKeys.all }),
  });
}

export function useContainerAction() {
  return useContainerMutation(({ work, containers }: WorkVariables & { work: ContainerAction }) =>
    client.call('containers.act', { ids: containers.map((c) => c.id), action: work }),
  );
}

export function useRemoveContainers() {
  return useContainerMutation(({ containers, volumes, force }: RemoveVariables) =>
    client.call('containers.remove', { ids: containers.map((c) => c.id), volumes, force }),
  );
}

/** Containers with an action under way, and which one: rows show it and hold their buttons meanwhile. */
export function usePendingWork(): ReadonlyMap<string, ContainerWork> {
  const pending = useMutationState({
    filters: { mutationKey: containerKeys.all, status: 'pending' },
    select: (m) => m.state.variables as WorkVariables | undefined,
  });
  return useMemo(() => {
    const byId = new Map<string, ContainerWork>();
    for (const v of pending) for (const c of v?.containers ?? []) byId.set(c.id, v!.work);
    return byId;
  }, [pending]);
}

/** Whether `ref` (an id, a short id or a name) names this container. */
export function isContainer(c: ContainerSummary, ref: string): boolean {
  return c.id === ref || c.name === ref || (ref.length >= 12 && c.id.startsWith(ref));
}

/** The container with this id or name, kept live by the engine's events; undefined while unknown. */
export function useContainer(ref: string): { container: ContainerSummary | undefined; loaded: boolean } {
  const running = useEngineRunning();
  const query = useQuery({ ...containersQuery(), enabled: running });
  return { container: query.data?.find((c) => isContainer(c, ref)), loaded: query.isSuccess };
}

/** The containers of a Compose project, in a stable order (by service, then name). */
export function useProjectContainers(project: string): ContainerSummary[] | undefined {
  const running = useEngineRunning();
  const query = useQuery({
    ...containersQuery(),
    enabled: running,
    select: (list) =>
      list
        .filter((c) => c.composeProject === project)
        .sort((a, b) => (a.composeService ?? '').localeCompare(b.composeService ?? '') || a.name.localeCompare(b.name)),
  });
  return query.data;
}
