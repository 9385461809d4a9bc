/** Registry logins: Berth's own and the docker CLI's, signing in and out. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';

export const registryKeys = {
  logins: ['registries', 'logins'] as const,
};

export const registryLoginsQuery = () => queryOptions({ queryKey: registryKeys.logins, queryFn: () => client.call('registries.list') });

export function useRegistryLogins() {
  return useQuery(registryLoginsQuery());
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { registry: string; username: string; password: string }) => client.call('registries.signIn', v),
    onSuccess: (login) => showToast({ tone: 'info', title: `Signed in to ${login.registry}` }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: registryKeys.logins }),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (registry: string) => client.call('registries.signOut', { registry }),
    onSuccess: (logins) => queryClient.setQueryData(registryKeys.logins, logins),
    onError: (error, registry) => showToast({ tone: 'error', title: `Could not sign out of ${registry}`, message: messageOf(error) }),
  });
}
