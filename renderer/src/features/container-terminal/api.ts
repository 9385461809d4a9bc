/** What a terminal can do in a container; cached under `containers` so engine events refresh it. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { client } from '../../app/contract-client';

export const terminalOptionsQuery = (containerId: string, running: boolean) =>
  queryOptions({
    // The answer depends on whether the container runs (no shell lookup otherwise).
    queryKey: ['containers', 'terminal-options', containerId, running],
    queryFn: () => client.call('terminal.options', { containerId }),
  });

export function useTerminalOptions(containerId: string, running: boolean) {
  return useQuery({ ...terminalOptionsQuery(containerId, running) });
}
