/**
 * Berth's Linux VM: its status and console (kept current by the `vm.updates` stream while the page is
 * open), and the commands that change it.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { VmSettings, VmStatus } from '../../../../engine/contract/vm-types';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';

export const vmKeys = {
  all: ['vm'] as const,
  status: ['vm', 'status'] as const,
  console: ['vm', 'console'] as const,
  doctor: ['vm', 'doctor'] as const,
};

/** The console box keeps this many lines; older ones scroll away. */
const CONSOLE_LINES = 2000;
/** After the backend ends the stream, ask again after this long. */
const REOPEN_MS = 1000;

export const vmStatusQuery = () => queryOptions({ queryKey: vmKeys.status, queryFn: () => client.call('vm.status') });
export const vmConsoleQuery = () => queryOptions({ queryKey: vmKeys.console, queryFn: () => client.call('vm.console') });

export function useVmStatus() {
  return useQuery(vmStatusQuery());
}

export function useVmConsole() {
  return useQuery(vmConsoleQuery());
}

/** While mounted, the backend pushes the VM's status and new console lines into the cache: no polling. */
export function useVmUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let session: { close(): void } | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      session = client.open('vm.updates', {}, {
        onData: (update) => {
          if (update.type === 'status') queryClient.setQueryData(vmKeys.status, update.status);
          else {
            queryClient.setQueryData<string[]>(vmKeys.console, (lines) => [...(lines ?? []), ...update.lines].slice(-CONSOLE_LINES));
          }
        },
        // The backend ended the stream (it restarted, or failed): catch up and follow again.
        onEnd: () => {
          reopen = setTimeout(() => {
            void queryClient.invalidateQueries({ queryKey: vmKeys.all });
            open();
          }, REOPEN_MS);
        },
      });
    };
    open();
    return () => {
      clearTimeout(reopen);
      session?.close();
    };
  }, [queryClient]);
}

export type VmCommand = 'start' | 'stop' | 'restart';

const failedTo: Record<VmCommand, string> = {
  start: 'Could not start the VM',
  stop: 'Could not stop the VM',
  restart: 'Could not restart the VM',
};

export function useVmCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['vm', 'command'],
    mutationFn: (command: VmCommand | { command: 'stop' | 'restart'; othersConfirmed: boolean }) =>
      typeof command === 'string' ? client.call(`vm.${command}`) : client.call(`vm.${command.command}`, { othersConfirmed: command.othersConfirmed }),
    onSuccess: (status) => queryClient.setQueryData(vmKeys.status, status),
    onError: (error, command) => showToast({ tone: 'error', title: failedTo[typeof command === 'string' ? command : command.command], message: messageOf(error) }),
  });
}

/** Errors are shown by the form itself, next to the values. */
export function useUpdateVmSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: VmSettings) => client.call('vm.updateSettings', settings),
    onSuccess: (status: VmStatus) => {
      queryClient.setQueryData(vmKeys.status, status);
      showToast({ tone: 'info', title: 'VM settings saved', message: status.state === 'running' ? 'They take effect when the VM restarts.' : undefined });
    },
  });
}

export function useFactoryReset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => client.call('vm.factoryReset', { name }),
    onSuccess: (status) => {
      queryClient.setQueryData(vmKeys.status, status);
      queryClient.setQueryData(vmKeys.console, []);
      showToast({ tone: 'info', title: 'The VM was reset', message: 'Its disk was deleted; the next start makes a new one.' });
    },
    onError: (error) => showToast({ tone: 'error', title: 'Could not reset the VM', message: messageOf(error) }),
  });
}

export function useVmDoctor() {
  return useMutation({
    mutationKey: vmKeys.doctor,
    mutationFn: () => client.call('vm.doctor'),
    onError: (error) => showToast({ tone: 'error', title: 'Could not check the VM', message: messageOf(error) }),
  });
}
