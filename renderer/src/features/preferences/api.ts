/**
 * The user's preferences: read them anywhere with usePreference('logLineLimit'), change them with
 * useSetPreferences(). Changes from any window (or the tray) arrive through `app.updates`, so every
 * window shows the same preferences at once.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { PREFERENCE_DEFAULTS } from '../../../../engine/contract/preferences-types';
import type { Preferences, PreferencesChange } from '../../../../engine/contract/preferences-types';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';

export const preferencesKeys = {
  all: ['preferences'] as const,
};

/** Kept current by the `app.updates` stream. */
export const preferencesQuery = () => queryOptions({ queryKey: preferencesKeys.all, queryFn: () => client.call('preferences.get') });

export function usePreferences() {
  return useQuery(preferencesQuery());
}

/** One preference; its default until the preferences have loaded. */
export function usePreference<K extends keyof Preferences>(key: K): Preferences[K] {
  const { data } = useQuery({ ...preferencesQuery(), select: (p: Preferences) => p[key] });
  return data ?? PREFERENCE_DEFAULTS[key];
}

function merge(current: Preferences, change: PreferencesChange): Preferences {
  return { ...current, ...change, managedEngine: { ...current.managedEngine, ...change.managedEngine } };
}

/** Whether more than one preferences change from this window is in flight (the one finishing counts). */
export function newerChangePending(queryClient: QueryClient): boolean {
  return queryClient.isMutating({ mutationKey: preferencesKeys.all }) > 1;
}

/** Applies a change on screen at once; if the backend refuses it, says why and shows what is saved. */
export function useSetPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: preferencesKeys.all,
    mutationFn: (change: PreferencesChange) => client.call('preferences.set', change),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: preferencesKeys.all });
      const before = queryClient.getQueryData<Preferences>(preferencesKeys.all);
      if (before) queryClient.setQueryData(preferencesKeys.all, merge(before, change));
    },
    // What the backend saved, unless a newer change from this window is on its way: stepping through a
    // choice quickly (arrow keys on the theme) must not flash back to a value the user already left.
    onSuccess: (saved) => {
      if (!newerChangePending(queryClient)) queryClient.setQueryData(preferencesKeys.all, saved);
    },
    onError: (error) => {
      showToast({ tone: 'error', title: 'Could not change the preference', message: messageOf(error) });
      void queryClient.invalidateQueries({ queryKey: preferencesKeys.all });
    },
  });
}
