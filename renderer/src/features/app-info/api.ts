/** Facts about this Berth (version, mode, where its data lives) and warnings from loading its settings. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { client } from '../../app/contract-client';

export const appInfoQuery = () => queryOptions({ queryKey: ['app', 'info'] as const, queryFn: () => client.call('app.info') });

export function useAppInfo() {
  return useQuery(appInfoQuery());
}
