/**
 * The one live feed of the window: the backend's `app.updates` stream, applied to the query cache. Status
 * notices replace cached statuses; "changed" notices make the matching lists stale (app/query-keys.ts
 * says which), and react-query refetches those on screen. Nothing here polls.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { AppUpdate, EngineStatus } from '../../../engine/contract/types';
import type { ContractClient } from '../rpc/client';
import { engineKeys } from '../features/engines/api';
import { managedKeys } from '../features/engines/managed-api';
import { preferencesKeys } from '../features/preferences/api';
import { staleAfterChange } from './query-keys';

/** After the backend ends the stream (it should not), ask again after this long. */
const REOPEN_MS = 1000;

function apply(queryClient: QueryClient, update: AppUpdate): void {
  switch (update.type) {
    case 'status': {
      const before = queryClient.getQueryData<EngineStatus>(engineKeys.status);
      const after = update.status;
      queryClient.setQueryData(engineKeys.status, after);
      const cameUp = after.state === 'running' && before?.state !== 'running';
      const switched = before?.endpoint?.id !== after.endpoint?.id;
      if (before && (cameUp || switched)) {
        // A different engine, or the same one back after a gap: every list may be out of date.
        void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'engine' || q.queryKey[1] !== 'status' });
      } else if (before?.state !== after.state) {
        void queryClient.invalidateQueries({ queryKey: engineKeys.list });
      }
      return;
    }
    case 'managed':
      queryClient.setQueryData(managedKeys.status, update.status);
      void queryClient.invalidateQueries({ queryKey: managedKeys.log });
      return;
    case 'changed':
      // Each root once, though several kinds (containers and images, say) make disk usage stale.
      for (const root of new Set(update.resources.flatMap((r) => staleAfterChange[r]))) void queryClient.invalidateQueries({ queryKey: [root] });
      return;
    case 'preferences':
      // While this window's own change is in flight, its answer brings what was saved (this included).
      if (queryClient.isMutating({ mutationKey: preferencesKeys.all }) === 0) queryClient.setQueryData(preferencesKeys.all, update.preferences);
      return;
  }
}

/** Opens the stream for as long as the window lives; returns a function that closes it. */
export function followAppUpdates(client: ContractClient, queryClient: QueryClient): () => void {
  let session: { close(): void } | undefined;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  let lostBackend = false;

  const open = () => {
    session = client.open('app.updates', {}, {
      onData: (update) => apply(queryClient, update),
      onEnd: () => {
        reopenTimer = setTimeout(open, REOPEN_MS);
      },
    });
  };
  open();

  const offState = client.onState((state) => {
    if (state === 'closed') lostBackend = true;
    if (state === 'open' && lostBackend) {
      // The backend may have restarted; what we cached may be from before. The client reopens the stream.
      lostBackend = false;
      void queryClient.invalidateQueries();
    }
  });

  return () => {
    clearTimeout(reopenTimer);
    offState();
    session?.close();
  };
}
