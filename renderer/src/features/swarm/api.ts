/**
 * The swarm of the engine in use: server state in react-query under the `swarm` key, which the engine's
 * service, node, secret and config events (and its swarm tasks' container events) make stale.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf, MethodName, OutputOf } from '../../../../engine/contract/contract';
import type { ServiceSummary } from '../../../../engine/contract/swarm-types';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';
import { useEngineRunning } from '../engines/api';

export const swarmKeys = {
  all: ['swarm'] as const,
  info: ['swarm', 'info'] as const,
  nodes: ['swarm', 'nodes'] as const,
  services: ['swarm', 'services'] as const,
  service: (id: string) => ['swarm', 'service', id] as const,
  stacks: ['swarm', 'stacks'] as const,
  secrets: ['swarm', 'secrets'] as const,
  configs: ['swarm', 'configs'] as const,
};

/**
 * The engine (API 1.41) sends no event when a task on another node changes state: a manager reports
 * services, nodes, secrets and configs, and each node only its own containers. So while a service's tasks
 * are on their way somewhere (starting, shutting down, an update rolling) Berth looks again this often…
 */
const CONVERGING_MS = 1000;
/**
 * …and while a service's page is on screen (and only then: react-query stops in a hidden window), this
 * often, so a task failing on a worker shows within a second or so. Nothing is polled otherwise.
 */
const ON_SCREEN_MS = 1000;
/** A list of services on screen is looked at again this often when nothing is converging. */
const LIST_ON_SCREEN_MS = 3000;

const rolling = (u: ServiceSummary['update']) => u?.state === 'updating' || u?.state === 'rollback_started';

/** Some service has fewer (or more) tasks running than it wants, or an update rolling. */
export function listConverging(list: Pick<ServiceSummary, 'running' | 'desired' | 'update'>[] | undefined): boolean {
  return Boolean(list?.some((s) => s.running !== s.desired || rolling(s.update)));
}

export const swarmInfoQuery = () => queryOptions({ queryKey: swarmKeys.info, queryFn: () => client.call('swarm.info') });

export function useSwarmInfo() {
  return useQuery({ ...swarmInfoQuery(), enabled: useEngineRunning() });
}

/** The engine is a manager of an active swarm: the Nodes, Services, Stacks and Secrets pages apply. */
export function useIsManager(): boolean {
  const info = useSwarmInfo().data;
  return info?.state === 'active' && info.role === 'manager';
}

export function useNodes() {
  return useQuery({ queryKey: swarmKeys.nodes, queryFn: () => client.call('nodes.list'), enabled: useEngineRunning() });
}

export function useServices() {
  return useQuery({
    queryKey: swarmKeys.services,
    queryFn: () => client.call('services.list'),
    enabled: useEngineRunning(),
    refetchInterval: (q) => (listConverging(q.state.data) ? CONVERGING_MS : LIST_ON_SCREEN_MS),
  });
}

export function useService(id: string) {
  return useQuery({
    queryKey: swarmKeys.service(id),
    queryFn: () => client.call('services.inspect', { id }),
    enabled: useEngineRunning(),
    refetchInterval: ON_SCREEN_MS,
  });
}

export function useStacks() {
  return useQuery({
    queryKey: swarmKeys.stacks,
    queryFn: () => client.call('stacks.list'),
    enabled: useEngineRunning(),
    refetchInterval: (q) => (listConverging(q.state.data?.flatMap((s) => s.services)) ? CONVERGING_MS : false),
  });
}

export function useSecrets() {
  return useQuery({ queryKey: swarmKeys.secrets, queryFn: () => client.call('secrets.list'), enabled: useEngineRunning() });
}

export function useConfigs() {
  return useQuery({ queryKey: swarmKeys.configs, queryFn: () => client.call('configs.list'), enabled: useEngineRunning() });
}

/**
 * A swarm change: the swarm's queries are refetched when it settles; `failure` names what failed in a
 * toast (leave it out where the form shows the error itself).
 */
export function useSwarmAction<M extends MethodName>(method: M, failure?: (input: InputOf<M>) => string) {
  const queryClient = useQueryClient();
  return useMutation<OutputOf<M>, Error, InputOf<M>>({
    // The contract's call takes the input as a rest argument; here it is always given.
    mutationFn: (input) => (client.call as (m: M, i: InputOf<M>) => Promise<OutputOf<M>>)(method, input),
    onError: failure ? (error, input) => showToast({ tone: 'error', title: failure(input), message: messageOf(error) }) : undefined,
    onSettled: () => queryClient.invalidateQueries({ queryKey: swarmKeys.all }),
  });
}
