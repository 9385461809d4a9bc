import type { ContainerState } from '../../../../engine/contract/types';
import { Spinner } from '../../components/Spinner';
import { containerWork } from './actions';
import type { ContainerWork } from './actions';

const looks: Record<ContainerState, { label: string; tone: string }> = {
  running: { label: 'Running', tone: 'success' },
  paused: { label: 'Paused', tone: 'warning' },
  restarting: { label: 'Restarting', tone: 'info' },
  removing: { label: 'Removing', tone: 'neutral' },
  created: { label: 'Created', tone: 'neutral' },
  exited: { label: 'Exited', tone: 'neutral' },
  dead: { label: 'Dead', tone: 'danger' },
};

/** The container's state, or what is being done to it while an action runs. */
export function StateBadge({ state, pending }: { state: ContainerState; pending?: ContainerWork }) {
  if (pending) {
    return (
      <span className="pending-state">
        <Spinner />
        {containerWork[pending].underWay}
      </span>
    );
  }
  const look = looks[state] ?? { label: state, tone: 'neutral' };
  return <span className={`badge badge--${look.tone}`}>{look.label}</span>;
}
