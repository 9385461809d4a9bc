/**
 * The engine this window stays on. The address names it (`#/containers?engine=context%3Abuild-box`), so a
 * tab or window can be kept on one engine while another shows a different one, and a link reopens the same
 * view. The backend is told (engine.pin) whenever the address changes and whenever the connection to it is
 * made again; the old engine's data is dropped so nothing of it is shown for the new one.
 */
import { useSyncExternalStore } from 'react';
import { messageOf, showToast } from '../components/toasts/store';
import { client } from './contract-client';
import { queryClient } from './query-client';
import { notAboutOneEngine, rootOf } from './query-keys';
import { parseLocation } from './router';

interface State {
  /** What the backend was told last (undefined: the default); null before the first answer. */
  applied: string | undefined | null;
  /** Whether the window may show engine data: the backend knows which engine it is on. */
  ready: boolean;
}

let state: State = { applied: undefined, ready: !parseLocation(window.location.hash).engine };
const listeners = new Set<() => void>();
let applying = Promise.resolve();

function set(next: State): void {
  state = next;
  listeners.forEach((l) => l());
}

async function apply(force: boolean): Promise<void> {
  const wanted = parseLocation(window.location.hash).engine;
  if (!force && wanted === state.applied) return;
  const changed = wanted !== state.applied;
  if (changed) set({ ...state, ready: false });
  try {
    await client.call('engine.pin', { id: wanted ?? null });
  } catch (e) {
    showToast({ tone: 'error', title: 'Could not switch this window’s engine', message: messageOf(e) });
  }
  if (changed) queryClient.removeQueries({ predicate: (q) => !notAboutOneEngine.has(rootOf(q.queryKey)) });
  set({ applied: wanted, ready: true });
}

/** Starts following the address (call once, before the first render). */
export function followWindowEngine(): void {
  const run = (force: boolean) => (applying = applying.then(() => apply(force)));
  window.addEventListener('hashchange', () => void run(false));
  // A new connection is a new session on the backend: it starts on the default engine until told again.
  client.onState((s) => {
    if (s === 'open' && parseLocation(window.location.hash).engine) void run(true);
  });
  if (parseLocation(window.location.hash).engine) void run(true);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The engine the window is on (undefined: the default), and whether the backend has taken it. */
export function useWindowEngine(): { engine: string | undefined; ready: boolean } {
  const s = useSyncExternalStore(subscribe, () => state);
  return { engine: s.applied ?? undefined, ready: s.ready };
}
