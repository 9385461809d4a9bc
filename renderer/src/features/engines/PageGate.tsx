/**
 * What a page that lists things from the engine shows before its list is there: connecting to Berth, no
 * engine (with what to do), loading, or the sentence of a failure with "Try again". Every such page goes
 * through the same states, so they read the same everywhere.
 */
import type { ReactNode } from 'react';
import type { EngineStatus } from '../../../../engine/contract/types';
import { EngineRequired } from './EngineRequired';
import { ReadFailed, Waiting } from '../../components/Placeholder';

interface LoadingQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch(): unknown;
}

/** The state to show instead of the page's content, or undefined once the data is ready. */
export function pageGate(status: EngineStatus | undefined, query: LoadingQuery, words: { loading: string; failed: string }): ReactNode | undefined {
  if (!status) return <Waiting text="Connecting to Berth…" />;
  if (status.state !== 'running') return <EngineRequired status={status} />;
  if (query.isPending) return <Waiting text={words.loading} />;
  if (query.isError) {
    return <ReadFailed title={words.failed} error={query.error} onRetry={query.refetch} />;
  }
  return undefined;
}
