/** Hooks onto the window's one stats stream (see hub.ts). */
import { useCallback, useSyncExternalStore } from 'react';
import type { StatsSample } from '../../../../engine/contract/container-details-types';
import { statsHub } from './hub';

const NONE: readonly StatsSample[] = [];

/**
 * The samples of the last minutes for a container, oldest first, while `enabled` (on screen, running);
 * nothing is streamed for it otherwise.
 */
export function useStatsHistory(id: string, enabled: boolean): readonly StatsSample[] {
  const subscribe = useCallback((onChange: () => void) => (enabled ? statsHub.subscribe(id, onChange) : () => undefined), [id, enabled]);
  const samples = useSyncExternalStore(subscribe, () => (enabled ? statsHub.samples(id) : NONE));
  return samples;
}

/** The newest sample, if it is recent enough to still be true. */
export function useLatestStats(id: string, enabled: boolean): StatsSample | undefined {
  const samples = useStatsHistory(id, enabled);
  const last = samples[samples.length - 1];
  return last && Date.now() - last.at < 10_000 ? last : undefined;
}
