/** Berth's own engine (dockerd run by Berth on Linux): its status, its log, and starting and stopping it. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ManagedEngineStatus } from '../../../../engine/contract/types';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';

export const managedKeys = {
  all: ['managed'] as const,
  status: ['managed', 'status'] as const,
  log: ['managed', 'log'] as const,
};

/** Kept current by the `app.updates` stream. */
export const managedStatusQuery = () =>
  queryOptions({ queryKey: managedKeys.status, queryFn: () => client.call('managed.status') });

/** Refetched whenever the managed engine's status changes (see app/updates.ts). */
export const managedLogQuery = () => queryOptions({ queryKey: managedKeys.log, queryFn: () => client.call('managed.log') });

export function useManagedStatus() {
  return useQuery(managedStatusQuery());
}

export function useManagedLog() {
  return useQuery(managedLogQuery());
}

/** Whether one click can start the managed engine here. */
export function canStartManaged(status: ManagedEngineStatus | undefined): boolean {
  return Boolean(status?.supported && status.installed && (status.state === 'stopped' || status.state === 'failed'));
}

export type ManagedCommand = 'start' | 'stop' | 'restart';
/** A stop or restart the user agreed to although other Berth windows use the engine. */
type ConfirmedCommand = { command: 'stop' | 'restart'; othersConfirmed: boolean };

const failedTo: Record<ManagedCommand, string> = {
  start: 'Could not start the managed engine',
  stop: 'Could not stop the managed engine',
  restart: 'Could not restart the managed engine',
};

/** Progress and the outcome arrive through `app.updates`; a failure also says why in a notice. */
export function useManagedCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['managed', 'command'],
    mutationFn: (command: ManagedCommand | ConfirmedCommand) =>
      typeof command === 'string' ? client.call(`managed.${command}`) : client.call(`managed.${command.command}`, { othersConfirmed: command.othersConfirmed }),
    onError: (error, command) => showToast({ tone: 'error', title: failedTo[typeof command === 'string' ? command : command.command], message: messageOf(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: managedKeys.log }),
  });
}
