/**
 * What a Swarm page that needs a manager shows instead of its content: the engine's state, not in a
 * swarm (with the way to the Swarm page), or a worker (and what it cannot show).
 */
import type { ReactNode } from 'react';
import { href } from '../../app/router';
import { useEngineStatus } from '../engines/api';
import { pageGate } from '../engines/PageGate';
import { useSwarmInfo } from './api';
import { Placeholder } from '../../components/Placeholder';

export function useManagerGate(query: { isPending: boolean; isError: boolean; error: unknown; refetch(): unknown }, words: { loading: string; failed: string }): ReactNode | undefined {
  const engine = useEngineStatus();
  const info = useSwarmInfo();
  const gate = pageGate(engine.data, info, { loading: 'Asking the engine about its swarm…', failed: 'Could not ask the engine about its swarm' });
  if (gate) return gate;
  const i = info.data;
  if (!i || i.state === 'inactive') {
    return (
      <Placeholder
        title="This engine is not in a swarm"
        actions={
          <a className="button button--primary" href={href('swarm')}>
            Go to Swarm
          </a>
        }
      >
        Create a swarm or join one on the Swarm page; then its nodes, services, stacks, secrets and configs are here.
      </Placeholder>
    );
  }
  if (i.role !== 'manager') {
    return (
      <Placeholder title="This engine is a worker">
        Only a manager can show the swarm’s nodes, services, stacks, secrets and configs. Connect Berth to a manager, or promote this node from one. Its own containers, the swarm’s tasks among them, are on the Containers page.
      </Placeholder>
    );
  }
  return pageGate(engine.data, query, words);
}
