/**
 * Whether the window has lost its connection to Berth's backend (not to the engine: that is the engine
 * status). The port keeps retrying, flipping between "connecting" and "closed"; the user sees one state,
 * lost, from the first failure until the connection is open again.
 */
import { useSyncExternalStore } from 'react';
import { client } from './contract-client';

let lost = false;
const listeners = new Set<() => void>();

client.onState((state) => {
  const next = state === 'closed' ? true : state === 'open' ? false : lost;
  if (next === lost) return;
  lost = next;
  listeners.forEach((l) => l());
});

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useBackendLost(): boolean {
  return useSyncExternalStore(subscribe, () => lost);
}
